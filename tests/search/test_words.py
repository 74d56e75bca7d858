"""The word rules under the text layer (search/words.py): folding, spellings, stems, stop words.

Pure functions, no database: each case names the exact words or keys expected.
"""

import pytest

from search.words import (
    FILLER_WORDS,
    LUCENE_ENGLISH_STOP_WORDS,
    PAIN_WORDS,
    SPELLING_VARIANTS,
    STOP_WORDS,
    canonical_spelling,
    content_keys,
    is_stop_word,
    tokens,
    word_key,
)

# --- tokens: case, accents, punctuation and invisible characters folded -------------------------


@pytest.mark.parametrize(
    "text, words",
    [
        ("", []),
        (" \t\n ", []),
        ("Sciatica", ["sciatica"]),
        ("LOWER  back\tpain\n", ["lower", "back", "pain"]),
        ("Montréal", ["montreal"]),
        ("l’épaule gelée", ["l", "epaule", "gelee"]),
        ("low-back_pain", ["low", "back", "pain"]),
        ("neck, shoulders; hips!", ["neck", "shoulders", "hips"]),
        ("sciatica\u00a0pain", ["sciatica", "pain"]),  # no-break space
        # Format characters (zero-width space and joiner, right-to-left override) are not letters:
        # they separate words or vanish, never join two into a word no phrase has.
        ("sciatica\u200bpain", ["sciatica", "pain"]),
        ("sciatica\u200d", ["sciatica"]),
        ("\u202esciatica", ["sciatica"]),
        # Compatibility forms fold to plain letters: a ligature, full-width letters.
        ("\ufb01bromyalgia", ["fibromyalgia"]),
        ("Ｓｃｉａｔｉｃａ", ["sciatica"]),
        ("L5 S1", ["l5", "s1"]),
    ],
)
def test_tokens_fold_case_accents_punctuation_and_invisible_characters(text, words):
    assert tokens(text) == words


def test_tokens_keep_stop_words_and_order():
    assert tokens("The pain in my back") == ["the", "pain", "in", "my", "back"]


# --- canonical_spelling: one spelling per word before stemming -----------------------------------


@pytest.mark.parametrize("variant, canonical", sorted(SPELLING_VARIANTS.items()))
def test_each_spelling_variant_maps_to_its_canonical_spelling(variant, canonical):
    assert canonical_spelling(variant) == canonical


@pytest.mark.parametrize(
    "american, british",
    [
        ("ionized", "ionised"),  # a three-letter stem: the shortest rewritten
        ("realize", "realise"),
        ("realizes", "realises"),
        ("mobilizing", "mobilising"),
        ("mobilization", "mobilisation"),
        ("organizations", "organisations"),
    ],
)
def test_american_suffixes_become_british(american, british):
    assert canonical_spelling(american) == british


@pytest.mark.parametrize(
    "word",
    [
        "prize",  # a two-letter stem: not a spelling of "-ise"
        "seized",
        "size",  # the size family: never "-ise"
        "resized",
        "capsizing",
        "bruised",  # "-ise" words are the canonical spelling already: never rewritten
        "exercising",
        "advise",
        "arising",
        "disc",
        "sciatica",
    ],
)
def test_other_words_keep_their_spelling(word):
    assert canonical_spelling(word) == word


@pytest.mark.parametrize(
    "one, other",
    [
        ("bruised", "bruise"),
        ("bruising", "bruise"),
        ("advised", "advise"),
        ("arising", "arise"),
        ("mobilized", "mobilisation"),
        ("mobilize", "mobilise"),
        ("specializing", "specialise"),
        ("realized", "realises"),
        ("sized", "size"),
    ],
)
def test_inflections_and_spellings_of_one_word_share_its_key(one, other):
    assert word_key(one) == word_key(other)


def test_a_different_word_keeps_a_different_key():
    assert word_key("prized") != word_key("prised")
    assert word_key("seize") != word_key("seise")


# --- word_key: canonical spelling, then the Porter stem --------------------------------------------


@pytest.mark.parametrize(
    "word, key",
    [
        ("herniated", "herniat"),
        ("herniation", "herniat"),
        ("disks", "disc"),
        ("discs", "disc"),
        ("legs", "leg"),
        ("tumours", "tumor"),
        ("mobilisation", "mobilis"),
        ("mobilization", "mobilis"),
        ("exercise", "exercis"),
        ("rising", "rise"),
        ("l5", "l5"),
        # Not plain a–z/0–9 (a letter NFKD cannot take apart): kept whole, not stemmed.
        ("œdemas", "œdemas"),
    ],
)
def test_word_keys(word, key):
    assert word_key(word) == key


# --- stop words: Lucene's English list plus filler, pain words apart --------------------------------


def test_stop_words_are_lucenes_english_list_and_the_filler():
    assert STOP_WORDS == LUCENE_ENGLISH_STOP_WORDS | FILLER_WORDS
    assert len(LUCENE_ENGLISH_STOP_WORDS) == 33  # the engine's english analyzer drops exactly these


@pytest.mark.parametrize(
    "word",
    ["the", "and", "with", "near", "me", "massage", "therapist", "rmt", "chronic", "pres", "je", "avec", "t", "s"],
)
def test_stop_words(word):
    assert is_stop_word(word) is True


@pytest.mark.parametrize("word", ["pain", "sore", "back", "neck", "sciatica", "toronto", "", "The", "Massage"])
def test_words_that_carry_meaning_are_not_stop_words(word):
    assert is_stop_word(word) is False


def test_pain_words_are_not_stop_words():
    # They are optional once a condition is named (search.text), never dropped outright.
    assert not PAIN_WORDS & STOP_WORDS


def test_french_filler_is_matched_after_folding():
    assert [word for word in tokens("massothérapeute près de chez moi") if not is_stop_word(word)] == ["chez"]


# --- content_keys: the keys of a phrase's meaningful words, in order ---------------------------------


@pytest.mark.parametrize(
    "text, keys",
    [
        ("Pain down the leg", ["pain", "leg"]),
        ("Herniated disks near my lower back", ["herniat", "disc", "lower", "back"]),
        ("the and of", []),
        ("", []),
        ("Back back BACK", ["back", "back", "back"]),
    ],
)
def test_content_keys(text, keys):
    assert content_keys(text) == keys
