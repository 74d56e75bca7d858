"""The embedded default: the directory search as ORM queries on the live tables.

Nothing to index — the tables *are* the index — so ``index``/``remove``/``rebuild`` do nothing.
Written with portable ORM expressions only, so SQLite and PostgreSQL give the same answers:
text is matched case-insensitively as substrings; the radius uses a bounding-box prefilter on
the clinic coordinates and then exact great-circle distance; facets are ORM aggregations, each
counted over the matches of every *other* filter. See ``base`` for the shared semantics.
"""

from __future__ import annotations

import json
from collections import Counter

from django.db.models import BigIntegerField, Count, Exists, Expression, F, FloatField, OuterRef, Q, QuerySet, Value
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt

from directory.availability import fresh_accepting_q
from search.backends.base import (
    BOOLEAN_LABELS,
    EARTH_RADIUS_KM,
    SearchBackend,
    bounding_box,
    haversine_km,
)
from search.query import DirectoryResults, FacetValue, Hit
from search.text import ResolvedQuery, get_vocabulary, name_sort_key

# Relevance weights. A tag is an editor-checked fact, so it outranks any mention in prose.
TAGGED_TERM_WEIGHT = 10.0
MENTIONED_TERM_WEIGHT = 2.0
WORD_IN_NAME_WEIGHT = 3.0
WORD_ELSEWHERE_WEIGHT = 1.0
ACCEPTING_WEIGHT = 0.5


def unrestricted_q() -> Q:
    from directory.models import unrestricted_q

    return unrestricted_q()


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


def _models():
    from articles.models import Condition, Technique
    from directory.models import Clinic, TherapistPage

    return Condition, Technique, Clinic, TherapistPage


def distance_expression(lat: float, lng: float):
    """Haversine in SQL, from the clinic's columns to a point (Django emulates the maths on SQLite)."""
    from math import cos, radians

    lat_r = radians(lat)
    half_dlat = (Radians(F("latitude")) - Value(lat_r)) / Value(2.0)
    half_dlng = (Radians(F("longitude")) - Value(radians(lng))) / Value(2.0)
    a = Power(Sin(half_dlat), 2) + Value(cos(lat_r)) * Cos(Radians(F("latitude"))) * Power(Sin(half_dlng), 2)
    return Value(2 * EARTH_RADIUS_KM) * ASin(Least(Value(1.0), Sqrt(a)), output_field=FloatField())


class DatabaseBackend(SearchBackend):
    name = "database"

    # --- building blocks -----------------------------------------------------------------

    def _term_match(self, term) -> Q:
        """Tagged with the term, or one of its phrases in name or bio."""
        mentioned = Q()
        for phrase in term.phrases:
            mentioned |= Q(title__icontains=phrase) | Q(bio__icontains=phrase)
        return self._tagged(term) | mentioned

    def _tagged(self, term) -> Q:
        Condition, Technique, _, TherapistPage = _models()
        through = TherapistPage.conditions.through if term.kind == "condition" else TherapistPage.techniques.through
        column = "condition__slug" if term.kind == "condition" else "technique__slug"
        return Q(Exists(through.objects.filter(therapistpage_id=OuterRef("pk"), **{column: term.slug})))

    def _word_match(self, word: str) -> Q:
        Condition, Technique, Clinic, TherapistPage = _models()
        in_taxonomy = Q(name__icontains=word) | Q(synonyms__icontains=word)
        return (
            Q(title__icontains=word)
            | Q(designation__icontains=word)
            | Q(bio__icontains=word)
            | Q(Exists(Condition.objects.filter(in_taxonomy, therapists=OuterRef("pk"))))
            | Q(Exists(Technique.objects.filter(in_taxonomy, therapists=OuterRef("pk"))))
            | Q(Exists(Clinic.objects.filter(therapist=OuterRef("pk"), city__icontains=word)))
        )

    def _near_clinics(self, resolved: ResolvedQuery):
        _, _, Clinic, _ = _models()
        min_lat, max_lat, min_lng, max_lng = bounding_box(resolved.lat, resolved.lng, resolved.radius_km)
        return (
            Clinic.objects.filter(
                latitude__gte=min_lat, latitude__lte=max_lat, longitude__gte=min_lng, longitude__lte=max_lng
            )
            .annotate(distance=distance_expression(resolved.lat, resolved.lng))
            .filter(distance__lte=resolved.radius_km)
        )

    def filter_clauses(self, resolved: ResolvedQuery) -> dict[str, Q]:
        """One Q per facet-able filter, keyed by facet name, so a facet can leave its own out."""
        Condition, Technique, Clinic, TherapistPage = _models()
        query = resolved.query
        clauses: dict[str, Q] = {}
        if resolved.conditions:
            through = TherapistPage.conditions.through
            clauses["conditions"] = Q(
                Exists(through.objects.filter(therapistpage_id=OuterRef("pk"), condition__slug__in=resolved.conditions))
            )
        if resolved.techniques:
            through = TherapistPage.techniques.through
            clauses["techniques"] = Q(
                Exists(through.objects.filter(therapistpage_id=OuterRef("pk"), technique__slug__in=resolved.techniques))
            )
        if query.language:
            clauses["languages"] = Q(
                Exists(
                    TherapistPage.languages.through.objects.filter(
                        therapistpage_id=OuterRef("pk"), language__code__iexact=query.language
                    )
                )
            )
        if query.gender:
            clauses["gender"] = Q(gender__iexact=query.gender)
        if query.accepting:
            clauses["accepting"] = fresh_accepting_q()  # accepting AND recently confirmed
        if query.direct_billing:
            clauses["direct_billing"] = Q(direct_billing=True)
        if query.home_visits:
            clauses["home_visits"] = Q(home_visits=True)
        if query.wheelchair:
            clauses["wheelchair"] = Q(Exists(Clinic.objects.filter(therapist=OuterRef("pk"), wheelchair_access=True)))
        if query.unrestricted:
            clauses["unrestricted"] = unrestricted_q()
        return clauses

    def base_clauses(self, resolved: ResolvedQuery) -> Q:
        """Text and fee: applied to the results and to every facet (the place is handled apart)."""
        q = Q()
        for term in resolved.text_terms:
            q &= self._term_match(term)
        for word in resolved.words:
            q &= self._word_match(word)
        if resolved.query.max_fee is not None:
            q &= Q(fee_min__lte=resolved.query.max_fee)
        return q

    def listed(self) -> QuerySet:
        _, _, _, TherapistPage = _models()
        return TherapistPage.objects.listed()

    def distances(self, resolved: ResolvedQuery) -> dict[int, float]:
        """Therapist id -> km to their nearest clinic, for those with a clinic inside the radius.

        The bounding box narrows the clinics with plain column comparisons (indexable, the same
        SQL everywhere); the exact great-circle distance is then computed here, in Python,
        rather than with SQL trigonometry that SQLite would call back into Python for anyway.
        """
        _, _, Clinic, _ = _models()
        min_lat, max_lat, min_lng, max_lng = bounding_box(resolved.lat, resolved.lng, resolved.radius_km)
        rows = Clinic.objects.filter(
            latitude__gte=min_lat, latitude__lte=max_lat, longitude__gte=min_lng, longitude__lte=max_lng
        ).values_list("therapist_id", "latitude", "longitude")
        nearest: dict[int, float] = {}
        for therapist_id, lat, lng in rows.iterator(chunk_size=5000):
            km = haversine_km(resolved.lat, resolved.lng, lat, lng)
            if km <= resolved.radius_km and km < nearest.get(therapist_id, float("inf")):
                nearest[therapist_id] = km
        return nearest

    def scope(self, resolved: ResolvedQuery, distances: dict[int, float] | None) -> QuerySet:
        """Listed therapists matching text, fee and place, evaluated once.

        The expensive part (substring matches over bios, the radius) runs in one query; the facet
        and page queries that follow reuse its ids (one array parameter, ``IdList``) instead of
        repeating it.
        """
        _, _, _, TherapistPage = _models()
        base = self.base_clauses(resolved)
        scope = self.listed()
        if distances is not None:
            scope = scope.filter(pk__in=IdList(distances))
        if not base and distances is None:
            return scope
        ids = list(scope.filter(base).values_list("pk", flat=True))
        return TherapistPage.objects.filter(pk__in=IdList(ids))

    # --- search ----------------------------------------------------------------------------

    def run(self, resolved: ResolvedQuery, *, count_only: bool = False) -> DirectoryResults:
        distances = self.distances(resolved) if resolved.has_point else None
        scope = self.scope(resolved, distances)
        clauses = self.filter_clauses(resolved)
        matches = scope
        for clause in clauses.values():
            matches = matches.filter(clause)
        results = DirectoryResults(query=resolved.query)
        if count_only:
            results.total = matches.count()
            return results
        if resolved.sort == "distance":
            ids = sorted(matches.values_list("pk", flat=True), key=lambda pk: (distances.get(pk, float("inf")), pk))
            results.total = len(ids)
            start = resolved.query.offset
            results.hits = self._hits(ids[start : start + resolved.query.page_size], resolved, {})
        else:
            results.hits, results.total = self._page(matches, resolved)
        results.facets = self._facets(resolved, scope, clauses)
        return results

    def _page(self, matches: QuerySet, resolved: ResolvedQuery) -> tuple[list[Hit], int]:
        """(the page's hits, the total), ordered by name or relevance."""
        query = resolved.query
        start, stop = query.offset, query.offset + query.page_size
        scores: dict[int, float] = {}
        if resolved.sort == "name":
            # Ordered in Python with the engine's own key (casefolded, accents stripped): SQL
            # lower() is ASCII-only on SQLite and collations differ between databases.
            rows = list(matches.values_list("pk", "title"))
            rows.sort(key=lambda row: (name_sort_key(row[1]), row[0]))
            ids = [pk for pk, _ in rows[start:stop]]
        else:
            scored = self._scores(matches, resolved)
            rows = sorted(scored, key=lambda row: (-round(row[2], 6), name_sort_key(row[1]), row[0]))
            ids = [pk for pk, _, _ in rows[start:stop]]
            scores = {pk: score for pk, _, score in rows[start:stop]}
        return self._hits(ids, resolved, scores), len(rows)

    def _scores(self, matches: QuerySet, resolved: ResolvedQuery) -> list[tuple[int, str, float]]:
        """(id, name, score) for every match, in a fixed number of queries.

        Scoring is done here rather than with per-row SQL subqueries: one query for the rows, one
        per taxonomy term for who is tagged with it, then plain arithmetic.
        """
        from django.db.models import BooleanField, ExpressionWrapper

        _, _, _, TherapistPage = _models()
        # Only a recently confirmed "accepting" earns the boost: fresh confirmations rank first.
        fresh = ExpressionWrapper(fresh_accepting_q(), output_field=BooleanField())
        rows = list(matches.annotate(fresh=fresh).values_list("pk", "title", "fresh"))
        ids = [pk for pk, _, _ in rows]
        tagged_sets = []
        for term in resolved.text_terms:
            through = TherapistPage.conditions.through if term.kind == "condition" else TherapistPage.techniques.through
            column = "condition__slug" if term.kind == "condition" else "technique__slug"
            tagged_sets.append(
                set(
                    through.objects.filter(therapistpage_id__in=IdList(ids), **{column: term.slug}).values_list(
                        "therapistpage_id", flat=True
                    )
                )
            )
        words = [word.casefold() for word in resolved.words]
        scored = []
        for pk, title, is_fresh in rows:
            score = ACCEPTING_WEIGHT if is_fresh else 0.0
            for tagged in tagged_sets:
                score += TAGGED_TERM_WEIGHT if pk in tagged else MENTIONED_TERM_WEIGHT
            folded = title.casefold()
            for word in words:
                score += WORD_IN_NAME_WEIGHT if word in folded else WORD_ELSEWHERE_WEIGHT
            scored.append((pk, title, score))
        return scored

    def _hits(self, ids: list[int], resolved: ResolvedQuery, scores: dict[int, float]) -> list[Hit]:
        _, _, _, TherapistPage = _models()
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

    # --- facets ----------------------------------------------------------------------------

    def _facets(self, resolved: ResolvedQuery, scope: QuerySet, clauses: dict[str, Q]) -> dict[str, list[FacetValue]]:
        from directory.models import Language

        _, _, Clinic, TherapistPage = _models()
        vocabulary = get_vocabulary()
        query = resolved.query

        def matching_except(name: str) -> QuerySet:
            qs = scope
            for other, clause in clauses.items():
                if other != name:
                    qs = qs.filter(clause)
            return qs.values("pk")

        facets: dict[str, list[FacetValue]] = {}
        # Conditions and techniques: the same count over each taxonomy's through table.
        for facet, term in (("conditions", "condition"), ("techniques", "technique")):
            terms = getattr(vocabulary, facet)
            chosen = getattr(resolved, facet)
            counts = (
                getattr(TherapistPage, facet)
                .through.objects.filter(therapistpage_id__in=matching_except(facet))
                .values_list(f"{term}__slug")
                .annotate(n=Count("therapistpage_id", distinct=True))
            )
            facets[facet] = _sorted(
                FacetValue(slug, terms[slug].name, n, slug in chosen) for slug, n in counts if slug in terms
            )
        counts = (
            Language.objects.filter(therapists__in=matching_except("languages"))
            .values_list("code", "name")
            .annotate(n=Count("therapists", distinct=True))
        )
        facets["languages"] = _sorted(
            FacetValue(code.lower(), name, n, code.lower() == query.language) for code, name, n in counts
        )
        genders: Counter[str] = Counter()
        labels: dict[str, str] = {}
        for gender, n in (
            TherapistPage.objects.filter(pk__in=matching_except("gender"))
            .exclude(gender="")
            .values_list("gender")
            .annotate(n=Count("pk"))
        ):
            key = gender.strip().lower()
            genders[key] += n
            labels.setdefault(key, key.capitalize())
        facets["gender"] = _sorted(
            FacetValue(key, labels[key], n, key == query.gender) for key, n in genders.items() if key
        )
        # Booleans: every inactive flag shares one aggregate over the same matches.
        inactive = [name for name in BOOLEAN_LABELS if name not in clauses]
        flag_q = {
            "accepting": fresh_accepting_q(),
            "direct_billing": Q(direct_billing=True),
            "home_visits": Q(home_visits=True),
            "wheelchair": Q(Exists(Clinic.objects.filter(therapist=OuterRef("pk"), wheelchair_access=True))),
            "unrestricted": unrestricted_q(),
        }
        shared = (
            TherapistPage.objects.filter(pk__in=matching_except("")).aggregate(
                **{name: Count("pk", filter=flag_q[name]) for name in inactive}
            )
            if inactive
            else {}
        )
        for name in BOOLEAN_LABELS:
            if name in clauses:
                n = TherapistPage.objects.filter(pk__in=matching_except(name)).filter(flag_q[name]).count()
            else:
                n = shared[name]
            facets[name] = [FacetValue("1", BOOLEAN_LABELS[name], n, bool(getattr(query, name)))]
        return facets


def _sorted(values) -> list[FacetValue]:
    return sorted(values, key=lambda v: (-v.count, v.label.lower(), v.value))
