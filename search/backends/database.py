"""The embedded default: the directory search on the live tables, with facet bitmaps beside them.

Nothing to index — the tables *are* the index — so ``index``/``remove`` do nothing and
``rebuild`` only marks the facet bitmaps stale.
Who is listed, tags, filters, facet counts (each over the matches of every *other* filter) and
the sort keys come from per-process bitmaps of the listed directory (``search.backends.bitmaps``,
which says why and how they stay fresh). SQL answers the rest, as portable ORM expressions so
SQLite and PostgreSQL give the same answers: text as case-insensitive substrings (one query per
term or word, each part of it reading one table, which PostgreSQL answers from trigram indexes),
the fee, and the radius (a bounding-box prefilter on the clinic coordinates, then exact
great-circle distance). See ``base`` for the shared semantics, ``search.scoring`` for relevance.
"""

from __future__ import annotations

import contextlib
import contextvars
import functools
import heapq
import json
import logging
import operator
from collections.abc import Callable, Iterable

from django.contrib.contenttypes.models import ContentType
from django.db import DatabaseError, connection
from django.db.models import BigIntegerField, Expression, Q, QuerySet
from wagtail.models import Page

from directory.models import Clinic, TherapistPage
from search.backends.base import SearchBackend
from search.backends.bitmaps import DirectoryBitmaps, directory_changed, get_bitmaps
from search.geo import bounding_box, haversine_km
from search.query import BOOLEAN_LABELS, DirectoryResults, FacetValue, Hit, sort_facet_values
from search.scoring import (
    ACCEPTING_WEIGHT,
    COMPLETE_PROFILE_WEIGHT,
    MENTIONED_TERM_WEIGHT,
    NAME_BOOST,
    TAG_BOOST,
    base_score,
    distance_lift,
)
from search.text import ResolvedQuery, get_vocabulary

logger = logging.getLogger(__name__)

# A place "leaves few therapists" for the text to be matched among when fewer than 1/NEAR_FEW of
# the listed directory have a clinic within its radius.
NEAR_FEW = 4
# A place's distances are kept with the bitmaps (``DatabaseBackend.distances``) up to this many
# therapists: a wide radius over a big directory is a dict too large to keep per place.
MAX_KEPT_DISTANCES = 5_000


def text_is_indexed() -> bool:
    """Whether the database answers substring matches from an index: PostgreSQL, from the trigram
    indexes of migration ``directory.0006``; SQLite has none and reads the tables."""
    return connection.vendor == "postgresql"


def through_text_indexes(queryset: QuerySet) -> list[int]:
    """The ids a text match returns, read on PostgreSQL through its trigram indexes.

    The planner prices ``UPPER(bio) LIKE …`` at a fraction of its cost: for a term a quarter of the
    bios mention, at 100,000 therapists it chose a sequential scan taking 886 ms where the indexes
    answer in 141 (bench/search.py). Sequential scans are switched off for this one statement; a
    word too short for a trigram is still read whole, as no index can answer it.
    """
    if not text_is_indexed():
        return list(queryset)
    with connection.cursor() as cursor:
        cursor.execute("SET enable_seqscan = off")
        try:
            return list(queryset)
        finally:
            with contextlib.suppress(DatabaseError):  # an aborted transaction undoes the SET anyway
                cursor.execute("RESET enable_seqscan")


# Whether ids SQL returned that the bitmaps do not know are listed, asked once per search
# (``one_search``): a search that finds nothing counts every wider step it tries
# (search.service.relax, wider_searches), and each step would ask again.
_asked: contextvars.ContextVar[dict | None] = contextvars.ContextVar("directory_search_asked", default=None)


class IdList(Expression):
    """A list of ids as ONE query parameter: ``pk__in=IdList(ids)``.

    Django would otherwise send one parameter per id and compile them again for every facet
    query — the largest cost of a broad search. SQLite unpacks a JSON array (json_each, built in
    since 3.38 and in every Python build's SQLite), PostgreSQL an array (unnest).
    """

    output_field = BigIntegerField()

    def __init__(self, ids):
        super().__init__()
        self.ids = [int(pk) for pk in ids]

    def as_sql(self, compiler, connection):
        if connection.vendor == "postgresql":
            return "(SELECT unnest(%s::bigint[]))", [self.ids]
        if connection.vendor == "sqlite":
            return "(SELECT value FROM json_each(%s))", [json.dumps(self.ids)]
        return "(" + ", ".join(["%s"] * len(self.ids)) + ")" if self.ids else "(NULL)", self.ids


class DatabaseBackend(SearchBackend):
    name = "database"

    # --- building blocks -----------------------------------------------------------------

    def _mentioning(
        self, phrases: Iterable[str], *, everywhere: bool = False, among: list[int] | None = None
    ) -> QuerySet:
        """Ids of therapists whose name or bio contains one of ``phrases`` (``everywhere``: also
        their designation or a clinic's city), listed or not; only ``among`` these ids if given.

        One UNION ALL whose every part matches columns of ONE table, so PostgreSQL can answer each
        part from that table's trigram index (migration ``directory.0006``): an OR across joined
        tables can use no index and made it read every row. ``icontains`` is ``UPPER(col) LIKE
        UPPER(%s)`` there, the expression the indexes are built on; SQLite scans, as before.
        """

        def containing(*fields: str) -> Q:
            q = Q()
            for phrase in phrases:
                for field in fields:
                    q |= Q(**{f"{field}__icontains": phrase})
            return q

        # A therapist's name is the page title, in Wagtail's page table: read alone, not joined
        # (SQLite would visit both tables for every therapist).
        pages = Page.objects.filter(content_type=ContentType.objects.get_for_model(TherapistPage))
        pages = pages.order_by().values_list("pk", flat=True)
        therapists = TherapistPage.objects.order_by().values_list("pk", flat=True)
        clinics = Clinic.objects.order_by().values_list("therapist_id", flat=True)
        if among is not None:
            pages, therapists = pages.filter(pk__in=IdList(among)), therapists.filter(pk__in=IdList(among))
            clinics = clinics.filter(therapist__in=IdList(among))
        parts = [
            pages.filter(containing("title")),
            therapists.filter(containing("bio", "designation") if everywhere else containing("bio")),
        ]
        if everywhere:
            parts.append(clinics.filter(containing("city")))
        return parts[0].union(*parts[1:], all=True)

    def _found(
        self, bitmaps: DirectoryBitmaps, question: tuple, ask: Callable[[], Iterable[int]]
    ) -> tuple[int, list[int]]:
        """The ids ``ask()`` returns (a query, or the distances found) as ``bitmaps.known`` splits
        them, asked once for as long as the bitmaps are current (``DirectoryBitmaps.remember``): the
        wider steps of one search and every later search with the same term, word, fee or place
        reuse the answer. The ids the bitmaps do not know are kept with it, and ``scope`` asks each
        search again whether one of them is listed after all (a write no signal announced)."""
        found = bitmaps.answers.get(question)
        if found is None:
            found = bitmaps.remember(question, bitmaps.known(ask()))
        return found

    def _any_listed(self, ids: list[int]) -> bool:
        asked = _asked.get()
        question = ("listed", *sorted(ids))
        if asked is None or question not in asked:
            answer = self.listed().filter(pk__in=IdList(ids)).exists()
            if asked is None:
                return answer
            asked[question] = answer
        return asked[question]

    @contextlib.contextmanager
    def one_search(self):
        if _asked.get() is not None:  # already inside one
            yield
            return
        token = _asked.set({})
        try:
            yield
        finally:
            _asked.reset(token)

    def _tagged(self, bitmaps: DirectoryBitmaps, kind: str, slugs: Iterable[str]) -> int:
        return bitmaps.any_of("conditions" if kind == "condition" else "techniques", slugs)

    def text_matches(
        self, resolved: ResolvedQuery, bitmaps: DirectoryBitmaps, known, among: list[int] | None = None
    ) -> tuple[list[int], list[int]]:
        """Each text term's and each residual word's matches among the listed, as bitmaps.

        A term matches a therapist tagged with it, or whose name or bio contains one of its phrases;
        a word, one whose name, designation, bio or clinic city contains it, or who is tagged with a
        term whose name or a synonym contains it (``Vocabulary.terms_mentioning``, the rule the
        engine back end applies too). Tags come from the bitmaps; the substrings from SQL
        (``known(question, queryset)`` turns the ids it returns into a bitmap), only ``among``
        these ids if given (then the bits of others mean nothing).
        """
        vocabulary = get_vocabulary()
        # Answers differ with ``among``; within one search it is set by the place alone.
        place = (resolved.lat, resolved.lng, resolved.radius_km) if among is not None else None
        terms = [
            self._tagged(bitmaps, term.kind, [term.slug])
            | known(
                ("term", term.phrases, place),
                lambda term=term: through_text_indexes(self._mentioning(term.phrases, among=among)),
            )
            for term in resolved.text_terms
        ]
        words = []
        for word in resolved.words:
            bits = known(
                ("word", word, place),
                lambda word=word: through_text_indexes(self._mentioning([word], everywhere=True, among=among)),
            )
            for kind in ("condition", "technique"):
                bits |= self._tagged(bitmaps, kind, vocabulary.terms_mentioning(word, kind))
            words.append(bits)
        return terms, words

    def rebuild(self, progress=None) -> int:
        """No index to fill; tell every process its facet bitmaps are stale (after a bulk load)."""
        directory_changed()
        count = self.listed().count()
        if progress:
            progress(count)
        return count

    def listed(self) -> QuerySet:
        return TherapistPage.objects.listed()

    def distances(self, resolved: ResolvedQuery, bitmaps: DirectoryBitmaps) -> dict[int, float]:
        """Therapist id -> km to their nearest clinic, for those with a clinic inside the radius.

        The bounding box narrows the clinics with plain column comparisons (indexable, the same
        SQL everywhere); the exact great-circle distance is then computed here, in Python,
        rather than with SQL trigonometry that SQLite would call back into Python for anyway.
        """
        radius = resolved.radius_km
        # Kept with the bitmaps (their key changes with every clinic saved): the wider steps of one
        # search and later searches ask the same point again, often no further; an answer for a
        # wider radius than asked is filtered.
        question = ("distances", resolved.lat, resolved.lng)
        wider = bitmaps.answers.get(question)
        if wider and wider[0] >= radius:
            return wider[1] if wider[0] == radius else {pk: km for pk, km in wider[1].items() if km <= radius}
        min_lat, max_lat, min_lng, max_lng = bounding_box(resolved.lat, resolved.lng, radius)
        rows = Clinic.objects.filter(
            latitude__gte=min_lat, latitude__lte=max_lat, longitude__gte=min_lng, longitude__lte=max_lng
        ).values_list("therapist_id", "latitude", "longitude")
        nearest: dict[int, float] = {}
        for therapist_id, lat, lng in rows:  # a list, no server-side cursor (see text.build_vocabulary)
            km = haversine_km(resolved.lat, resolved.lng, lat, lng)
            if km <= radius and km < nearest.get(therapist_id, float("inf")):
                nearest[therapist_id] = km
        if len(nearest) <= MAX_KEPT_DISTANCES:
            bitmaps.remember(question, (radius, nearest))
        return nearest

    def scope(
        self,
        resolved: ResolvedQuery,
        distances: dict[int, float] | None,
        bitmaps: DirectoryBitmaps,
        *,
        strict: bool = True,
    ) -> tuple[int, list[int]] | None:
        """The listed therapists matching text, fee and place, and each text term's matches.

        Being listed and being tagged come from the bitmaps; what SQL still answers — substrings,
        the fee, the radius (the ids ``distances`` found) — comes back as ids, listed or not, and
        the bitmaps keep those they know. None (when ``strict``) if one they do not know is listed
        after all: a write no signal announced, so the bitmaps are stale.
        """
        unknown: list[int] = []

        def known(question: tuple, ask: Callable[[], Iterable[int]]) -> int:
            bits, strangers = self._found(bitmaps, question, ask)
            unknown.extend(strangers)
            return bits

        # Without an index for text (SQLite), a place that leaves few therapists has only theirs
        # read. With one (PostgreSQL), the index is quicker than a long list of ids, and its answer
        # serves every wider step of the search.
        among = None
        if distances is not None and len(distances) * NEAR_FEW < len(bitmaps.ids) and not text_is_indexed():
            among = list(distances)
        terms, words = self.text_matches(resolved, bitmaps, known, among)
        scope = bitmaps.everyone
        if terms and resolved.any_term:
            scope &= functools.reduce(operator.or_, terms)
        else:
            for bits in terms:
                scope &= bits
        for bits in words:
            scope &= bits
        if resolved.query.max_fee is not None:
            fee = resolved.query.max_fee
            scope &= known(
                ("fee", fee),
                lambda: TherapistPage.objects.filter(fee_min__lte=fee).order_by().values_list("pk", flat=True),
            )
        if distances is not None:
            scope &= known(("near", resolved.lat, resolved.lng, resolved.radius_km), lambda: distances)
        if strict and unknown and self._any_listed(list(set(unknown))):
            return None
        return scope, terms

    def filter_bitmaps(self, resolved: ResolvedQuery, bitmaps: DirectoryBitmaps) -> dict[str, int]:
        """One bitmap per active facet filter, keyed by facet name, so a facet can leave its own out."""
        query = resolved.query
        filters: dict[str, int] = {}
        if resolved.conditions:
            filters["conditions"] = bitmaps.any_of("conditions", resolved.conditions)
        if resolved.techniques:
            filters["techniques"] = bitmaps.any_of("techniques", resolved.techniques)
        if query.language:
            filters["languages"] = bitmaps.any_of("languages", [query.language.lower()])
        if query.gender:
            filters["gender"] = bitmaps.any_of("gender", [query.gender.strip().lower()])
        for name in BOOLEAN_LABELS:
            if getattr(query, name):
                filters[name] = bitmaps.flags[name]
        return filters

    # --- search ----------------------------------------------------------------------------

    def run(self, resolved: ResolvedQuery, *, count_only: bool = False) -> DirectoryResults:
        bitmaps = get_bitmaps()
        distances = self.distances(resolved, bitmaps) if resolved.has_point else None
        found = self.scope(resolved, distances, bitmaps)
        if found is None:
            # SQL found a listed therapist the bitmaps do not know: a write no signal announced.
            logger.info("Directory bitmaps were stale; rebuilding them.")
            bitmaps = get_bitmaps(rebuild=True)
            # Only someone listed in the instant between the two reads can still be missing.
            found = self.scope(resolved, distances, bitmaps, strict=False)
        scope, term_matches = found
        filters = self.filter_bitmaps(resolved, bitmaps)
        matches = scope
        for bits in filters.values():
            matches &= bits
        results = DirectoryResults(query=resolved.query, total=matches.bit_count())
        if count_only:
            return results
        start, stop = resolved.query.offset, resolved.query.offset + resolved.query.page_size
        scores: dict[int, float] = {}
        if resolved.sort == "distance":
            # Positions ascend with ids, and nsmallest is a stable sort's first ``stop``: equal
            # distances stay in id order.
            page = heapq.nsmallest(
                stop, bitmaps.positions(matches), key=lambda at: distances.get(bitmaps.ids[at], float("inf"))
            )[start:]
        elif resolved.sort == "name":
            page = heapq.nsmallest(stop, bitmaps.positions(matches), key=bitmaps.name_rank.__getitem__)[start:]
        else:
            by_position = self._relevance_page(resolved, bitmaps, matches, distances, term_matches, start, stop)
            page = list(by_position)
            scores = {bitmaps.ids[at]: score for at, score in by_position.items()}
        results.hits = self._hits([bitmaps.ids[at] for at in page], scores)
        results.facets = self._facets(resolved, bitmaps, scope, filters)
        return results

    def _score_groups(
        self, resolved: ResolvedQuery, bitmaps: DirectoryBitmaps, matches: int, term_matches: list[int]
    ) -> dict[float, int]:
        """Relevance before distance -> the matches that score it, from the bitmaps (no query).

        Every match earns each term's "mentioned" weight and each word's "elsewhere" weight (it
        matched them, or it would not be here); being tagged with the term, having the word in
        the name and a fresh "accepting" add to that. A score is a sum of a few fixed weights, so
        the matches fall into a handful of groups, split with a bitwise AND per weight instead of a
        sum per match. The weights are added in one fixed order, so equal sums are equal floats.
        """
        weights: list[tuple[int, float]] = []
        if resolved.any_term:
            # Only some terms are required: each term a hit matches (by tag or mention) earns its
            # mention weight.
            base = base_score(0, len(resolved.words))
            weights += [(bits, MENTIONED_TERM_WEIGHT) for bits in term_matches]
        else:
            base = base_score(len(resolved.text_terms), len(resolved.words))
        weights += [(bitmaps.flags["accepting"], ACCEPTING_WEIGHT), (bitmaps.complete, COMPLETE_PROFILE_WEIGHT)]
        for term in resolved.text_terms:
            weights.append((self._tagged(bitmaps, term.kind, [term.slug]), TAG_BOOST))
        if resolved.words:
            positions = bitmaps.positions(matches)
            for word in (word.casefold() for word in resolved.words):
                in_name = bitmaps.of_positions(at for at in positions if word in bitmaps.folded_titles[at])
                weights.append((in_name, NAME_BOOST))
        groups = {base: matches}
        for bits, weight in weights:
            split: dict[float, int] = {}
            for score, group in groups.items():
                for earned, part in ((score, group & ~bits), (score + weight, group & bits)):
                    if part:
                        split[earned] = split.get(earned, 0) | part
            groups = split
        return groups

    def _relevance_page(
        self,
        resolved: ResolvedQuery,
        bitmaps: DirectoryBitmaps,
        matches: int,
        distances: dict[int, float] | None,
        term_matches: list[int],
        start: int,
        stop: int,
    ) -> dict[int, float]:
        """Position -> relevance of the hits ranked ``start`` to ``stop``, best first.

        Ties: the nearer first with a place, else the day's rotation (search.scoring); then id.
        Without a place only the groups that reach the page are ordered, and only as far as it;
        with one, distance adds its lift to every match inside the radius.
        """
        groups = self._score_groups(resolved, bitmaps, matches, term_matches)
        if distances is not None:
            scored = []
            for score, group in groups.items():
                for at in bitmaps.positions(group):
                    km = distances.get(bitmaps.ids[at], float("inf"))
                    scored.append((score + distance_lift(km), km, at))
            best = heapq.nsmallest(stop, scored, key=lambda item: (-item[0], item[1], item[2]))
            return {at: score for score, _, at in best[start:]}
        page: dict[int, float] = {}
        before = 0  # matches ranked above the group at hand
        for score in sorted(groups, reverse=True):
            size = groups[score].bit_count()
            if before + size > start:
                group = bitmaps.positions(groups[score])
                ranked = heapq.nsmallest(stop - before, group, key=bitmaps.rotation.__getitem__)
                page.update((at, score) for at in ranked[max(0, start - before) :])
            before += size
            if before >= stop:
                break
        return page

    def _hits(self, ids: list[int], scores: dict[int, float]) -> list[Hit]:
        rows = {
            pk: (title, accepting)
            for pk, title, accepting in TherapistPage.objects.filter(pk__in=ids).values_list(
                "pk", "title", "accepting_new_clients"
            )
        }
        return [
            Hit(id=pk, title=rows[pk][0], accepting_new_clients=rows[pk][1], score=scores.get(pk, 0.0))
            for pk in ids
            if pk in rows
        ]

    def autocomplete_names(self, prefix: str, limit: int = 5) -> list[tuple[int, str]]:
        prefix = prefix.strip()
        if not prefix:
            return []
        rows = (
            self.listed()
            .filter(Q(title__istartswith=prefix) | Q(title__icontains=f" {prefix}"))
            .order_by("title", "pk")
            .values_list("pk", "title")[:limit]
        )
        return list(rows)

    # --- facets ----------------------------------------------------------------------------

    def _facets(
        self, resolved: ResolvedQuery, bitmaps: DirectoryBitmaps, scope: int, filters: dict[str, int]
    ) -> dict[str, list[FacetValue]]:
        """Each facet's counts over the matches of every *other* active filter."""
        vocabulary = get_vocabulary()
        query = resolved.query

        def matching_except(name: str) -> int:
            bits = scope
            for other, other_bits in filters.items():
                if other != name:
                    bits &= other_bits
            return bits

        def counts(facet: str) -> list[tuple[str, int]]:
            within = matching_except(facet)
            return [(value, n) for value, bits in bitmaps.values[facet].items() if (n := (bits & within).bit_count())]

        facets: dict[str, list[FacetValue]] = {}
        for facet in ("conditions", "techniques"):
            terms, chosen = getattr(vocabulary, facet), getattr(resolved, facet)
            facets[facet] = sort_facet_values(
                FacetValue(slug, terms[slug].name, n, slug in chosen) for slug, n in counts(facet) if slug in terms
            )
        facets["languages"] = sort_facet_values(
            FacetValue(code, bitmaps.language_names[code], n, code == query.language) for code, n in counts("languages")
        )
        facets["gender"] = sort_facet_values(
            FacetValue(key, key.capitalize(), n, key == query.gender) for key, n in counts("gender")
        )
        for name, label in BOOLEAN_LABELS.items():
            n = (matching_except(name) & bitmaps.flags[name]).bit_count()
            facets[name] = [FacetValue("1", label, n, bool(getattr(query, name)))]
        return facets
