"""The text layer: synonyms, typo correction, places and unknown filters, before any back end."""

import pytest
from django.utils import timezone

from articles.models import ArticlePage, Condition, Person
from search.query import DirectoryQuery, QueryError
from search.text import correct_spelling, get_vocabulary, resolve, respell, split_text, understand
from search.words import word_key

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


# --- Understanding plain words: stems, spellings, filler, word order, symptoms, name parts -----


def test_filler_and_lucene_stop_words_are_dropped(directory):
    terms, words, _ = split_text("looking for someone who treats my sciatica please", get_vocabulary())
    assert slugs(terms) == ["sciatica"]
    assert words == []


def test_words_of_a_phrase_match_in_another_order_and_with_words_between(directory):
    understood = understand("my neck is really stiff", get_vocabulary())
    assert slugs(understood.terms) == ["neck-pain"]
    assert understood.sources == (("condition", "neck-pain", "neck is really stiff"),)
    # Too far apart, they are two unrelated words.
    assert not slugs(split_text("deep breaths, tight shoulders, hips, knees, buttock pain", get_vocabulary())[0])


def test_inflections_meet_through_the_stem(directory):
    assert slugs(split_text("stiff necks", get_vocabulary())[0]) == ["neck-pain"]
    assert slugs(split_text("myofascial releasing", get_vocabulary())[0]) == ["myofascial-release"]


def test_spelling_variants_share_a_key():
    assert word_key("disk") == word_key("disc")
    assert word_key("discs") == word_key("disks")
    assert word_key("mobilisation") == word_key("mobilization")
    assert word_key("orthopaedic") == word_key("orthopedic")
    assert word_key("pregnant") == word_key("pregnancy")
    assert word_key("exercise") == "exercis"  # not a British "-ise" spelling


def test_a_distinctive_word_of_a_multi_word_name_names_the_term(directory):
    understood = understand("neuromuscular", get_vocabulary())
    assert slugs(understood.terms) == ["neuromuscular-therapy"]
    assert understood.sources == (("technique", "neuromuscular-therapy", "neuromuscular"),)
    # "pain" is in several names and means nothing on its own.
    assert split_text("pain", get_vocabulary())[:2] == ([], ["pain"])


def test_symptoms_kept_by_editors_name_their_condition(directory):
    assert not slugs(split_text("my foot is numb", get_vocabulary())[0])
    condition = Condition.objects.get(slug="sciatica")
    condition.symptoms = "numb foot\nfourmillements dans la jambe"
    condition.save()
    understood = understand("my foot is numb", get_vocabulary())
    assert slugs(understood.terms) == ["sciatica"]
    assert understood.words == ()
    assert slugs(split_text("des fourmillements dans ma jambe", get_vocabulary())[0]) == ["sciatica"]


def test_pain_words_are_not_required_once_a_condition_is_named(directory):
    terms, words, _ = split_text("sciatica hurts so much, sore", get_vocabulary())
    assert slugs(terms) == ["sciatica"]
    assert words == ["so", "much"]


def test_pain_words_are_optional_in_a_longer_phrase(directory):
    understood = understand("my sciatic nerve", get_vocabulary())
    assert slugs(understood.terms) == ["sciatica"]
    # With the pain word typed, the whole phrase is what the person said.
    assert understand("sciatic nerve pain", get_vocabulary()).sources == (
        ("condition", "sciatica", "sciatic nerve pain"),
    )


def test_the_trades_own_words_are_corrected_then_dropped(directory):
    terms, words, corrections = split_text("myofascial masage", get_vocabulary())
    assert (slugs(terms), words, corrections) == (["myofascial-release"], [], [("masage", "massage")])
    assert split_text("pending", get_vocabulary())[1] == ["pending"]  # not "finding", a filler word


def test_the_correction_alone_keeps_the_rest_of_the_words_as_typed(directory):
    spelling = correct_spelling("Sciatca, near TORONTO gabreil")
    assert spelling.changed
    assert spelling.corrected == "Sciatica, near TORONTO gabriel"
    assert spelling.corrections == (("sciatca", "sciatica"), ("gabreil", "gabriel"))
    assert not correct_spelling("sciatica in Toronto").changed
    assert not correct_spelling("xylophone").changed
    # A word typed so that it does not fold to one token: the folded words, corrected.
    assert respell("Sciat\u0301ca pain", [("sciatca", "sciatica")]) == "sciatica pain"


def test_words_as_typed_are_not_corrected_when_asked(directory):
    understood = understand("sciatca", get_vocabulary(), correct=False)
    assert (understood.terms, understood.words, understood.corrections) == ((), ("sciatca",), ())
    assert not resolve(DirectoryQuery(text="sciatca"), correct=False).notices


def test_a_word_of_a_live_article_is_known_and_never_corrected_away(directory, site_tree):
    assert correct_spelling("joint").corrected == "point"  # one edit from "trigger point therapy"
    article = ArticlePage(
        title="Joint stiffness in the morning",
        summary="Why they feel stiff.",
        medical_reviewer=Person.objects.create(name="Dr Ada Example"),
        last_reviewed=timezone.localdate(),
    )
    site_tree.articles.add_child(instance=article)
    article.save_revision().publish()
    assert not correct_spelling("joint").changed
    assert not correct_spelling("joints").changed  # nor another form of it: "joints" is not "point"
    assert correct_spelling("stifness").corrected == "stiffness"  # and a typo of one is corrected to it
    article.unpublish()
    assert correct_spelling("joint").corrected == "point"


def test_pelvis_and_pelvic_are_one_word_family():
    assert word_key("pelvis") == word_key("pelvic")
