"""The text layer's rules at their edges, on a vocabulary made in the test (no database): which words
are corrected and how far, plurals, the longest phrase, stop words, and the notices resolve gives.

``test_text.py`` runs the same layer over a real taxonomy; this pins each rule's bounds.
"""

import pytest

from search import text
from search.query import DirectoryQuery
from search.text import STOP_WORDS, Term, Vocabulary, correct_word, phrase_key, singular, split_text, tokens

SCIATICA = Term("condition", "sciatica", "Sciatica", ("Sciatica", "sciatic nerve pain", "Lumbar radiculopathy"))
DISC = Term("condition", "disc-herniation", "Lumbar disc herniation", ("Lumbar disc herniation", "slipped disc"))
DEEP = Term("technique", "deep-tissue", "Deep tissue massage", ("Deep tissue massage", "deep tissue"))


def vocabulary(*terms: Term, other_words: tuple[str, ...] = ("toronto", "okafor", "ottawa")) -> Vocabulary:
    phrases: dict[str, Term] = {}
    for term in terms:
        for phrase in (*term.phrases, term.slug.replace("-", " ")):
            phrases.setdefault(phrase_key(phrase), term)
    taxonomy_words = sorted({word for key in phrases for word in key.split()})
    return Vocabulary(
        conditions={t.slug: t for t in terms if t.kind == "condition"},
        techniques={t.slug: t for t in terms if t.kind == "technique"},
        phrases=phrases,
        longest_phrase=max(len(key.split()) for key in phrases),
        taxonomy_words=taxonomy_words,
        other_words=sorted(other_words),
        known_words=frozenset(taxonomy_words) | frozenset(other_words) | STOP_WORDS,
        cities=["Ottawa", "Toronto"],
    )


VOCABULARY = vocabulary(SCIATICA, DISC, DEEP)


@pytest.mark.parametrize(
    ("word", "singular_form"),
    [
        ("muscles", "muscle"),
        ("hips", "hip"),  # four letters: the -s rule applies
        ("bus", "bus"),  # three: too short to be a plural
        ("injuries", "injury"),
        ("flies", "fly"),  # five letters: the -ies rule applies
        ("ties", "tie"),  # four: not -ies → -y, only the -s rule
        ("glass", "glass"),
        ("sinus", "sinus"),
        ("sciatica", "sciatica"),
        ("arthritis", "arthritis"),
    ],
)
def test_singular(word, singular_form):
    assert singular(word) == singular_form


def test_tokens_and_phrase_keys_fold_case_accents_punctuation_and_plurals():
    assert tokens("  Ciática, LOMBAR! ") == ["ciatica", "lombar"]
    assert phrase_key("Slipped  Discs") == "slipped disc"


@pytest.mark.parametrize(
    ("word", "corrected"),
    [
        ("sciatca", "sciatica"),  # one edit, long word
        ("sciiatiica", "sciatica"),  # two edits, long word
        ("discc", "disc"),  # one edit, five letters
        ("tisue", "tissue"),  # five letters, one edit
        ("torontoo", "toronto"),  # not a taxonomy word: the other words
        ("okafr", "okafor"),
    ],
)
def test_typos_within_one_edit_or_two_for_long_words_are_corrected(word, corrected):
    assert correct_word(word, VOCABULARY) == corrected


@pytest.mark.parametrize(
    "word",
    [
        "dsc",  # three letters: never corrected
        "dics",  # two edits (a swap) from "disc", but four letters allow one
        "disc",  # known
        "near",  # a stop word is known
        "l5s1",  # not letters
        "sciaxxxa",  # three edits away
    ],
)
def test_short_known_non_letter_and_far_words_are_left_alone(word):
    assert correct_word(word, VOCABULARY) is None


def test_five_letter_words_get_one_edit_six_letter_words_two():
    vocab = vocabulary(Term("condition", "ankle", "Ankle", ("Ankle",)), other_words=())
    assert correct_word("ankel", vocab) is None  # five letters, two edits (a swap): too far
    assert correct_word("anklle", vocab) == "ankle"  # six letters, one edit
    vocab = vocabulary(Term("condition", "shoulder", "Shoulder", ("Shoulder",)), other_words=())
    assert correct_word("shuoldre", vocab) is None  # four edits
    assert correct_word("sholdr", vocab) == "shoulder"  # six letters, two edits
    assert correct_word("discss", VOCABULARY) == "disc"  # six letters, two edits


def test_taxonomy_words_are_preferred_to_names_and_places():
    vocab = vocabulary(Term("condition", "hips", "Hips", ("Hips",)), other_words=("hipp",))
    assert correct_word("hipx", vocab) == "hip"  # one edit from both


def test_the_longest_phrase_wins_and_stop_words_are_dropped():
    terms, words, corrections = split_text("therapist for lumbar disc herniation and deep tissue", VOCABULARY)
    assert [t.slug for t in terms] == ["disc-herniation", "deep-tissue"]
    assert words == []
    assert corrections == []


def test_a_synonym_names_its_term_once_and_other_words_stay():
    terms, words, corrections = split_text("sciatic nerve pain sciatica gentle gentle", VOCABULARY)
    assert terms == [SCIATICA]
    assert words == ["gentle"]
    assert corrections == []


def test_corrections_are_reported_in_order():
    terms, words, corrections = split_text("sciatca torontoo", VOCABULARY)
    assert terms == [SCIATICA]
    assert words == ["toronto"]
    assert corrections == [("sciatca", "sciatica"), ("torontoo", "toronto")]


def test_a_phrase_is_read_from_the_word_where_it_starts():
    terms, words, _ = split_text("slipped lumbar disc herniation", VOCABULARY)
    assert terms == [DISC]
    assert words == ["slipped"]


def test_terms_mentioning_is_a_case_blind_substring_of_a_name_or_synonym():
    assert VOCABULARY.terms_mentioning("DISC", "condition") == ["disc-herniation"]
    assert VOCABULARY.terms_mentioning("lumbar", "condition") == ["disc-herniation", "sciatica"]
    assert VOCABULARY.terms_mentioning("tissue", "condition") == []
    assert VOCABULARY.terms_mentioning("tissue", "technique") == ["deep-tissue"]


@pytest.fixture
def fixed_vocabulary(monkeypatch):
    monkeypatch.setattr(text, "get_vocabulary", lambda: VOCABULARY)


def test_resolve_says_what_it_corrected_and_ignored(fixed_vocabulary):
    resolved = text.resolve(
        DirectoryQuery(
            text="Sciatca  relief", conditions=("sciatica", "gout"), techniques=("cupping",), sort="distance"
        )
    )
    assert resolved.notices == (
        "Showing results for “sciatica relief”.",
        "Ignored the unknown condition “gout”.",
        "Ignored the unknown technique “cupping”.",
        "Sorting by relevance: give a place to sort by distance.",
    )
    assert (resolved.text_terms, resolved.words, resolved.conditions, resolved.techniques) == (
        (SCIATICA,),
        ("relief",),
        ("sciatica",),
        (),
    )
    assert (resolved.sort, resolved.lat, resolved.radius_km, resolved.has_text) == ("relevance", None, None, True)


def test_resolve_keeps_an_explicit_point_over_a_place_name(fixed_vocabulary):
    resolved = text.resolve(DirectoryQuery(near="Nowhere At All", lat=45.0, lng=-75.0, sort="distance"))
    assert (resolved.lat, resolved.lng, resolved.radius_km, resolved.sort) == (45.0, -75.0, 25.0, "distance")
    assert resolved.notices == ()
    assert not resolved.has_text


def test_resolve_with_nothing_to_resolve(fixed_vocabulary):
    resolved = text.resolve(DirectoryQuery(lat=1.0, lng=2.0, radius_km=5.0))
    assert (resolved.words, resolved.text_terms, resolved.radius_km, resolved.notices) == ((), (), 5.0, ())
