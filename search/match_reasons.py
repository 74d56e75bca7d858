"""Why each therapist is in the results ("Sciatica — you searched “sciatic nerve pain”", "Toronto").

Worked out here, after any back end answered, from the hit ids and the resolved query — so the
database and engine back ends explain their hits identically. The hits' tags and clinic cities come
with the cards (``search.presentation``); at most one more query per page of results reads their
names and bios, whatever the number of hits.
"""

from __future__ import annotations

from collections import defaultdict

from directory.models import TherapistPage
from search.query import Hit, MatchReason
from search.text import ResolvedQuery, Term, get_vocabulary, normalize
from search.words import LUCENE_ENGLISH_STOP_WORDS, tokens, word_key


def _name_keys(text: str) -> list[str]:
    return sorted(word_key(word) for word in tokens(text) if word not in LUCENE_ENGLISH_STOP_WORDS)


def typed_words(term: Term, typed: str) -> str:
    """The words the person typed for a term, unless they are just its name in other letters
    ("Spinal stenosis" — from “stenosis”; nothing more for “spinal stenosis”)."""
    return "" if _name_keys(typed) == _name_keys(term.name) else typed


def add_reasons(
    hits: list[Hit],
    resolved: ResolvedQuery,
    tags: dict[int, set[tuple[str, str]]],
    cities: dict[int, list[str]],
) -> None:
    """Why each hit matched: the terms it is tagged with (and the words typed for them), terms it
    mentions in its own name or bio, the term or the text each other word matched, and the clinic
    city that matched a word or the place searched.

    ``tags`` and ``cities`` are what the cards already fetched (``search.presentation``): each hit's
    (kind, slug) tags, every condition and, when the search has words or named a technique, every
    technique; and its clinics' cities in order."""
    if not hits:
        return
    vocabulary = get_vocabulary()
    ids = [hit.id for hit in hits]
    wanted: dict[str, dict[str, str]] = {"condition": {}, "technique": {}}  # kind -> slug -> via
    for slug in resolved.conditions:
        wanted["condition"].setdefault(slug, "")
    for slug in resolved.techniques:
        wanted["technique"].setdefault(slug, "")
    typed = {(kind, slug): words for kind, slug, words in resolved.term_sources}
    for term in resolved.text_terms:
        wanted[term.kind][term.slug] = typed_words(term, typed.get((term.kind, term.slug), ""))

    # A residual word also matches a therapist tagged with a term whose name, a synonym or a symptom
    # contains it (Vocabulary.terms_mentioning, the rule both back ends apply).
    word_terms: dict[str, list[tuple[str, str]]] = {
        word: [(kind, slug) for kind in ("condition", "technique") for slug in vocabulary.terms_mentioning(word, kind)]
        for word in resolved.words
    }
    tagged = defaultdict(set, tags)

    # A text term a hit is not tagged with matched a mention in its name or bio: find which phrase.
    untagged_text = {hit.id: [t for t in resolved.text_terms if (t.kind, t.slug) not in tagged[hit.id]] for hit in hits}
    texts = {}
    if any(untagged_text.values()) or resolved.words:
        texts = {
            pk: normalize(f"{title} {designation} {bio}")
            for pk, title, designation, bio in TherapistPage.objects.filter(
                pk__in=ids if resolved.words else [pk for pk, terms in untagged_text.items() if terms]
            ).values_list("pk", "title", "designation", "bio")
        }

    for hit in hits:
        reasons: list[MatchReason] = []
        for kind, terms in (("condition", vocabulary.conditions), ("technique", vocabulary.techniques)):
            for slug, via in wanted[kind].items():
                if (kind, slug) in tagged[hit.id] and slug in terms:
                    reasons.append(MatchReason(kind, terms[slug].name, via))
        for term in untagged_text[hit.id]:
            text = texts.get(hit.id, "")
            phrase = next((p for p in term.phrases if normalize(p) and normalize(p) in text), "")
            if phrase:
                reasons.append(
                    MatchReason("mention", phrase, term.name if normalize(phrase) != normalize(term.name) else "")
                )
        explained: set[str] = set()
        for city in cities.get(hit.id, []) if resolved.words else ():
            city_words = set(normalize(city).split())
            if found := [word for word in resolved.words if normalize(word) in city_words]:
                reasons.append(MatchReason("city", city))
                explained.update(found)
        for word in resolved.words:
            if word in explained:
                continue
            via_tag = next(((k, slug) for k, slug in word_terms[word] if (k, slug) in tagged[hit.id]), None)
            if via_tag is not None:
                kind, slug = via_tag
                terms = vocabulary.conditions if kind == "condition" else vocabulary.techniques
                reasons.append(MatchReason(kind, terms[slug].name, word))
            elif normalize(word) in texts.get(hit.id, ""):
                reasons.append(MatchReason("mention", word))
        if resolved.has_point and hit.city and not any(r.kind == "city" and r.label == hit.city for r in reasons):
            reasons.append(MatchReason("city", hit.city, resolved.place_label))
        hit.reasons = tuple(dict.fromkeys(reasons))
