"""Facet bitmaps: the listed directory held in memory as one bitmap per facet value.

Why. Counting facets in SQL takes a grouped count per facet over the matching ids; on SQLite at
10,000 therapists that cost 8–15 ms a facet for a broad search, five facets a search: most of
the time a search took (BENCHMARKS.md). Search engines answer facets from per-value document
sets, and this module does the same for the database back end. Each listed therapist gets a
position, and each facet value (a condition, a technique, a language, a gender, a yes/no flag) a
Python int whose bit N is set when therapist N has it. Filters are ANDs and ORs of ints, and a
facet count is ``int.bit_count``.

They also answer who is listed and the taxonomy half of a text match (tagged with the term).
What stays in SQL: the substrings of a text match, the fee and the radius, which come back as
ids listed or not (``DatabaseBackend.scope``), and the page's cards. Each of those answers is kept
with the bitmaps (``remember``) until their key changes, as a search engine keeps a filter's
matches per index segment: the next search for the same term, fee or place asks SQL nothing.

Freshness. Built from the database on first use and kept per process under a key: the
``DirectoryVersion`` token, replaced in the same transaction as every change a search can see
(``directory_changed``), and today's date with the "recently confirmed" cut-off, because expiry,
confirmations going stale and restrictions starting or ending change with the calendar, not with
writes. Checking the key costs one primary-key read per search. A write that no signal sees
(``QuerySet.update``, raw SQL) is caught when SQL returns a therapist the bitmaps do not know
who is listed after all: they are rebuilt then. Otherwise a later bump or the next day catches it.
"""

from __future__ import annotations

import logging
import threading
import uuid
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db import connection
from django.utils import timezone

from directory.availability import fresh_since
from directory.models import Language
from search.facet_rows import KEYWORD_FACETS, facet_rows
from search.models import DirectoryVersion
from search.query import BOOLEAN_FILTERS
from search.scoring import rotation_order
from search.text import name_sort_key

logger = logging.getLogger(__name__)

# Answers kept per key (``DirectoryBitmaps.remember``): at 100,000 therapists a text answer is a
# 12.5 KB bitmap, so a few MB at most per process.
MAX_ANSWERS = 512

# The set bits of each byte value, so a bitmap is turned into positions a byte at a time.
_BITS_OF_BYTE = [tuple(bit for bit in range(8) if value >> bit & 1) for value in range(256)]


@dataclass(frozen=True)
class DirectoryBitmaps:
    key: tuple
    ids: list[int]  # position -> therapist id, ascending
    position: dict[int, int]  # therapist id -> position
    folded_titles: list[str]  # casefolded names, for "word in the name" relevance
    name_rank: list[int]  # position -> rank in the name sort (folded name, then id)
    values: dict[str, dict[str, int]]  # "conditions" | "techniques" | "languages" | "gender" -> value -> bitmap
    flags: dict[str, int]  # each yes/no filter (search.query.BOOLEAN_FILTERS) -> bitmap
    complete: int  # complete profiles (search.facet_rows.FacetRow.complete), for relevance
    rotation: list[int]  # position -> the tie-break without a place today (search.scoring.rotation_order)
    language_names: dict[str, str]  # lower-cased code -> name
    # What SQL answered under this key (``remember``), as an engine keeps filter results per segment.
    answers: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def everyone(self) -> int:
        return (1 << len(self.ids)) - 1

    def known(self, ids: Iterable[int]) -> tuple[int, list[int]]:
        """The bitmap of the therapists among ``ids`` these bitmaps know, and the ids they do not."""
        buffer = bytearray((len(self.ids) + 7) // 8)
        unknown: list[int] = []
        position = self.position
        for pk in ids:
            at = position.get(pk)
            if at is None:
                unknown.append(pk)
            else:
                buffer[at >> 3] |= 1 << (at & 7)
        return int.from_bytes(buffer, "little"), unknown

    def of_positions(self, positions: Iterable[int]) -> int:
        """The bitmap with these positions set."""
        buffer = bytearray((len(self.ids) + 7) // 8)
        for at in positions:
            buffer[at >> 3] |= 1 << (at & 7)
        return int.from_bytes(buffer, "little")

    def positions(self, bitmap: int) -> list[int]:
        """The set positions of a bitmap, ascending (so also in therapist id order)."""
        found: list[int] = []
        for index, byte in enumerate(bitmap.to_bytes((bitmap.bit_length() + 7) // 8, "little")):
            if byte:
                base = index * 8
                found.extend(base + bit for bit in _BITS_OF_BYTE[byte])
        return found

    def remember(self, question: tuple, answer):
        """Keep what SQL answered to ``question`` for as long as these bitmaps are current.

        The key these bitmaps were built under changes with every write a search can see and with
        the date, so an answer cannot go stale before they do; a new key builds new bitmaps with
        none. The oldest answer makes room once ``MAX_ANSWERS`` are kept.
        """
        answers = self.answers
        if question not in answers and len(answers) >= MAX_ANSWERS:
            answers.pop(next(iter(answers)), None)
        answers[question] = answer
        return answer

    def any_of(self, facet: str, values: Iterable[str]) -> int:
        """Therapists with at least one of these values (values within one facet are alternatives)."""
        bits = 0
        for value in values:
            bits |= self.values[facet].get(value, 0)
        return bits


def _bitmap(position: dict[int, int], size: int, ids: Iterable[int], *, strict: bool) -> int | None:
    """Set the bit of each id's position; an unknown id gives None when ``strict``, else is skipped."""
    buffer = bytearray((size + 7) // 8)
    for pk in ids:
        at = position.get(pk)
        if at is None:
            if strict:
                return None
            continue
        buffer[at >> 3] |= 1 << (at & 7)
    return int.from_bytes(buffer, "little")


def current_key() -> tuple:
    # Read on every search: one primary-key SELECT written out, as the ORM's compiling it cost more
    # than the query itself (bench/render_cost.py).
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT token FROM {DirectoryVersion._meta.db_table} WHERE id = 1")
        row = cursor.fetchone()
    return (row[0] if row else "", timezone.localdate(), fresh_since())


def build(key: tuple) -> DirectoryBitmaps:
    """Read the listed directory into bitmaps: about ten queries, none per therapist."""
    _, today, _ = key
    rows = list(facet_rows(today=today))
    ids = [row.id for row in rows]
    position = {pk: at for at, pk in enumerate(ids)}
    members: dict[str, dict[str, list[int]]] = {facet: defaultdict(list) for facet in KEYWORD_FACETS}
    flagged: dict[str, list[int]] = {name: [] for name in BOOLEAN_FILTERS}
    for row in rows:
        for facet, values in row.values().items():
            for value in values:
                members[facet][value].append(row.id)
        for name, on in row.flags(today).items():
            if on:
                flagged[name].append(row.id)

    def bits(pks: Iterable[int]) -> int:
        return _bitmap(position, len(ids), pks, strict=True)

    by_name = sorted(range(len(ids)), key=lambda at: (name_sort_key(rows[at].title), ids[at]))
    name_rank = [0] * len(ids)
    for rank, at in enumerate(by_name):
        name_rank[at] = rank
    return DirectoryBitmaps(
        key=key,
        ids=ids,
        position=position,
        folded_titles=[row.title.casefold() for row in rows],
        name_rank=name_rank,
        values={facet: {value: bits(pks) for value, pks in found.items()} for facet, found in members.items()},
        flags={name: bits(pks) for name, pks in flagged.items()},
        complete=bits(row.id for row in rows if row.complete),
        rotation=[rotation_order(pk, today) for pk in ids],
        language_names={code.lower(): name for code, name in Language.objects.values_list("code", "name")},
    )


class _BitmapCache:
    """One DirectoryBitmaps per process, rebuilt when its key no longer matches the database's."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._value: DirectoryBitmaps | None = None

    def get(self, *, rebuild: bool = False) -> DirectoryBitmaps:
        key = current_key()
        value = self._value
        if value is not None and value.key == key and not rebuild:
            return value
        value = build(key)
        with self._lock:
            self._value = value
        return value

    def invalidate(self) -> None:
        with self._lock:
            self._value = None


bitmap_cache = _BitmapCache()


def get_bitmaps(*, rebuild: bool = False) -> DirectoryBitmaps:
    return bitmap_cache.get(rebuild=rebuild)


def forget_answers() -> None:
    """Drop the SQL answers kept with this process's bitmaps (``DirectoryBitmaps.remember``), the
    bitmaps themselves kept: what a search costs the first time its words, fee or place are asked
    (benchmarks, query-count tests)."""
    value = bitmap_cache._value
    if value is not None:
        value.answers.clear()


def directory_changed(**_kwargs) -> None:
    """Signal receiver: something a directory search can see changed; every process must rebuild.

    Runs inside the writer's transaction, so the new token commits (or rolls back) with the
    change it announces.
    """
    bitmap_cache.invalidate()
    token = uuid.uuid4().hex
    if not DirectoryVersion.objects.filter(pk=1).update(token=token):
        # The migration creates the row; only a flushed test database lacks it.
        DirectoryVersion.objects.update_or_create(pk=1, defaults={"token": token})
