"""Forgiving text: typo correction and synonym expansion, done before any back end sees a query.

SQLite FTS5 has no fuzzy matching and the test search server ignores synonym token filters
(DESIGN.md §6), so both happen here, once, and every back end receives the same resolved query:
condition/technique slugs named by the text ("sciatic nerve pain" → ``sciatica``), the residual
words to match as free text, the geocoded point, and notices for the person ("Showing results
for …"). The vocabulary is the taxonomy (names and editor-kept synonyms), clinic cities and
therapist names; it is cached per process and dropped whenever any of them changes.
"""

from __future__ import annotations

import functools
import re
import threading
import time
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from articles.models import Condition, Technique
from directory.geocoding import get_geocoder, unplaced_message
from directory.geocoding import normalize as geocoder_normalize
from directory.models import Clinic, TherapistPage
from search.query import DirectoryQuery, QueryError, unique

# Words that carry no meaning in a massage-therapist directory; every listed therapist is one.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "or",
        "the",
        "of",
        "for",
        "in",
        "on",
        "at",
        "to",
        "with",
        "by",
        "near",
        "me",
        "my",
        "i",
        "who",
        "that",
        "treat",
        "treats",
        "treating",
        "treatment",
        "massage",
        "massages",
        "therapist",
        "therapists",
        "therapy",
        "rmt",
        "lmt",
        "find",
        "looking",
        "need",
        "want",
        "good",
        "best",
        "around",
    ]
)
# Words shorter than this are never "corrected": too many real words are one edit apart.
MIN_CORRECTABLE_LENGTH = 4
VOCABULARY_TTL_SECONDS = 300


def normalize(text: str) -> str:
    """Case, accents and punctuation folded, the same way the geocoder keys places."""
    return geocoder_normalize(text)


@functools.lru_cache(maxsize=200_000)
def name_sort_key(title: str) -> str:
    """The key both back ends sort names by (the engine stores it as ``name_sort``). Cached:
    sorting thousands of matches by name would otherwise re-normalise the same titles each time."""
    return normalize(title)


def singular(word: str) -> str:
    """A crude English singular, applied to both sides so 'muscles' meets 'muscle'."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


def tokens(text: str) -> list[str]:
    return normalize(text).split()


def phrase_key(text: str) -> str:
    return " ".join(singular(word) for word in tokens(text))


@dataclass(frozen=True)
class Term:
    kind: str  # "condition" | "technique"
    slug: str
    name: str
    phrases: tuple[str, ...]  # name and synonyms, as typed by editors


@dataclass
class Vocabulary:
    conditions: dict[str, Term]
    techniques: dict[str, Term]
    phrases: dict[str, Term]  # phrase_key -> term
    longest_phrase: int
    taxonomy_words: list[str]
    other_words: list[str]  # cities and therapist names
    known_words: frozenset[str]
    cities: list[str]

    def terms_mentioning(self, word: str, kind: str) -> list[str]:
        """Slugs of the conditions or techniques whose name or a synonym contains ``word``.

        Substring, case-insensitive, like the database's other text matches. Both back ends take
        the taxonomy part of a word match from here, so a word like "disc" finds therapists tagged
        "Lumbar disc herniation" on both, and engine documents need not carry every tag's phrases.
        """
        word = word.casefold()
        terms = self.conditions if kind == "condition" else self.techniques
        return sorted(slug for slug, term in terms.items() if any(word in phrase.casefold() for phrase in term.phrases))


def build_vocabulary() -> Vocabulary:
    conditions: dict[str, Term] = {}
    techniques: dict[str, Term] = {}
    phrases: dict[str, Term] = {}
    for kind, model, target in (("condition", Condition, conditions), ("technique", Technique, techniques)):
        for row in model.objects.order_by("pk").only("slug", "name", "synonyms"):
            term = Term(kind, row.slug, row.name, unique([row.name, *row.synonym_list]))
            target[row.slug] = term
            for phrase in (*term.phrases, row.slug.replace("-", " ")):
                key = phrase_key(phrase)
                # First come wins: a synonym shared by two terms stays with the older one.
                if key:
                    phrases.setdefault(key, term)
    listed = TherapistPage.objects.listed()
    cities = sorted(set(Clinic.objects.filter(therapist__in=listed.values("pk")).values_list("city", flat=True)))
    name_words: set[str] = set()
    # A plain list, not .iterator(): on PostgreSQL that becomes a server-side cursor, planned for
    # the first rows, and this join took 154 s at 100k therapists where the list takes under one.
    for title in listed.values_list("title", flat=True):
        name_words.update(tokens(title))
    taxonomy_words = sorted({word for key in phrases for word in key.split()})
    city_words = {word for city in cities for word in tokens(city)}
    other_words = sorted((city_words | name_words) - set(taxonomy_words))
    known = frozenset(taxonomy_words) | frozenset(other_words) | STOP_WORDS
    return Vocabulary(
        conditions=conditions,
        techniques=techniques,
        phrases=phrases,
        longest_phrase=max((len(key.split()) for key in phrases), default=1),
        taxonomy_words=taxonomy_words,
        other_words=other_words,
        known_words=known,
        cities=cities,
    )


class _VocabularyCache:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value: Vocabulary | None = None
        self._built_at = 0.0
        self._generation = 0

    def get(self) -> Vocabulary:
        value = self._value
        if value is not None and time.monotonic() - self._built_at < VOCABULARY_TTL_SECONDS:
            return value
        generation = self._generation
        value = build_vocabulary()
        with self._lock:
            if generation == self._generation:  # not invalidated while we were building
                self._value, self._built_at = value, time.monotonic()
        return value

    def invalidate(self) -> None:
        with self._lock:
            self._value = None
            self._generation += 1


vocabulary_cache = _VocabularyCache()


def get_vocabulary() -> Vocabulary:
    return vocabulary_cache.get()


def invalidate_vocabulary(**_kwargs) -> None:
    """Signal receiver: taxonomy, therapists or clinics changed."""
    vocabulary_cache.invalidate()


def correct_word(word: str, vocabulary: Vocabulary) -> str | None:
    """The closest known word within one edit (two for long words), taxonomy first; None if none."""
    if len(word) < MIN_CORRECTABLE_LENGTH or word in vocabulary.known_words or not word.isalpha():
        return None
    limit = 1 if len(word) <= 5 else 2
    for words in (vocabulary.taxonomy_words, vocabulary.other_words):
        match = process.extractOne(word, words, scorer=Levenshtein.distance, score_cutoff=limit)
        if match is not None:
            return match[0]
    return None


@dataclass(frozen=True)
class ResolvedQuery:
    """A DirectoryQuery after the text layer: what every back end actually searches for."""

    query: DirectoryQuery
    # Terms the text named; a therapist matches one by being tagged with it, or by mentioning
    # one of its phrases in name or bio. Tagged matches rank first.
    text_terms: tuple[Term, ...] = ()
    words: tuple[str, ...] = ()  # residual free-text words; each must match somewhere
    conditions: tuple[str, ...] = ()  # filter slugs, all known
    techniques: tuple[str, ...] = ()
    lat: float | None = None
    lng: float | None = None
    radius_km: float | None = None
    sort: str = "relevance"
    place_label: str = ""
    notices: tuple[str, ...] = field(default=())

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lng is not None

    @property
    def has_text(self) -> bool:
        return bool(self.text_terms or self.words)


def split_text(text: str, vocabulary: Vocabulary) -> tuple[list[Term], list[str], list[tuple[str, str]]]:
    """Split text into taxonomy terms (longest phrase first), residual words and corrections made."""
    words = tokens(text)
    corrections: list[tuple[str, str]] = []
    corrected: list[str] = []
    for word in words:
        fixed = correct_word(word, vocabulary)
        if fixed is not None:
            corrections.append((word, fixed))
        corrected.append(fixed or word)
    keys = [singular(word) for word in corrected]
    terms: list[Term] = []
    residual: list[str] = []
    index = 0
    while index < len(keys):
        for length in range(min(vocabulary.longest_phrase, len(keys) - index), 0, -1):
            term = vocabulary.phrases.get(" ".join(keys[index : index + length]))
            if term is not None:
                if term not in terms:
                    terms.append(term)
                index += length
                break
        else:
            if corrected[index] not in STOP_WORDS:
                residual.append(corrected[index])
            index += 1
    return terms, list(unique(residual)), corrections


def resolve(query: DirectoryQuery) -> ResolvedQuery:
    """Expand synonyms, correct typos, geocode the place and drop unknown filter values.

    Raises QueryError when the place cannot be found: guessing a location would mislead.
    """
    vocabulary = get_vocabulary()
    notices: list[str] = []
    terms, words, corrections = split_text(query.text, vocabulary) if query.text else ([], [], [])
    if corrections:
        shown = " ".join(dict(corrections).get(word, word) for word in tokens(query.text))
        notices.append(f"Showing results for “{shown}”.")
    conditions, techniques = [], []
    for slugs, known, target, label in (
        (query.conditions, vocabulary.conditions, conditions, "condition"),
        (query.techniques, vocabulary.techniques, techniques, "technique"),
    ):
        for slug in slugs:
            if slug in known:
                target.append(slug)
            else:
                notices.append(f"Ignored the unknown {label} “{slug}”.")
    lat, lng, place_label = query.lat, query.lng, ""
    if query.near and not query.has_point:
        place = geocode(query.near, vocabulary)
        if place is None:
            raise QueryError({"near": [unplaced_message(query.near)]})
        lat, lng, place_label = place.latitude, place.longitude, place.label
        if place.precision_note:  # "SW1A 1AA" placed at SW1A: say so
            notices.append(place.precision_note)
    sort = query.sort
    if sort == "distance" and lat is None:
        notices.append("Sorting by relevance: give a place to sort by distance.")
        sort = "relevance"
    return ResolvedQuery(
        query=query,
        text_terms=tuple(terms),
        words=tuple(words),
        conditions=tuple(conditions),
        techniques=tuple(techniques),
        lat=lat,
        lng=lng,
        radius_km=query.effective_radius_km if lat is not None else None,
        sort=sort,
        place_label=place_label,
        notices=tuple(notices),
    )


def geocode(text: str, vocabulary: Vocabulary):
    """Geocode a place; on a miss, retry with the closest clinic city (typos in place names)."""
    geocoder = get_geocoder()
    place = geocoder.geocode(text)
    if place is not None:
        return place
    head, _, tail = text.partition(",")
    match = process.extractOne(
        normalize(head), [normalize(city) for city in vocabulary.cities], scorer=Levenshtein.distance, score_cutoff=2
    )
    if match is None:
        return None
    return geocoder.geocode(vocabulary.cities[match[2]] + ("," + tail if tail else ""))


_WORD = re.compile(r"\w+")


def autocomplete_terms(prefix: str, limit: int = 8) -> list[Term]:
    """Taxonomy terms whose name or a synonym has a word starting with ``prefix``."""
    key = normalize(prefix)
    if not key:
        return []
    vocabulary = get_vocabulary()
    found: list[Term] = []
    for term in (*vocabulary.conditions.values(), *vocabulary.techniques.values()):
        for phrase in term.phrases:
            normal = normalize(phrase)
            if normal.startswith(key) or f" {key}" in f" {normal}":
                found.append(term)
                break
    found.sort(key=lambda term: (not normalize(term.name).startswith(key), term.name))
    return found[:limit]
