"""The embedded default: the directory search on the live tables, with facet bitmaps beside them.

Nothing to index — the tables *are* the index — so ``index``/``remove`` do nothing and
``rebuild`` only marks the facet bitmaps stale.
What changes with every query runs as portable ORM expressions, so SQLite and PostgreSQL give
the same answers: text is matched case-insensitively as substrings, and the radius uses a
bounding-box prefilter on the clinic coordinates, then exact great-circle distance. Filters,
facet counts (each over the matches of every *other* filter) and the sort keys come from
per-process bitmaps of the listed directory (``search.backends.bitmaps``, which says why and
how they stay fresh). See ``base`` for the shared semantics, ``search.scoring`` for relevance.
"""

from __future__ import annotations

import functools
import json
import logging
import operator
from collections.abc import Iterable

from django.db.models import BigIntegerField, Expression, Q, QuerySet

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

    def _mentioning(self, phrases: Iterable[str], *, everywhere: bool = False) -> QuerySet:
        """Ids of therapists whose name or bio contains one of ``phrases`` (``everywhere``: also
        their designation or a clinic's city), listed or not.

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

        therapists = TherapistPage.objects.order_by().values_list("pk", flat=True)
        parts = [
            therapists.filter(containing("title")),  # the page's title, in Wagtail's page table
            therapists.filter(containing("bio", "designation") if everywhere else containing("bio")),
        ]
        if everywhere:
            parts.append(Clinic.objects.filter(containing("city")).order_by().values_list("therapist_id", flat=True))
        return parts[0].union(*parts[1:], all=True)

    def _tagged(self, bitmaps: DirectoryBitmaps, kind: str, slugs: Iterable[str]) -> int:
        return bitmaps.any_of("conditions" if kind == "condition" else "techniques", slugs)

    def text_matches(self, resolved: ResolvedQuery, bitmaps: DirectoryBitmaps, known) -> tuple[list[int], list[int]]:
        """Each text term's and each residual word's matches among the listed, as bitmaps.

        A term matches a therapist tagged with it, or whose name or bio contains one of its phrases;
        a word, one whose name, designation, bio or clinic city contains it, or who is tagged with a
        term whose name or a synonym contains it (``Vocabulary.terms_mentioning``, the rule the
        engine back end applies too). Tags come from the bitmaps; the substrings from SQL
        (``known`` turns the ids it returns into a bitmap).
        """
        vocabulary = get_vocabulary()
        terms = [
            self._tagged(bitmaps, term.kind, [term.slug]) | known(self._mentioning(term.phrases))
            for term in resolved.text_terms
        ]
        words = []
        for word in resolved.words:
            bits = known(self._mentioning([word], everywhere=True))
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

    def distances(self, resolved: ResolvedQuery) -> dict[int, float]:
        """Therapist id -> km to their nearest clinic, for those with a clinic inside the radius.

        The bounding box narrows the clinics with plain column comparisons (indexable, the same
        SQL everywhere); the exact great-circle distance is then computed here, in Python,
        rather than with SQL trigonometry that SQLite would call back into Python for anyway.
        """
        min_lat, max_lat, min_lng, max_lng = bounding_box(resolved.lat, resolved.lng, resolved.radius_km)
        rows = Clinic.objects.filter(
            latitude__gte=min_lat, latitude__lte=max_lat, longitude__gte=min_lng, longitude__lte=max_lng
        ).values_list("therapist_id", "latitude", "longitude")
        nearest: dict[int, float] = {}
        for therapist_id, lat, lng in rows:  # a list, no server-side cursor (see text.build_vocabulary)
            km = haversine_km(resolved.lat, resolved.lng, lat, lng)
            if km <= resolved.radius_km and km < nearest.get(therapist_id, float("inf")):
                nearest[therapist_id] = km
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

        def known(ids) -> int:
            bits, strangers = bitmaps.known(ids)
            unknown.extend(strangers)
            return bits

        terms, words = self.text_matches(resolved, bitmaps, known)
        scope = bitmaps.everyone
        if terms and resolved.any_term:
            scope &= functools.reduce(operator.or_, terms)
        else:
            for bits in terms:
                scope &= bits
        for bits in words:
            scope &= bits
        if resolved.query.max_fee is not None:
            scope &= known(
                TherapistPage.objects.filter(fee_min__lte=resolved.query.max_fee)
                .order_by()
                .values_list("pk", flat=True)
            )
        if distances is not None:
            scope &= known(distances)
        if strict and unknown and self.listed().filter(pk__in=IdList(set(unknown))).exists():
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
        distances = self.distances(resolved) if resolved.has_point else None
        bitmaps = get_bitmaps()
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
        positions = bitmaps.positions(matches)
        start, stop = resolved.query.offset, resolved.query.offset + resolved.query.page_size
        scores: dict[int, float] = {}
        if resolved.sort == "distance":
            # Positions ascend with ids, so a stable sort leaves equal distances in id order.
            positions.sort(key=lambda at: distances.get(bitmaps.ids[at], float("inf")))
        elif resolved.sort == "name":
            positions.sort(key=bitmaps.name_rank.__getitem__)
        else:
            # Ties: the nearer first with a place, else the day's rotation (search.scoring); then id.
            by_position = self._scores(resolved, bitmaps, matches, positions, distances, term_matches)
            if distances is not None:
                positions.sort(key=lambda at: (-by_position[at], distances.get(bitmaps.ids[at], float("inf"))))
            else:
                positions.sort(key=lambda at: (-by_position[at], bitmaps.rotation[at]))
            scores = {bitmaps.ids[at]: by_position[at] for at in positions[start:stop]}
        results.hits = self._hits([bitmaps.ids[at] for at in positions[start:stop]], scores)
        results.facets = self._facets(resolved, bitmaps, scope, filters)
        return results

    def _scores(
        self,
        resolved: ResolvedQuery,
        bitmaps: DirectoryBitmaps,
        matches: int,
        positions: list[int],
        distances: dict[int, float] | None,
        term_matches: list[int],
    ) -> dict[int, float]:
        """Position -> relevance for every match, from the bitmaps (no query).

        Every match earns each term's "mentioned" weight and each word's "elsewhere" weight (it
        matched them, or it would not be here); being tagged with the term, having the word in
        the name and a fresh "accepting" add to that.
        """
        if resolved.any_term:
            # Only some terms are required: each term a hit matches (by tag or mention) earns its
            # mention weight.
            base = base_score(0, len(resolved.words))
            scores = dict.fromkeys(positions, base)
            for bits in term_matches:
                for at in bitmaps.positions(matches & bits):
                    scores[at] += MENTIONED_TERM_WEIGHT
        else:
            base = base_score(len(resolved.text_terms), len(resolved.words))
            scores = dict.fromkeys(positions, base)
        boosts = [(bitmaps.flags["accepting"], ACCEPTING_WEIGHT), (bitmaps.complete, COMPLETE_PROFILE_WEIGHT)]
        for term in resolved.text_terms:
            facet = "conditions" if term.kind == "condition" else "techniques"
            boosts.append((bitmaps.any_of(facet, [term.slug]), TAG_BOOST))
        for bits, boost in boosts:
            for at in bitmaps.positions(matches & bits):
                scores[at] += boost
        for word in (word.casefold() for word in resolved.words):
            for at in positions:
                if word in bitmaps.folded_titles[at]:
                    scores[at] += NAME_BOOST
        if distances is not None:
            for at in positions:
                scores[at] += distance_lift(distances.get(bitmaps.ids[at], float("inf")))
        return scores

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
