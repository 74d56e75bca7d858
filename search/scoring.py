"""Relevance, written down once: the constant weights both back ends score with, and the tie-breaks.

A hit's score is a sum of fixed weights, not BM25: each taxonomy term the text named earns
``MENTIONED_TERM_WEIGHT`` (the therapist mentions it) or ``TAGGED_TERM_WEIGHT`` (tagged with it),
each residual word ``WORD_ELSEWHERE_WEIGHT`` or ``WORD_IN_NAME_WEIGHT`` (in the therapist's name),
a recently confirmed "accepting new clients" adds ``ACCEPTING_WEIGHT``, a complete profile
``COMPLETE_PROFILE_WEIGHT``, and with a place each ring of ``DISTANCE_RINGS_KM`` the nearest clinic
lies within adds its weight (distance decays the score in steps). So a tag always outranks a
mention, a matched word in the name outranks one in the bio, and the small lifts (at most 1.25 in
all) only reorder hits that matched the words equally well.

Ties never fall back to name order (that handed the first look to every "Aisha"). With a place,
the nearer therapist comes first. Without one, a fair rotation: each therapist's place in a fixed
cycle (``rotation_key``, a hash of the id) shifted by a daily offset (``day_offset``): the same
URL gives the same order all day, pages never overlap, and the head of the list moves every day.

Every weight is a multiple of 1/8, so sums are exact in the engine's 32-bit floats too and equal
scores tie on both back ends. BM25 scores differ
between engines and from the database; constant weights make the relevance *order* agree across
back ends, which the contract suite asserts. The engine scores only the differences (a tag over a
mention, a name over elsewhere), since every hit earns the base weights alike.
"""

from __future__ import annotations

import datetime
import hashlib

# A tag is an editor-checked fact, so it outranks any mention in prose.
TAGGED_TERM_WEIGHT = 10.0
MENTIONED_TERM_WEIGHT = 2.0
WORD_IN_NAME_WEIGHT = 3.0
WORD_ELSEWHERE_WEIGHT = 1.0
ACCEPTING_WEIGHT = 0.5
# Photo, a bio worth reading, a located clinic and at least one condition: people can judge them.
COMPLETE_PROFILE_WEIGHT = 0.25
# (radius, weight): cumulative, so a clinic within 5 km earns all three.
DISTANCE_RINGS_KM = ((5.0, 0.25), (15.0, 0.125), (40.0, 0.125))
# The engine adds this to hits at or past the day's offset in the rotation cycle and then sorts
# by the cycle position: the same order as sorting by position minus offset, modulo the cycle.
# Smaller than any difference between real scores (1/8).
ROTATION_LIFT = 1 / 64
ROTATION_CYCLE = 2**31

# What a hit earns beyond the base weights every match earns.
TAG_BOOST = TAGGED_TERM_WEIGHT - MENTIONED_TERM_WEIGHT
NAME_BOOST = WORD_IN_NAME_WEIGHT - WORD_ELSEWHERE_WEIGHT


def base_score(term_count: int, word_count: int) -> float:
    """What every match earns: it matched each term (at least as a mention) and each word somewhere."""
    return MENTIONED_TERM_WEIGHT * term_count + WORD_ELSEWHERE_WEIGHT * word_count


def distance_lift(km: float) -> float:
    """What nearness adds: the weights of the rings the nearest clinic lies within."""
    return sum(weight for radius, weight in DISTANCE_RINGS_KM if km <= radius)


def rotation_key(therapist_id: int) -> int:
    """A therapist's fixed place in the rotation cycle: a hash of the id, the same in every process
    (Python's ``hash`` of a str is salted per process) and stored in engine documents."""
    digest = hashlib.blake2b(str(therapist_id).encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % ROTATION_CYCLE


def day_offset(day: datetime.date) -> int:
    """Where the cycle starts on ``day`` (local date): constant all day, a new start every day."""
    digest = hashlib.blake2b(day.isoformat().encode(), digest_size=8).digest()
    return int.from_bytes(digest, "big") % ROTATION_CYCLE


def rotation_order(therapist_id: int, day: datetime.date) -> int:
    """The tie-break without a place: position in the cycle counted from the day's offset."""
    return (rotation_key(therapist_id) - day_offset(day)) % ROTATION_CYCLE
