import pytest
from django.core.management import CommandError, call_command

from articles.models import ArticlePage
from articles.workflows import ensure_medical_review_workflow

pytestmark = pytest.mark.django_db

GOOD = """# Living with sciatica

Most people feel better within **six weeks**, and *gentle* movement helps.

## Staying active

- Walk a little every day
- Avoid long bed rest

See [the NHS page](https://www.nhs.uk/conditions/sciatica/).

### Heat or cold

Either can ease pain for a while.
"""


def run(*paths):
    """Call the command; return (stdout, stderr, error)."""
    from io import StringIO

    out, err = StringIO(), StringIO()
    error = None
    try:
        call_command("import_article", *[str(p) for p in paths], stdout=out, stderr=err)
    except CommandError as exc:
        error = exc
    return out.getvalue(), err.getvalue(), error


@pytest.fixture
def good_file(tmp_path):
    path = tmp_path / "living.md"
    path.write_text(GOOD, encoding="utf-8")
    return path


def test_good_file_becomes_a_draft_with_headings_and_rich_text(site_tree, good_file):
    out, err, error = run(good_file)
    assert error is None, err
    assert "Created draft 'Living with sciatica'" in out
    page = ArticlePage.objects.get(title="Living with sciatica")
    assert page.live is False
    assert page.get_parent().specific == site_tree.articles
    draft = page.get_latest_revision_as_object()
    blocks = [(b.block_type, b.value) for b in draft.body]
    assert [t for t, _ in blocks] == ["paragraph", "heading", "paragraph", "heading", "paragraph"]
    assert blocks[1][1]["text"] == "Staying active" and blocks[1][1]["level"] == "h2"
    assert blocks[3][1]["text"] == "Heat or cold" and blocks[3][1]["level"] == "h3"
    first = blocks[0][1].source
    assert "<b>six weeks</b>" in first and "<i>gentle</i>" in first
    assert "<li>Walk a little every day</li>" in blocks[2][1].source
    assert '<a href="https://www.nhs.uk/conditions/sciatica/">' in blocks[2][1].source
    assert [e["anchor"] for e in draft.table_of_contents] == ["staying-active", "heat-or-cold"]


def test_reimport_updates_the_draft_instead_of_duplicating(site_tree, good_file):
    run(good_file)
    good_file.write_text(GOOD.replace("six weeks", "a few weeks"), encoding="utf-8")
    out, _err, error = run(good_file)
    assert error is None
    assert "Updated draft 'Living with sciatica'" in out
    assert ArticlePage.objects.filter(title="Living with sciatica").count() == 1
    page = ArticlePage.objects.get(title="Living with sciatica")
    assert "a few weeks" in page.get_latest_revision_as_object().body[0].value.source
    assert page.revisions.count() == 2


def test_reimport_of_a_live_article_leaves_the_live_version_alone(site_tree, make_article, tmp_path):
    live = make_article(title="Living with sciatica")
    path = tmp_path / "living.md"
    path.write_text(GOOD, encoding="utf-8")
    _out, _err, error = run(path)
    assert error is None
    live.refresh_from_db()
    assert live.live and live.has_unpublished_changes
    assert ArticlePage.objects.filter(title="Living with sciatica").count() == 1


def test_import_never_publishes_even_with_a_workflow(site_tree, groups, good_file):
    ensure_medical_review_workflow(site_tree.articles, groups["Medical reviewers"])
    run(good_file)
    page = ArticlePage.objects.get(title="Living with sciatica")
    assert not page.live and page.live_revision is None


@pytest.mark.parametrize(
    "content, reason",
    [
        (b"", "is empty"),
        (b"   \n\n \t\n", "is empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "looks like a binary file"),
        ("Caf\u00e9 au lait\n\nText".encode("latin-1"), "is not UTF-8 text (byte 0xe9 at offset 3)"),
        (b"Only a title\n\n\n", "has a title but no text after it"),
    ],
)
def test_bad_files_are_refused_with_one_line_naming_the_file(site_tree, tmp_path, content, reason):
    path = tmp_path / "bad.md"
    path.write_bytes(content)
    _out, err, error = run(path)
    assert error is not None
    lines = err.strip().splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}: ") and reason in lines[0]
    assert ArticlePage.objects.count() == 0


def test_one_bad_file_does_not_stop_the_good_ones(site_tree, tmp_path, good_file):
    bad = tmp_path / "bad.md"
    bad.write_bytes(b"")
    out, err, error = run(bad, good_file, tmp_path / "missing.md")
    assert "Created draft 'Living with sciatica'" in out
    assert f"{bad}: is empty" in err
    assert f"{tmp_path / 'missing.md'}: no such file" in err
    assert "2 of 3 file(s) were not imported" in str(error)


def test_a_failure_mid_import_writes_nothing(site_tree, tmp_path, monkeypatch):
    path = tmp_path / "a.md"
    path.write_text(GOOD, encoding="utf-8")

    def boom(*args, **kwargs):
        raise RuntimeError("disk full")

    monkeypatch.setattr(ArticlePage, "save_revision", boom)
    with pytest.raises(RuntimeError):
        run(path)
    assert ArticlePage.objects.count() == 0


def test_html_and_scripts_in_markdown_are_not_imported(site_tree, tmp_path):
    path = tmp_path / "x.md"
    path.write_text("Title\n\nHello <script>alert(1)</script> <img src=x onerror=alert(2)> world\n", encoding="utf-8")
    _out, err, error = run(path)
    assert error is None, err
    source = ArticlePage.objects.get().get_latest_revision_as_object().body[0].value.source
    assert "<script" not in source and "<img" not in source and "onerror" not in source


def test_repeated_headings_get_distinct_anchors(site_tree, tmp_path):
    path = tmp_path / "faq.md"
    path.write_text("Title\n\n## Symptoms\n\nOne.\n\n## Symptoms\n\nTwo.\n", encoding="utf-8")
    _out, err, error = run(path)
    assert error is None, err
    toc = ArticlePage.objects.get().get_latest_revision_as_object().table_of_contents
    assert [entry["anchor"] for entry in toc] == ["symptoms", "symptoms-2"]
