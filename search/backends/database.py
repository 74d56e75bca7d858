"""The embedded default: the directory search as ORM queries on the live tables.

Nothing to index — the tables *are* the index — so ``index``/``remove``/``rebuild`` do nothing.
Written with portable ORM expressions only, so SQLite and PostgreSQL give the same answers:
text is matched case-insensitively as substrings; the radius uses a bounding-box prefilter on
the clinic coordinates and then exact great-circle distance; facets are ORM aggregations, each
counted over the matches of every *other* filter. See ``base`` for the shared semantics.
"""

from __future__ import annotations

from collections import Counter

from django.db.models import Count, Exists, F, FloatField, OuterRef, Q, QuerySet, Value
from django.db.models.functions import ASin, Cos, Least, Power, Radians, Sin, Sqrt

from directory.availability import fresh_accepting_q
from search.backends.base import (
    BOOLEAN_LABELS,
    EARTH_RADIUS_KM,
    SearchBackend,
    bounding_box,
)
from search.query import DirectoryResults, FacetValue, Hit
from search.text import ResolvedQuery, get_vocabulary, normalize

# Relevance weights. A tag is an editor-checked fact, so it outranks any mention in prose.
TAGGED_TERM_WEIGHT = 10.0
MENTIONED_TERM_WEIGHT = 2.0
WORD_IN_NAME_WEIGHT = 3.0
WORD_ELSEWHERE_WEIGHT = 1.0
ACCEPTING_WEIGHT = 0.5


def unrestricted_q() -> Q:
    from directory.models import unrestricted_q

    return unrestricted_q()


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
        """Text, place and fee: applied to the results and to every facet."""
        q = Q()
        for term in resolved.text_terms:
            q &= self._term_match(term)
        for word in resolved.words:
            q &= self._word_match(word)
        if resolved.query.max_fee is not None:
            q &= Q(fee_min__lte=resolved.query.max_fee)
        if resolved.has_point:
            q &= Q(Exists(self._near_clinics(resolved).filter(therapist=OuterRef("pk"))))
        return q

    def listed(self) -> QuerySet:
        _, _, _, TherapistPage = _models()
        return TherapistPage.objects.listed()

    # --- search ----------------------------------------------------------------------------

    def run(self, resolved: ResolvedQuery, *, count_only: bool = False) -> DirectoryResults:
        base = self.base_clauses(resolved)
        clauses = self.filter_clauses(resolved)
        matches = self.listed().filter(base)
        for clause in clauses.values():
            matches = matches.filter(clause)
        results = DirectoryResults(query=resolved.query, total=matches.count())
        if count_only:
            return results
        if results.total:
            results.hits = self._page(matches, resolved)
        results.facets = self._facets(resolved, base, clauses)
        return results

    def _page(self, matches: QuerySet, resolved: ResolvedQuery) -> list[Hit]:
        query = resolved.query
        start, stop = query.offset, query.offset + query.page_size
        if resolved.sort == "name":
            # Ordered in Python with the engine's own key (casefolded, accents stripped): SQL
            # lower() is ASCII-only on SQLite and collations differ between databases.
            rows = list(matches.values_list("pk", "title"))
            rows.sort(key=lambda row: (normalize(row[1]), row[0]))
            ids = [pk for pk, _ in rows[start:stop]]
            scores: dict[int, float] = {}
        elif resolved.sort == "distance":
            nearest = self._near_clinics(resolved).filter(therapist=OuterRef("pk")).order_by("distance")
            from django.db.models import Subquery

            ordered = matches.annotate(distance=Subquery(nearest.values("distance")[:1])).order_by("distance", "pk")
            ids = list(ordered.values_list("pk", flat=True)[start:stop])
            scores = {}
        else:
            score = self._score(resolved)
            ordered = matches.annotate(score=score)
            rows = list(ordered.values_list("pk", "title", "score"))
            rows.sort(key=lambda row: (-round(row[2], 6), normalize(row[1]), row[0]))
            ids = [pk for pk, _, _ in rows[start:stop]]
            scores = {pk: score for pk, _, score in rows[start:stop]}
        return self._hits(ids, resolved, scores)

    def _score(self, resolved: ResolvedQuery):
        from django.db.models import Case, When

        # Only a recently confirmed "accepting" earns the boost: fresh confirmations rank first.
        score = Case(When(fresh_accepting_q(), then=Value(ACCEPTING_WEIGHT)), default=Value(0.0))
        for term in resolved.text_terms:
            score = score + Case(
                When(self._tagged(term), then=Value(TAGGED_TERM_WEIGHT)),
                default=Value(MENTIONED_TERM_WEIGHT),
                output_field=FloatField(),
            )
        for word in resolved.words:
            score = score + Case(
                When(title__icontains=word, then=Value(WORD_IN_NAME_WEIGHT)),
                default=Value(WORD_ELSEWHERE_WEIGHT),
                output_field=FloatField(),
            )
        return score

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

    def _facets(self, resolved: ResolvedQuery, base: Q, clauses: dict[str, Q]) -> dict[str, list[FacetValue]]:
        from directory.models import Language

        _, _, Clinic, TherapistPage = _models()
        vocabulary = get_vocabulary()
        query = resolved.query

        def matching_except(name: str) -> QuerySet:
            qs = self.listed().filter(base)
            for other, clause in clauses.items():
                if other != name:
                    qs = qs.filter(clause)
            return qs.values("pk")

        facets: dict[str, list[FacetValue]] = {}
        counts = (
            TherapistPage.conditions.through.objects.filter(therapistpage_id__in=matching_except("conditions"))
            .values_list("condition__slug")
            .annotate(n=Count("therapistpage_id", distinct=True))
        )
        facets["conditions"] = _sorted(
            FacetValue(slug, vocabulary.conditions[slug].name, n, slug in resolved.conditions)
            for slug, n in counts
            if slug in vocabulary.conditions
        )
        counts = (
            TherapistPage.techniques.through.objects.filter(therapistpage_id__in=matching_except("techniques"))
            .values_list("technique__slug")
            .annotate(n=Count("therapistpage_id", distinct=True))
        )
        facets["techniques"] = _sorted(
            FacetValue(slug, vocabulary.techniques[slug].name, n, slug in resolved.techniques)
            for slug, n in counts
            if slug in vocabulary.techniques
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
