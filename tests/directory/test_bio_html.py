"""The bio is sanitised as it renders: formatting and links stay, anything else goes."""

import pytest

from directory.templatetags.directory_tags import bio_html

pytestmark = pytest.mark.django_db


def test_bio_keeps_the_allowed_formatting_and_links():
    html = bio_html(
        '<p>I use <b>gentle</b> <i>pressure</i>.</p><ul><li>one</li></ul><p><a href="https://x.example">site</a></p>'
    )
    assert "<b>gentle</b>" in html and "<i>pressure</i>" in html and "<li>one</li>" in html
    assert 'href="https://x.example"' in html and 'rel="nofollow noopener"' in html


def test_bio_expands_wagtail_page_links(site_tree):
    html = bio_html(f'<p><a linktype="page" id="{site_tree.articles.pk}">read</a></p>')
    assert f'href="{site_tree.articles.url}"' in html


@pytest.mark.parametrize(
    "payload",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        '<a href="javascript:alert(1)">x</a>',
        '<p onclick="alert(1)" style="color:red">x</p>',
        "<iframe src=//evil.example></iframe>",
    ],
)
def test_bio_drops_anything_that_could_run(payload):
    markers = ("<script", "onerror", "javascript:", "onclick", "<iframe", "style=")
    bio = f"<p>Gentle <b>care</b>.</p>{payload}"
    assert any(marker in bio.lower() for marker in markers)  # the check below can see what it looks for
    html = bio_html(bio).lower()
    assert html.startswith("<p>gentle <b>care</b>.</p>")  # the harmless part is kept as it was
    for marker in markers:
        assert marker not in html


def test_empty_bio():
    assert bio_html("") == ""
    assert bio_html(None) == ""
