"""Word normalisation for the text layer: which words carry meaning, and the key each is matched by.

A query word and a taxonomy phrase's word meet when their *keys* are equal: case, accents and
punctuation folded (``normalize``), a spelling variant replaced by one canonical spelling ("disk"
→ "disc", "orthopaedic" → "orthopedic", "-ize" → "-ise"), then Porter-stemmed ("herniated" and
"herniation" → "herniat"). Porter, not Snowball's newer English stemmer, because it is the stemmer
of the ``english`` analyzer that the engine back end's text fields use, so the two back ends stem
alike. The stop words are that analyzer's list too, plus filler people type into a directory of
massage therapists ("my", "when", "coming", "therapist") in English and French.
"""

from __future__ import annotations

import functools
import re

import snowballstemmer

from directory.geocoding import normalize

# Lucene's EnglishAnalyzer.ENGLISH_STOP_WORDS_SET (Elasticsearch/OpenSearch ``_english_``): the words
# the engine's english analyzer drops, so a word is meaningless to both back ends or to neither.
LUCENE_ENGLISH_STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "but",
        "by",
        "for",
        "if",
        "in",
        "into",
        "is",
        "it",
        "no",
        "not",
        "of",
        "on",
        "or",
        "such",
        "that",
        "the",
        "their",
        "then",
        "there",
        "these",
        "they",
        "this",
        "to",
        "was",
        "will",
        "with",
    ]
)
# Filler in how people ask, and words every listed therapist matches: none of them narrows a search.
FILLER_WORDS = frozenset(
    [
        "near",
        "me",
        "my",
        "mine",
        "i",
        "im",
        "i'm",
        "ive",
        "am",
        "we",
        "our",
        "us",
        "you",
        "your",
        "who",
        "what",
        "whats",
        "where",
        "when",
        "which",
        "how",
        "why",
        "have",
        "has",
        "had",
        "having",
        "get",
        "gets",
        "got",
        "getting",
        "feel",
        "feels",
        "feeling",
        "felt",
        "keep",
        "keeps",
        "kind",
        "sort",
        "lot",
        "lots",
        "really",
        "very",
        "quite",
        "bit",
        "little",
        "bad",
        "badly",
        "terrible",
        "awful",
        "severe",
        "chronic",
        "constant",
        "constantly",
        "always",
        "sometimes",
        "often",
        "since",
        "after",
        "before",
        "during",
        "from",
        "coming",
        "comes",
        "down",
        "up",
        "out",
        "off",
        "over",
        "help",
        "helps",
        "helping",
        "need",
        "needs",
        "want",
        "wants",
        "looking",
        "look",
        "find",
        "finding",
        "search",
        "searching",
        "someone",
        "somebody",
        "anyone",
        "anybody",
        "something",
        "specialist",
        "specialists",
        "specialise",
        "specialize",
        "specializing",
        "specialising",
        "expert",
        "experienced",
        "experience",
        "please",
        "can",
        "could",
        "would",
        "should",
        "do",
        "does",
        "did",
        "treat",
        "treats",
        "treating",
        "treatment",
        "treatments",
        "massage",
        "massages",
        "therapist",
        "therapists",
        "therapy",
        "rmt",
        "lmt",
        "mt",
        "masseur",
        "masseuse",
        "good",
        "best",
        "great",
        "around",
        "nearby",
        "close",
        "local",
        "area",
        "le",
        "la",
        "les",
        "l",
        "de",
        "des",
        "du",
        "d",
        "un",
        "une",
        "et",
        "ou",
        "au",
        "aux",
        "en",
        "dans",
        "mon",
        "ma",
        "mes",
        "j",
        "je",
        "ai",
        "me",
        "moi",
        "pour",
        "par",
        "avec",
        "sur",
        "pres",
        "qui",
        "quand",
        "tres",
        "un",
        "une",
        "massotherapeute",
        "massotherapie",
        "therapeute",
        "trouver",
        "cherche",
        "besoin",
        "go",
        "goes",
        "going",
        "went",
        "gone",
        "killing",
        "kills",
        "because",
        "cannot",
        "cant",
        "t",
        "s",
        "ll",
        "ve",
        "m",
        "re",
        "suis",
        "est",
        "sont",
        "il",
        "elle",
    ]
)
# Taxonomy phrases lose the same words as queries ("pain down the leg" is keyed "pain leg").
STOP_WORDS = LUCENE_ENGLISH_STOP_WORDS | FILLER_WORDS
# Words for *hurting*: once the text named a condition they add nothing, so they are not required.
PAIN_WORDS = frozenset(
    [
        "pain",
        "pains",
        "painful",
        "ache",
        "aches",
        "aching",
        "achy",
        "hurt",
        "hurts",
        "hurting",
        "sore",
        "soreness",
        "douleur",
        "douleurs",
        "mal",
    ]
)

# British (and other) spellings → the one the keys use. Only whole words people type for pain
# and its care; the suffix rule below covers -ize/-ise.
SPELLING_VARIANTS = {
    "disk": "disc",
    "disks": "discs",
    "orthopaedic": "orthopedic",
    "orthopaedics": "orthopedics",
    "paediatric": "pediatric",
    "oedema": "edema",
    "anaemia": "anemia",
    "haematoma": "hematoma",
    "ischaemia": "ischemia",
    "tumour": "tumor",
    "tumours": "tumors",
    "centre": "center",
    "centres": "centers",
    "fibre": "fiber",
    "fibres": "fibers",
    "labour": "labor",
    "behaviour": "behavior",
    "mum": "mom",
    "mums": "moms",
    "bum": "butt",
    # Word families the stemmer keeps apart but people use interchangeably.
    "pregnant": "pregnancy",
    "spine": "spinal",
    "pelvis": "pelvic",
    "tingly": "tingling",
    "numbness": "numb",
    "buttocks": "buttock",
    "glutes": "glute",
    "gluteal": "glute",
    "assis": "assise",
}
# "-ize" → "-ise", not the other way: every "-ize" word but a handful is a spelling of an "-ise"
# one, while many "-ise" words have no "-ize" spelling (bruise, advise, arise, exercise, supervise),
# so rewriting those would part "bruised" from "bruise". The handful: the size family (size,
# resize, capsize; "emphasize" falls in with them) and stems of one or two letters (prize, seize).
_AMERICAN_SUFFIXES = (
    ("izations", "isations"),
    ("ization", "isation"),
    ("izing", "ising"),
    ("ized", "ised"),
    ("izes", "ises"),
    ("ize", "ise"),
)
_WORD_CHARACTERS = re.compile(r"^[a-z0-9]+$")

_stemmer = snowballstemmer.stemmer("porter")


def tokens(text: str) -> list[str]:
    """Folded words, in order (stop words kept: callers decide)."""
    return normalize(text).split()


def canonical_spelling(word: str) -> str:
    if word in SPELLING_VARIANTS:
        return SPELLING_VARIANTS[word]
    for american, british in _AMERICAN_SUFFIXES:
        if word.endswith(american):
            stem = word[: -len(american)]
            if len(stem) >= 3 and not stem.endswith("s"):
                return stem + british
            break
    return word


@functools.lru_cache(maxsize=50_000)
def word_key(word: str) -> str:
    """The key a folded word is matched by: canonical spelling, then Porter stem."""
    word = canonical_spelling(word)
    if not _WORD_CHARACTERS.match(word):
        return word
    return _stemmer.stemWord(word)


def is_stop_word(word: str) -> bool:
    return word in STOP_WORDS


def content_keys(text: str) -> list[str]:
    """The keys of a phrase's meaningful words, in order."""
    return [word_key(word) for word in tokens(text) if not is_stop_word(word)]
