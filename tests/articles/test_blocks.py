import pytest
from django.core.exceptions import ValidationError

from articles.blocks import ArticleBodyBlock, ReferenceBlock, plain_text


def body(*children):
    block = ArticleBodyBlock()
    return block, block.to_python([{"type": t, "value": v} for t, v in children])


def test_duplicate_heading_anchors_are_refused_with_a_message():
    block, value = body(
        ("heading", {"text": "Causes", "level": "h2", "anchor": ""}),
        ("heading", {"text": "More", "level": "h2", "anchor": "causes"}),
    )
    with pytest.raises(ValidationError) as excinfo:
        block.clean(value)
    assert "Another heading already links as 'causes'" in str(excinfo.value.as_json_data())


def test_anchor_must_be_a_slug():
    block, value = body(("heading", {"text": "Causes", "level": "h2", "anchor": "Bad Anchor!"}))
    with pytest.raises(ValidationError):
        block.clean(value)


def test_reference_needs_a_url_or_doi():
    block = ReferenceBlock()
    with pytest.raises(ValidationError):
        block.clean(block.to_python({"title": "A review", "publisher": "Cochrane", "year": 2015, "url": "", "doi": ""}))
    cleaned = block.clean(
        block.to_python({"title": "A review", "publisher": "Cochrane", "year": 2015, "url": "", "doi": "10.1002/x.1"})
    )
    assert cleaned["doi"] == "10.1002/x.1"


def test_plain_text_skips_markup_settings_and_references():
    _block, value = body(
        ("heading", {"text": "Causes", "level": "h2", "anchor": "why"}),
        ("paragraph", "<p>A <b>disc</b> presses.</p>"),
        (
            "references",
            {
                "heading": "Sources",
                "references": [{"title": "Ignored", "publisher": "NHS", "url": "https://x.example"}],
            },
        ),
    )
    assert plain_text(value) == "Causes A disc presses."
