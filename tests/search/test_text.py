"""The text layer: synonyms, typo correction, places and unknown filters, before any back end."""

import pytest

from articles.models import Condition
from search.query import DirectoryQuery, QueryError
from search.text import get_vocabulary, resolve, split_text

pytestmark = pytest.mark.django_db


def slugs(terms):
    return [term.slug for term in terms]


def test_synonyms_resolve_to_terms_and_leave_residual_words(directory):
    terms, words, corrections = split_text("Sciatic nerve pain massage in Toronto", get_vocabulary())
    assert slugs(terms) == ["sciatica"]
    assert words == ["toronto"]  # "massage" and "in" carry no meaning here
    assert corrections == []


def test_longest_phrase_wins(directory):
    terms, words, _ = split_text("deep tissue massage for lower back pain", get_vocabulary())
    assert slugs(terms) == ["deep-tissue", "low-back-pain"]
    assert words == []


def test_plural_and_case_folding(directory):
    terms, _, _ = split_text("TRIGGER POINT THERAPIES", get_vocabulary())
    assert slugs(terms) == ["neuromuscular-therapy"]


def test_typos_are_corrected_against_taxonomy_and_names(directory):
    terms, words, corrections = split_text("sciatca gabreil", get_vocabulary())
    assert slugs(terms) == ["sciatica"]
    assert words == ["gabriel"]
    assert corrections == [("sciatca", "sciatica"), ("gabreil", "gabriel")]


def test_short_and_unknown_far_words_are_left_alone(directory):
    _, words, corrections = split_text("leg xylophone", get_vocabulary())
    assert corrections == []
    assert words == ["leg", "xylophone"]


def test_resolve_reports_corrections_and_unknown_filters(directory):
    resolved = resolve(DirectoryQuery(text="sciatca", conditions=("sciatica", "nonsense"), sort="distance"))
    assert resolved.conditions == ("sciatica",)
    assert "Showing results for “sciatica”." in resolved.notices
    assert "Ignored the unknown condition “nonsense”." in resolved.notices
    assert resolved.sort == "relevance"  # no place to measure from
    assert any("give a place" in notice for notice in resolved.notices)


def test_places_are_geocoded_and_misspelt_clinic_cities_forgiven(directory):
    resolved = resolve(DirectoryQuery(near="Torontto"))
    assert resolved.place_label.startswith("Toronto")
    assert resolved.radius_km == 25.0
    assert resolved.lat == pytest.approx(43.7, abs=0.1)


def test_an_unknown_place_is_a_clear_error(directory):
    with pytest.raises(QueryError) as caught:
        resolve(DirectoryQuery(near="Qwxyzzy"))
    assert "couldn’t find “Qwxyzzy”" in caught.value.errors["near"][0]


def test_vocabulary_follows_taxonomy_edits(directory):
    assert not slugs(split_text("ischialgia", get_vocabulary())[0])
    condition = Condition.objects.get(slug="sciatica")
    condition.synonyms += "\nischialgia"
    condition.save()
    assert slugs(split_text("ischialgia", get_vocabulary())[0]) == ["sciatica"]
