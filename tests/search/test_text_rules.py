"""The text layer's rules at their edges (search/text.py), over a small vocabulary built by hand.

No database: the vocabulary is made from a few terms the way ``build_vocabulary`` makes it from the
taxonomy, so each case can name its exact outcome — which term, which words left, which
correction — and the bounds (typo distance by word length, the shortest word corrected, words
allowed between a phrase's words, the shortest distinctive name word) are probed on both sides.
"""

from types import SimpleNamespace

import pytest

from search import text
from search.query import DirectoryQuery, QueryError
from search.text import (
    CORRECTABLE_FILLER,
    MAX_WORDS_BETWEEN,
    MIN_CORRECTABLE_LENGTH,
    Term,
    Vocabulary,
    _phrase_index,
    _window,
    correct_word,
    resolve,
    split_text,
    understand,
)
from search.words import STOP_WORDS, tokens

SCIATICA = Term(
    "condition",
    "sciatica",
    "Sciatica",
    ("Sciatica", "Sciatic nerve pain", "Pain down the leg", "Lumbago"),
    symptoms=("numb foot",),
)
LOW_BACK_PAIN = Term("condition", "low-back-pain", "Low back pain", ("Low back pain", "Lumbago"))
SPINAL_STENOSIS = Term("condition", "spinal-stenosis", "Spinal stenosis", ("Spinal stenosis",))
PIRIFORMIS = Term("condition", "piriformis-syndrome", "Piriformis syndrome", ("Piriformis syndrome",))
NECK_PAIN = Term("condition", "neck-pain", "Neck pain", ("Neck pain", "Stiff neck"))
FOOT_PAIN = Term("condition", "foot-pain", "Foot pain", ("Foot pain",))
TENDON = Term("condition", "tendinopathy", "Tendinopathy", ("Tendinopathy", "Tendon", "Elbow"))
MANIPULATION = Term("technique", "spinal-manipulation", "Spinal manipulation", ("Spinal manipulation",))
MYOFASCIAL = Term("technique", "myofascial-release", "Myofascial release", ("Myofascial release", "MFR"))

# Sciatica comes before Low back pain: the phrase they share ("Lumbago") stays with Sciatica.
TERMS = (SCIATICA, LOW_BACK_PAIN, SPINAL_STENOSIS, PIRIFORMIS, NECK_PAIN, FOOT_PAIN, TENDON, MANIPULATION, MYOFASCIAL)


def make_vocabulary(terms=TERMS, other_words=(), cities=(), spelt=None) -> Vocabulary:
    """A Vocabulary as build_vocabulary makes one, from these terms, names and cities."""
    slugs = {term: term.slug.replace("-", " ") for term in terms}
    taxonomy_words = sorted(
        {word for term in terms for phrase in (*term.phrases, *term.symptoms) for word in tokens(phrase)} - STOP_WORDS
    )
    other = sorted(set(other_words) - set(taxonomy_words))
    return Vocabulary(
        conditions={term.slug: term for term in terms if term.kind == "condition"},
        techniques={term.slug: term for term in terms if term.kind == "technique"},
        phrases=_phrase_index(list(terms), slugs),
        taxonomy_words=taxonomy_words,
        other_words=other,
        known_words=frozenset(taxonomy_words) | frozenset(other) | STOP_WORDS,
        cities=list(cities),
        spelt=dict(spelt or {}),
    )


@pytest.fixture
def vocabulary() -> Vocabulary:
    # Built for each test, not at import: a mutated phrase index must reach the test that runs it.
    return make_vocabulary(other_words=["toronto", "gabriel", "nick", "masago"], spelt={"montreal": "montréal"})


@pytest.fixture
def names(vocabulary):
    """(term slugs, residual words) for a text."""

    def names(text_typed):
        understood = understand(text_typed, vocabulary)
        return [term.slug for term in understood.terms], list(understood.words)

    return names


def test_text_normalize_is_the_geocoders_folding():
    assert text.normalize("  Montréal, QC!  ") == "montreal qc"


# --- Synonyms, symptoms, slugs ------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed, slugs, words",
    [
        ("sciatica", ["sciatica"], []),
        ("Sciatic nerve pain", ["sciatica"], []),
        ("numb foot", ["sciatica"], []),  # a symptom
        ("foot", [], ["foot"]),  # one word of a symptom is not the symptom
        ("piriformis syndrome", ["piriformis-syndrome"], []),  # the slug's words
        ("MFR", ["myofascial-release"], []),  # a synonym, any case
        ("stiff neck", ["neck-pain"], []),
        ("neck stiff", ["neck-pain"], []),  # any order
        ("toronto", [], ["toronto"]),
    ],
)
def test_names_synonyms_and_symptoms_name_their_term(names, typed, slugs, words):
    assert names(typed) == (slugs, words)


def test_a_phrase_two_terms_share_stays_with_the_first(names, vocabulary):
    assert names("lumbago") == (["sciatica"], [])
    assert [(phrase.term.slug, phrase.text) for phrase in vocabulary.phrases_within({"lumbago"})] == [
        ("sciatica", "Lumbago")
    ]


def test_pain_words_are_optional_only_in_phrases_of_three_words_or_more(names):
    # "Sciatic nerve pain" without "pain" still has two words: it names Sciatica.
    assert names("sciatic nerve") == (["sciatica"], [])
    # "Pain down the leg" without "pain" would be "leg" alone: not a name of anything.
    assert names("leg") == ([], ["leg"])
    assert names("pain in my leg") == (["sciatica"], [])


# --- A distinctive word of a multi-word name -------------------------------------------------------


@pytest.mark.parametrize(
    "typed, slugs, words",
    [
        ("stenosis", ["spinal-stenosis"], []),
        ("manipulation", ["spinal-manipulation"], []),
        ("spinal", [], ["spinal"]),  # in two names: it stands for neither
        ("piriformis", ["piriformis-syndrome"], []),
        ("syndrome", [], ["syndrome"]),  # too generic
        ("back", ["low-back-pain"], []),  # four letters: long enough
        ("low", [], ["low"]),  # three: too short to stand for a name
        ("myofascial", ["myofascial-release"], []),
    ],
)
def test_a_distinctive_word_of_a_name_names_the_term(names, typed, slugs, words):
    assert names(typed) == (slugs, words)


# --- Phrase matching: window, order, coverage ------------------------------------------------------


def test_a_phrases_words_may_have_at_most_two_meaningful_words_between(names):
    assert MAX_WORDS_BETWEEN == 2
    assert names("sciatic left right nerve") == (["sciatica"], ["left", "right"])
    assert names("sciatic left right upper nerve") == ([], ["sciatic", "left", "right", "upper", "nerve"])
    # Stop words between do not count.
    assert names("sciatic and then the nerve") == (["sciatica"], [])


def test_a_phrase_too_spread_out_does_not_stop_the_next_one(names):
    assert names("sciatic left right upper nerve stenosis") == (
        ["spinal-stenosis"],
        ["sciatic", "left", "right", "upper", "nerve"],
    )


def test_only_the_words_inside_the_window_are_taken(vocabulary):
    understood = understand("nerve left right upper sciatic nerve", vocabulary)
    assert [term.slug for term in understood.terms] == ["sciatica"]
    assert understood.words == ("nerve", "left", "right", "upper")
    assert understood.sources == (("condition", "sciatica", "sciatic nerve"),)


def test_a_phrase_explaining_only_taken_words_and_pain_words_names_nothing_more(names):
    # "numb foot" names Sciatica; "foot pain" would add only "pain", so Foot pain is not named...
    assert names("numb foot pain") == (["sciatica"], [])
    # ...and the phrases after it are still tried.
    assert names("numb foot pain stenosis") == (["sciatica", "spinal-stenosis"], [])
    assert names("foot pain") == (["foot-pain"], [])


def test_terms_come_in_the_order_they_were_typed(names):
    assert names("myofascial release for sciatica") == (["myofascial-release", "sciatica"], [])
    assert names("sciatica myofascial release") == (["sciatica", "myofascial-release"], [])


def test_the_longest_phrase_takes_the_words_and_shorter_ones_add_nothing(vocabulary):
    understood = understand("low back pain", vocabulary)
    assert [term.slug for term in understood.terms] == ["low-back-pain"]
    assert understood.sources == (("condition", "low-back-pain", "low back pain"),)


def test_sources_run_from_a_terms_first_word_to_its_last_with_the_words_between(vocabulary):
    understood = understand("pain down my left leg, toronto", vocabulary)
    assert understood.sources == (("condition", "sciatica", "pain down my left leg"),)
    assert understood.words == ("left", "toronto")


def test_pain_words_are_dropped_from_the_residue_only_when_a_term_was_named(names):
    assert names("stenosis pain toronto") == (["spinal-stenosis"], ["toronto"])
    assert names("pain toronto") == ([], ["pain", "toronto"])


def test_residual_words_are_spelt_as_the_city_spells_them_and_given_once(names):
    assert names("Montreal stenosis toronto Toronto") == (["spinal-stenosis"], ["montréal", "toronto"])


def test_phrases_within_are_those_whose_keys_are_all_there_longest_first(vocabulary):
    found = vocabulary.phrases_within({"sciatic", "nerv", "pain", "foot"})
    assert [(phrase.text, sorted(phrase.keys)) for phrase in found] == [
        ("Sciatic nerve pain", ["nerv", "pain", "sciatic"]),
        ("Sciatic nerve pain", ["nerv", "sciatic"]),
        ("Foot pain", ["foot", "pain"]),  # one word that is not a pain word: after two
    ]
    assert vocabulary.phrases_within(set()) == []


def test_a_distinctive_name_word_is_a_phrase_of_its_own_tried_after_whole_names(vocabulary):
    found = vocabulary.phrases_within({"stenosi", "lumbago"})
    assert [(phrase.term.slug, phrase.text, phrase.part_of_name) for phrase in found] == [
        ("sciatica", "Lumbago", False),
        ("spinal-stenosis", "stenosi", True),
    ]


@pytest.mark.parametrize(
    "keys, positions, window",
    [
        ({"a"}, ["x", "a", "a"], (1, 1)),
        ({"a", "b"}, ["a", "x", "a", "b"], (2, 3)),  # the shortest run, not the first
        ({"a", "b"}, ["a", "b", "x", "a", "b"], (0, 1)),  # of equal runs, the first
        ({"a", "b"}, ["b", "x", "x", "a"], (0, 3)),
        ({"a", "b"}, ["a", "x", "x"], None),
        ({"a"}, [], None),
    ],
)
def test_window_is_the_shortest_run_holding_every_key(keys, positions, window):
    assert _window(frozenset(keys), positions) == window


# --- Typo correction: bounds on length and distance --------------------------------------------------


def test_the_bounds_are_the_documented_ones():
    assert MIN_CORRECTABLE_LENGTH == 4
    assert "massage" in CORRECTABLE_FILLER


@pytest.mark.parametrize(
    "word, corrected",
    [
        ("elbo", "elbow"),  # 4 letters, one edit: the shortest word corrected
        ("elb", None),  # 3 letters: never corrected
        ("elbaw", "elbow"),  # 5 letters: one edit...
        ("elbqq", None),  # ...but not two
        ("tandon", "tendon"),  # 6 letters: two edits
        ("tandan", "tendon"),
        ("tandam", None),  # three edits: too far
        ("sciatca", "sciatica"),
        ("lumbaho", "lumbago"),
        # Known words, inflections of taxonomy words and words with digits are left as typed.
        ("toronto", None),
        ("elbows", None),  # the key of "elbow": an inflection, not a typo
        ("elbow", None),
        ("elbo1", None),
        ("nerve", None),
    ],
)
def test_typo_correction_distance_depends_on_word_length(vocabulary, word, corrected):
    assert correct_word(word, vocabulary) == corrected


def test_taxonomy_words_come_before_the_trade_filler_and_names(vocabulary):
    # "nuck" is one edit from "neck" (taxonomy) and from "nick" (a name): the taxonomy wins.
    assert correct_word("nuck", vocabulary) == "neck"
    # "masage" is one edit from "massage" (filler) and from "masago" (a name): the filler wins.
    assert correct_word("masage", vocabulary) == "massage"
    # A name is corrected when nothing in the taxonomy or the filler is near.
    assert correct_word("gabreil", vocabulary) == "gabriel"


def test_the_trade_filler_is_corrected_by_one_edit_only(vocabulary):
    assert correct_word("therapis", vocabulary) == "therapist"
    assert correct_word("terapiss", vocabulary) is None  # two edits from "therapist"


def test_a_word_corrected_into_filler_is_dropped_and_the_next_words_still_read(vocabulary):
    understood = understand("masage for sciatica", vocabulary)
    assert understood.corrections == (("masage", "massage"),)
    assert [term.slug for term in understood.terms] == ["sciatica"]
    assert understood.words == ()


def test_corrections_are_reported_shown_in_sources_and_filler_dropped(vocabulary):
    understood = understand("sciatca masage", vocabulary)
    assert understood.corrections == (("sciatca", "sciatica"), ("masage", "massage"))
    assert understood.sources == (("condition", "sciatica", "sciatica"),)
    assert understood.words == ()
    corrections = [("sciatca", "sciatica"), ("masage", "massage")]
    assert split_text("sciatca masage", vocabulary) == ([SCIATICA], [], corrections)


# --- terms_mentioning: the taxonomy part of a word match ----------------------------------------------


@pytest.mark.parametrize(
    "word, kind, slugs",
    [
        ("NERVE", "condition", ["sciatica"]),
        ("numb", "condition", ["sciatica"]),  # symptoms too
        ("spinal", "condition", ["spinal-stenosis"]),
        ("spinal", "technique", ["spinal-manipulation"]),
        ("pain", "condition", ["foot-pain", "low-back-pain", "neck-pain", "sciatica"]),  # sorted
        ("lumb", "condition", ["low-back-pain", "sciatica"]),  # a substring
        ("mfr", "technique", ["myofascial-release"]),
        ("pain", "technique", []),
        ("xylophone", "condition", []),
    ],
)
def test_terms_mentioning_a_word(vocabulary, word, kind, slugs):
    assert vocabulary.terms_mentioning(word, kind) == slugs


# --- resolve: what every back end receives -----------------------------------------------------------


@pytest.fixture
def hand_vocabulary(monkeypatch, vocabulary):
    monkeypatch.setattr(text, "get_vocabulary", lambda: vocabulary)


@pytest.fixture
def places(monkeypatch):
    """A geocoder stand-in: the texts it can place, and the texts it was asked."""

    class Geocoder:
        asked = []
        known = {
            "Toronto": SimpleNamespace(latitude=43.65, longitude=-79.38, label="Toronto, Ontario", precision_note=""),
            "M5V": SimpleNamespace(
                latitude=43.64, longitude=-79.4, label="M5V", precision_note="Placed at the M5V area, not the address."
            ),
        }

        def geocode(self, near):
            self.asked.append(near)
            return self.known.get(near)

    geocoder = Geocoder()
    monkeypatch.setattr(text, "get_geocoder", lambda: geocoder)
    return geocoder.asked


def test_resolve_gives_terms_words_filters_and_notices_in_order(hand_vocabulary, places):
    query = DirectoryQuery(
        text="sciatca in toronto",
        conditions=("low-back-pain", "nope"),
        techniques=("nada", "spinal-manipulation"),
        sort="distance",
    )
    resolved = resolve(query)
    assert resolved.query == query
    assert resolved.text_terms == (SCIATICA,)
    assert resolved.words == ("toronto",)
    assert resolved.term_sources == (("condition", "sciatica", "sciatica"),)
    assert resolved.conditions == ("low-back-pain",)
    assert resolved.techniques == ("spinal-manipulation",)
    assert resolved.notices == (
        "Showing results for “sciatica in toronto”.",
        "Ignored the unknown condition “nope”.",
        "Ignored the unknown technique “nada”.",
        "Sorting by relevance: give a place to sort by distance.",
    )
    assert (resolved.sort, resolved.lat, resolved.lng, resolved.radius_km, resolved.place_label) == (
        "relevance",
        None,
        None,
        None,
        "",
    )
    assert places == []


def test_resolve_without_corrections_says_nothing(hand_vocabulary, places):
    resolved = resolve(DirectoryQuery(text="sciatica", conditions=("sciatica",)))
    assert resolved.notices == ()
    assert resolved.conditions == ("sciatica",)
    assert resolved.techniques == ()


def test_resolve_places_the_place_typed(hand_vocabulary, places):
    resolved = resolve(DirectoryQuery(near="Toronto", radius_km=10.0, sort="distance"))
    assert (resolved.lat, resolved.lng, resolved.radius_km, resolved.place_label) == (
        43.65,
        -79.38,
        10.0,
        "Toronto, Ontario",
    )
    assert resolved.sort == "distance"
    assert resolved.notices == ()
    assert places == ["Toronto"]


def test_a_misspelt_place_is_placed_at_the_nearest_clinic_city(places, monkeypatch):
    monkeypatch.setattr(text, "get_vocabulary", lambda: make_vocabulary(cities=["Toronto", "Ottawa"]))
    resolved = resolve(DirectoryQuery(near="Torontto"))
    assert (resolved.lat, resolved.lng, resolved.place_label) == (43.65, -79.38, "Toronto, Ontario")
    assert places == ["Torontto", "Toronto"]


def test_resolve_says_when_a_place_is_placed_roughly(hand_vocabulary, places):
    resolved = resolve(DirectoryQuery(near="M5V"))
    assert resolved.notices == ("Placed at the M5V area, not the address.",)
    assert resolved.radius_km == 25.0  # the default radius, with a point


def test_an_explicit_point_is_not_geocoded_again(hand_vocabulary, places):
    resolved = resolve(DirectoryQuery(near="Nowhere at all", lat=45.5, lng=-73.57, sort="distance"))
    assert (resolved.lat, resolved.lng, resolved.place_label, resolved.sort) == (45.5, -73.57, "", "distance")
    assert places == []


def test_an_unplaced_place_is_an_error_on_the_place(hand_vocabulary, places, monkeypatch):
    monkeypatch.setattr(text, "unplaced_message", lambda near: f"No place called {near}.")
    with pytest.raises(QueryError) as caught:
        resolve(DirectoryQuery(near="Nowhere at all"))
    assert caught.value.errors == {"near": ["No place called Nowhere at all."]}
