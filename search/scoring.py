"""Relevance, written down once: the constant weights both back ends score with.

A hit's score is a sum of fixed weights, not BM25: each taxonomy term the text named earns
``MENTIONED_TERM_WEIGHT`` (the therapist mentions it) or ``TAGGED_TERM_WEIGHT`` (tagged with it),
each residual word ``WORD_ELSEWHERE_WEIGHT`` or ``WORD_IN_NAME_WEIGHT`` (in the therapist's name),
and a recently confirmed "accepting new clients" adds ``ACCEPTING_WEIGHT``. BM25 scores differ
between engines and from the database; constant weights make the relevance *order* agree across
back ends, which the contract suite asserts. The engine scores only the differences (a tag over a
mention, a name over elsewhere), since every hit earns the base weights alike.
"""

from __future__ import annotations

# A tag is an editor-checked fact, so it outranks any mention in prose.
TAGGED_TERM_WEIGHT = 10.0
MENTIONED_TERM_WEIGHT = 2.0
WORD_IN_NAME_WEIGHT = 3.0
WORD_ELSEWHERE_WEIGHT = 1.0
ACCEPTING_WEIGHT = 0.5

# What a hit earns beyond the base weights every match earns.
TAG_BOOST = TAGGED_TERM_WEIGHT - MENTIONED_TERM_WEIGHT
NAME_BOOST = WORD_IN_NAME_WEIGHT - WORD_ELSEWHERE_WEIGHT


def base_score(term_count: int, word_count: int) -> float:
    """What every match earns: it matched each term (at least as a mention) and each word somewhere."""
    return MENTIONED_TERM_WEIGHT * term_count + WORD_ELSEWHERE_WEIGHT * word_count
