"""Forgiving text: typo correction and synonym expansion, done before any back end sees a query.

SQLite FTS5 has no fuzzy matching and the test search server ignores synonym token filters
(DESIGN.md §6), so both happen here, once, and every back end receives the same resolved query:
condition/technique slugs named by the text ("sciatic nerve pain" → ``sciatica``), the residual
words to match as free text, the geocoded point, and notices for the person ("Showing results
for …"). The vocabulary is the taxonomy (names and editor-kept synonyms), clinic cities,
therapist names and the words of live articles; it is cached per process and dropped whenever
any of them changes. The site search asks for the correction alone (``correct_spelling``), once,
and searches both therapists and articles with it.
"""

from __future__ import annotations

import functools
import re
import threading
import time
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from articles.blocks import plain_text
from articles.models import ArticlePage, Condition, Technique
from directory.geocoding import get_geocoder, unplaced_message
from directory.geocoding import normalize as geocoder_normalize
from directory.models import Clinic, TherapistPage
from search.query import DirectoryQuery, QueryError, unique
from search.words import (
    PAIN_WORDS,
    STOP_WORDS,
    content_keys,
    is_stop_word,
    tokens,
    word_key,
)

# Words shorter than this are never "corrected": too many real words are one edit apart.
MIN_CORRECTABLE_LENGTH = 4
VOCABULARY_TTL_SECONDS = 300
# The trade's own filler words are worth correcting too ("masage" is "massage", then dropped as
# filler); only these, and by one edit, or real words would vanish ("pending" is two from "finding").
CORRECTABLE_FILLER = ("massage", "massages", "therapist", "therapists", "therapy", "treatment", "treatments")


def normalize(text: str) -> str:
    """Case, accents and punctuation folded, the same way the geocoder keys places."""
    return geocoder_normalize(text)


@functools.lru_cache(maxsize=200_000)
def name_sort_key(title: str) -> str:
    """The key both back ends sort names by (the engine stores it as ``name_sort``). Cached:
    sorting thousands of matches by name would otherwise re-normalise the same titles each time."""
    return normalize(title)


# Within a query, a phrase's words may have this many other meaningful words between them.
MAX_WORDS_BETWEEN = 2
# Words of a multi-word name too common to stand for the term on their own.
PAIN_KEYS = frozenset(word_key(word) for word in PAIN_WORDS)
GENERIC_NAME_WORDS = frozenset(
    word_key(word) for word in (*PAIN_WORDS, "syndrome", "disease", "disorder", "related", "therapy", "massage")
)


@dataclass(frozen=True)
class Term:
    kind: str  # "condition" | "technique"
    slug: str
    name: str
    phrases: tuple[str, ...]  # name and synonyms, as typed by editors (matched in bios too)
    symptoms: tuple[str, ...] = ()  # how people describe it: matched in queries only


@dataclass(frozen=True)
class Phrase:
    """One way of naming a term in a query: its meaningful words' keys, matched in any order."""

    term: Term
    text: str
    keys: frozenset[str]
    part_of_name: bool = False  # a distinctive word of a multi-word name ("stenosis")

    @property
    def priority(self) -> tuple[int, int, bool]:
        """Most words that are not pain words first: "pregnancy back (pain)" before "back hurts"."""
        return (-len(self.keys - PAIN_KEYS), -len(self.keys & PAIN_KEYS), self.part_of_name)


@dataclass
class Vocabulary:
    conditions: dict[str, Term]
    techniques: dict[str, Term]
    phrases: dict[str, list[Phrase]]  # word key -> the phrases with that key
    taxonomy_words: list[str]
    other_words: list[str]  # cities and therapist names
    known_words: frozenset[str]
    cities: list[str]
    spelt: dict[str, str] = field(default_factory=dict)  # folded word -> as a city or name spells it
    # Words of live public articles no list above has: known, so never "corrected" away ("equina"
    # is not "quinn"), and the last place a typo is corrected to.
    article_words: list[str] = field(default_factory=list)
    article_keys: frozenset[str] = frozenset()  # their keys: "joints" is no typo when "joint" is known

    def terms_mentioning(self, word: str, kind: str) -> list[str]:
        """Slugs of the conditions or techniques whose name or a synonym contains ``word``.

        Substring, case-insensitive, like the database's other text matches. Both back ends take
        the taxonomy part of a word match from here, so a word like "disc" finds therapists tagged
        "Lumbar disc herniation" on both, and engine documents need not carry every tag's phrases.
        """
        word = word.casefold()
        terms = self.conditions if kind == "condition" else self.techniques
        return sorted(
            slug
            for slug, term in terms.items()
            if any(word in phrase.casefold() for phrase in (*term.phrases, *term.symptoms))
        )

    def phrases_within(self, keys: set[str]) -> list[Phrase]:
        """Phrases all of whose keys are among ``keys``, longest first."""
        found = {id(p): p for key in keys for p in self.phrases.get(key, ()) if p.keys <= keys}
        return sorted(found.values(), key=lambda p: p.priority)


def _phrase_index(terms: list[Term], slugs: dict[Term, str]) -> dict[str, list[Phrase]]:
    """Every name, synonym, symptom and slug as a Phrase, plus each distinctive word of a
    multi-word name: one no other term uses anywhere ("stenosis" → Spinal stenosis).

    Pain words are optional in a phrase of three or more words ("sciatic nerve" names Sciatica by
    "sciatic nerve pain").
    """
    written: list[tuple[Term, str, frozenset[str]]] = []
    users: dict[str, set[Term]] = {}
    for term in terms:
        for text in (*term.phrases, *term.symptoms, slugs[term]):
            keys = frozenset(content_keys(text))
            written.append((term, text, keys))
            for key in keys:
                users.setdefault(key, set()).add(term)
    phrases: list[Phrase] = []
    seen: set[frozenset[str]] = set()

    def add(phrase: Phrase) -> None:
        # First come wins: a phrase shared by two terms stays with the older one.
        if phrase.keys and phrase.keys not in seen:
            seen.add(phrase.keys)
            phrases.append(phrase)

    for term, text, keys in written:
        add(Phrase(term, text, keys))
    for term, text, keys in written:
        without_pain = keys - PAIN_KEYS
        if len(without_pain) >= 2 and without_pain != keys:
            add(Phrase(term, text, frozenset(without_pain)))
    for term in terms:
        name_keys = content_keys(term.name)
        if len(name_keys) < 2:
            continue
        for key in name_keys:
            if len(key) >= 4 and key not in GENERIC_NAME_WORDS and users.get(key) == {term}:
                add(Phrase(term, key, frozenset([key]), part_of_name=True))
    index: dict[str, list[Phrase]] = {}
    for phrase in phrases:
        for key in phrase.keys:
            index.setdefault(key, []).append(phrase)
    return index


def build_vocabulary() -> Vocabulary:
    conditions: dict[str, Term] = {}
    techniques: dict[str, Term] = {}
    slugs: dict[Term, str] = {}
    for kind, model, target in (("condition", Condition, conditions), ("technique", Technique, techniques)):
        for row in model.objects.order_by("pk").only("slug", "name", "synonyms", "symptoms"):
            term = Term(kind, row.slug, row.name, unique([row.name, *row.synonym_list]), tuple(row.symptom_list))
            target[row.slug] = term
            slugs[term] = row.slug.replace("-", " ")
    phrases = _phrase_index([*conditions.values(), *techniques.values()], slugs)
    listed = TherapistPage.objects.listed()
    cities = sorted(set(Clinic.objects.filter(therapist__in=listed.values("pk")).values_list("city", flat=True)))
    name_words: set[str] = set()
    # A plain list, not .iterator(): on PostgreSQL that becomes a server-side cursor, planned for
    # the first rows, and this join took 154 s at 100k therapists where the list takes under one.
    titles = list(listed.values_list("title", flat=True))
    for title in titles:
        name_words.update(tokens(title))
    taxonomy_words = sorted(
        {word for term in slugs for text in (*term.phrases, *term.symptoms) for word in tokens(text)} - STOP_WORDS
    )
    city_words = {word for city in cities for word in tokens(city)}
    # Folded words back to how cities and names spell them ("montreal" → "montréal"): the back
    # ends match residual words as written, accents included.
    spelt: dict[str, str] = {}
    for text in (*cities, *titles):
        for word in text.casefold().split():
            folded = normalize(word)
            if folded != word and " " not in folded and folded.isalpha():
                spelt.setdefault(folded, word)
    other_words = sorted((city_words | name_words) - set(taxonomy_words))
    in_articles = {word for word in _article_words() - STOP_WORDS if word.isalpha()}
    article_words = sorted(in_articles - set(taxonomy_words) - set(other_words))
    known = frozenset(taxonomy_words) | frozenset(other_words) | frozenset(article_words) | STOP_WORDS
    return Vocabulary(
        conditions=conditions,
        techniques=techniques,
        phrases=phrases,
        taxonomy_words=taxonomy_words,
        other_words=other_words,
        known_words=known,
        cities=cities,
        spelt=spelt,
        article_words=article_words,
        article_keys=frozenset(word_key(word) for word in in_articles),
    )


def _article_words() -> set[str]:
    """Every word a reader can read in a live public article: title, summary and body."""
    words: set[str] = set()
    for article in ArticlePage.objects.live().public().only("title", "summary", "body"):
        words.update(tokens(f"{article.title} {article.summary} {plain_text(article.body)}"))
    return words


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
    if (
        len(word) < MIN_CORRECTABLE_LENGTH
        or word in vocabulary.known_words
        or not word.isalpha()
        or word_key(word) in vocabulary.phrases  # an inflection or variant of a taxonomy word
        or word_key(word) in vocabulary.article_keys  # ... or of a word an article uses
    ):
        return None
    limit = 1 if len(word) <= 5 else 2
    for words, cutoff in (
        (vocabulary.taxonomy_words, limit),
        (CORRECTABLE_FILLER, 1),
        (vocabulary.other_words, limit),
        (vocabulary.article_words, limit),
    ):
        match = process.extractOne(word, words, scorer=Levenshtein.distance, score_cutoff=cutoff)
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
    # (kind, slug, the words typed for it), for "why this result": "Spinal stenosis — from “stenosis”".
    term_sources: tuple[tuple[str, str, str], ...] = ()
    # Words the search stopped requiring because nothing matched them (see search.service).
    unused_words: tuple[str, ...] = ()
    # Relaxed: a therapist needs only one of the text terms, and more terms matched rank higher.
    any_term: bool = False
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


@dataclass(frozen=True)
class Understood:
    """What the text layer made of the words typed."""

    terms: tuple[Term, ...]  # in the order they were typed
    words: tuple[str, ...]  # meaningful words no term took, each required as free text
    corrections: tuple[tuple[str, str], ...]  # (typed, corrected)
    sources: tuple[tuple[str, str, str], ...]  # (kind, slug, the words typed for it)


def _window(keys: frozenset[str], positions: list[str]) -> tuple[int, int] | None:
    """The shortest run of ``positions`` holding every key: (first, last) index, or None."""
    best: tuple[int, int] | None = None
    for start, key in enumerate(positions):
        if key not in keys:
            continue
        missing = set(keys)
        for end in range(start, len(positions)):
            missing.discard(positions[end])
            if not missing:
                if best is None or end - start < best[1] - best[0]:
                    best = (start, end)
                break
    return best


def understand(text: str, vocabulary: Vocabulary, *, correct: bool = True) -> Understood:
    """Correct typos (unless ``correct`` is false: the words as typed), then find the taxonomy
    terms the words name and the words left over.

    A term is named by any of its phrases (name, synonym, symptom, slug, or a distinctive word of
    its name) whose meaningful words all occur close together, in any order, with at most
    ``MAX_WORDS_BETWEEN`` other meaningful words between them. Longer phrases are tried first,
    and a phrase is taken only when it explains a word no earlier phrase did.
    """
    corrections: list[tuple[str, str]] = []
    typed = tokens(text)
    surface: list[str] = []  # meaningful words, corrected
    at_token: list[int] = []  # surface word -> its place among the typed words
    for index, word in enumerate(typed):
        if is_stop_word(word):
            continue
        fixed = correct_word(word, vocabulary) if correct else None
        if fixed is not None and fixed != word:
            corrections.append((word, fixed))
            typed[index] = fixed
            if is_stop_word(fixed):
                continue
        surface.append(fixed or word)
        at_token.append(index)
    keys = [word_key(word) for word in surface]
    covered = [False] * len(keys)
    found: dict[Term, list[int]] = {}
    for phrase in vocabulary.phrases_within(set(keys)):
        window = _window(phrase.keys, keys)
        if window is None or window[1] - window[0] + 1 > len(phrase.keys) + MAX_WORDS_BETWEEN:
            continue
        at = [i for i in range(window[0], window[1] + 1) if keys[i] in phrase.keys]
        if all(covered[i] or keys[i] in PAIN_KEYS for i in at):
            continue  # explains nothing new ("hurts" alone does not name a second condition)
        for i in at:
            covered[i] = True
        found.setdefault(phrase.term, []).extend(at)
    terms = sorted(found, key=lambda term: min(found[term]))
    residual = [word for word, done in zip(surface, covered, strict=True) if not done]
    if terms:
        # "pain", "sore": the condition named already says it hurts.
        residual = [word for word in residual if word not in PAIN_WORDS]
    # The words typed for each term, from its first to its last, with the small words between.
    sources = tuple(
        (term.kind, term.slug, " ".join(typed[at_token[min(found[term])] : at_token[max(found[term])] + 1]))
        for term in terms
    )
    residual = [vocabulary.spelt.get(word, word) for word in residual]
    return Understood(tuple(terms), tuple(unique(residual)), tuple(corrections), sources)


@dataclass(frozen=True)
class Spelling:
    """A query as typed and as the text layer corrects it: one decision for a whole page, so the
    therapists and the articles of the site search are searched with the same words."""

    typed: str
    corrected: str  # the typed text with each misspelt word replaced; ``typed`` when none was
    corrections: tuple[tuple[str, str], ...] = ()  # (typed, corrected), folded as ``tokens`` folds

    @property
    def changed(self) -> bool:
        return self.corrected != self.typed


def correct_spelling(text: str) -> Spelling:
    """The correction ``resolve`` would make to ``text``, without searching anything."""
    pairs = tuple(dict(understand(text, get_vocabulary()).corrections).items())
    return Spelling(text, respell(text, pairs) if pairs else text, pairs)


# A word as ``tokens`` splits text: letters and digits, without "_" (normalize's separator).
_TOKEN = re.compile(r"[^\W_]+")


def respell(text: str, corrections) -> str:
    """``text`` with each corrected word replaced, keeping the rest as typed ("Sciatca, Toronto"
    → "Sciatica, Toronto"). Falls back to the folded words when a word is typed in a way that
    does not fold to one token (a ligature, say)."""
    fixes = dict(corrections)
    done: set[str] = set()

    def fix(match: re.Match) -> str:
        typed = match.group()
        fixed = fixes.get(normalize(typed))
        if fixed is None:
            return typed
        done.add(normalize(typed))
        if typed.isupper() and len(typed) > 1:
            return fixed.upper()
        return fixed.capitalize() if typed[0].isupper() else fixed

    respelt = _TOKEN.sub(fix, text)
    if done != set(fixes):
        return " ".join(fixes.get(word, word) for word in tokens(text))
    return respelt


def split_text(text: str, vocabulary: Vocabulary) -> tuple[list[Term], list[str], list[tuple[str, str]]]:
    """Split text into taxonomy terms, residual words and corrections made (see ``understand``)."""
    understood = understand(text, vocabulary)
    return list(understood.terms), list(understood.words), list(understood.corrections)


def resolve(query: DirectoryQuery, *, correct: bool = True) -> ResolvedQuery:
    """Expand synonyms, correct typos (unless ``correct`` is false), geocode the place and drop
    unknown filter values.

    Raises QueryError when the place cannot be found: guessing a location would mislead.
    """
    vocabulary = get_vocabulary()
    notices: list[str] = []
    understood = understand(query.text, vocabulary, correct=correct)
    terms, words, corrections = understood.terms, understood.words, understood.corrections
    if corrections:
        notices.append(f"Showing results for “{respell(query.text, corrections)}”.")
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
        term_sources=understood.sources,
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
