"""Query building for the engine: a ``ResolvedQuery`` as one request body, and the answer read back.

Scores are built from ``constant_score`` clauses worth the differences between the weights of
``search.scoring`` (what a hit earns beyond what every match earns), so relevance order agrees
with the database back end; BM25 is not used for ranking on purpose (its scores differ between
engines and from the database, and the contract suite could only pin the first hit).
"""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from directory.availability import fresh_since
from directory.models import Language
from search.backends.engine.mapping import TEXT_FIELDS
from search.query import BOOLEAN_LABELS, DirectoryResults, FacetValue, Hit, sort_facet_values
from search.scoring import (
    ACCEPTING_WEIGHT,
    COMPLETE_PROFILE_WEIGHT,
    DISTANCE_RINGS_KM,
    MENTIONED_TERM_WEIGHT,
    NAME_BOOST,
    ROTATION_LIFT,
    TAG_BOOST,
    day_offset,
)
from search.text import ResolvedQuery, get_vocabulary

# Keyword facets: (facet name, document field). A terms aggregation drops values past its size.
KEYWORD_FACET_FIELDS = (
    ("conditions", "conditions"),
    ("techniques", "techniques"),
    ("languages", "languages"),
    ("gender", "gender"),
)
TERMS_SIZE = 200


def search_body(resolved: ResolvedQuery, *, count_only: bool = False) -> dict[str, Any]:
    """The whole request: filters, scoring, the page, its sort and (unless counting) the facets."""
    query = resolved.query
    base, facet_filters = filters(resolved)
    body: dict[str, Any] = {
        "query": {"bool": {"filter": base, "should": scoring(resolved)}},
        "track_total_hits": True,
        "size": 0 if count_only else query.page_size,
        "from": 0 if count_only else query.offset,
        "_source": ["id", "title", "accepting"],
    }
    if facet_filters:
        body["post_filter"] = {"bool": {"filter": list(facet_filters.values())}}
    if not count_only:
        body["sort"] = sort(resolved)
        body["aggs"] = aggregations(facet_filters)
    return body


def read_results(response: dict, resolved: ResolvedQuery, *, count_only: bool = False) -> DirectoryResults:
    results = DirectoryResults(query=resolved.query, total=int(response["hits"]["total"]["value"]))
    if count_only:
        return results
    for item in response["hits"]["hits"]:
        source = item["_source"]
        results.hits.append(
            Hit(
                id=int(source["id"]),
                title=source["title"],
                accepting_new_clients=bool(source.get("accepting")),
                score=float(item.get("_score") or 0.0),
            )
        )
    results.facets = read_facets(response.get("aggregations", {}), resolved)
    return results


def filters(resolved: ResolvedQuery) -> tuple[list[dict], dict[str, dict]]:
    """(base filters applied everywhere, {facet name: its filter})."""
    query = resolved.query
    today = timezone.localdate().isoformat()
    # The listing rule's date part, re-checked at query time: expiry needs no event to hide someone.
    base: list[dict] = [
        {
            "bool": {
                "should": [
                    {"bool": {"must_not": {"exists": {"field": "expires_on"}}}},
                    {"range": {"expires_on": {"gte": today}}},
                ],
                "minimum_should_match": 1,
            }
        }
    ]
    term_clauses = [term_match(term) for term in resolved.text_terms]
    if resolved.any_term and term_clauses:
        base.append({"bool": {"should": term_clauses, "minimum_should_match": 1}})
    else:
        base += term_clauses
    vocabulary = get_vocabulary()
    for word in resolved.words:
        should = [{"multi_match": {"query": word, "fields": TEXT_FIELDS, "operator": "and"}}]
        for field, kind in (("conditions", "condition"), ("techniques", "technique")):
            if slugs := vocabulary.terms_mentioning(word, kind):
                should.append({"terms": {field: slugs}})
        base.append({"bool": {"should": should, "minimum_should_match": 1}})
    if query.max_fee is not None:
        base.append({"range": {"fee_min": {"lte": float(query.max_fee)}}})
    if resolved.has_point:
        within = {
            "geo_distance": {
                "distance": f"{resolved.radius_km}km",
                "clinics.location": {"lat": resolved.lat, "lon": resolved.lng},
            }
        }
        base.append({"nested": {"path": "clinics", "query": within}})
    facets: dict[str, dict] = {}
    if resolved.conditions:
        facets["conditions"] = {"terms": {"conditions": list(resolved.conditions)}}
    if resolved.techniques:
        facets["techniques"] = {"terms": {"techniques": list(resolved.techniques)}}
    if query.language:
        facets["languages"] = {"term": {"languages": query.language}}
    if query.gender:
        facets["gender"] = {"term": {"gender": query.gender}}
    for name in BOOLEAN_LABELS:
        if getattr(query, name):
            facets[name] = flag_filter(name)
    return base, facets


def term_match(term) -> dict:
    """Tagged with the term, or one of its phrases in name or bio."""
    field = "conditions" if term.kind == "condition" else "techniques"
    should: list[dict] = [{"term": {field: term.slug}}]
    for phrase in term.phrases:
        should += [{"match_phrase": {"title": phrase}}, {"match_phrase": {"bio": phrase}}]
    return {"bool": {"should": should, "minimum_should_match": 1}}


def scoring(resolved: ResolvedQuery) -> list[dict]:
    should: list[dict] = [
        # Only a recently confirmed "accepting" earns the boost: fresh confirmations rank first.
        {"constant_score": {"filter": flag_filter("accepting"), "boost": ACCEPTING_WEIGHT}},
    ]
    for term in resolved.text_terms:
        field = "conditions" if term.kind == "condition" else "techniques"
        should.append({"constant_score": {"filter": {"term": {field: term.slug}}, "boost": TAG_BOOST}})
        if resolved.any_term:  # only some terms are required: each one matched counts
            should.append({"constant_score": {"filter": term_match(term), "boost": MENTIONED_TERM_WEIGHT}})
    for word in resolved.words:
        should.append({"constant_score": {"filter": {"match": {"title": word}}, "boost": NAME_BOOST}})
    should.append({"constant_score": {"filter": {"term": {"complete": True}}, "boost": COMPLETE_PROFILE_WEIGHT}})
    if resolved.has_point:
        for radius, weight in DISTANCE_RINGS_KM:
            ring = {"geo_distance": {"distance": f"{radius}km", "clinics.location": _point(resolved)}}
            should.append(
                {"constant_score": {"filter": {"nested": {"path": "clinics", "query": ring}}, "boost": weight}}
            )
    else:
        # The rotation tie-break (search.scoring): lift the cycle's part from today's offset on,
        # then sort by cycle position.
        offset = day_offset(timezone.localdate())
        should.append({"constant_score": {"filter": {"range": {"rotation": {"gte": offset}}}, "boost": ROTATION_LIFT}})
    return should


def _point(resolved: ResolvedQuery) -> dict:
    return {"lat": resolved.lat, "lon": resolved.lng}


def sort(resolved: ResolvedQuery) -> list:
    if resolved.sort == "distance":
        geo = {
            "_geo_distance": {
                "locations": {"lat": resolved.lat, "lon": resolved.lng},
                "order": "asc",
                "unit": "km",
                "mode": "min",
                "distance_type": "arc",
            }
        }
        return [geo, {"id": "asc"}]
    if resolved.sort == "name":
        return [{"name_sort": "asc"}, {"id": "asc"}]
    if resolved.has_point:  # ties: the nearer first
        return [{"_score": "desc"}, _distance_sort(resolved), {"id": "asc"}]
    return [{"_score": "desc"}, {"rotation": "asc"}, {"id": "asc"}]


def _distance_sort(resolved: ResolvedQuery) -> dict:
    return {
        "_geo_distance": {
            "locations": _point(resolved),
            "order": "asc",
            "unit": "km",
            "mode": "min",
            "distance_type": "arc",
        }
    }


def aggregations(facet_filters: dict[str, dict]) -> dict:
    """Each facet counted over the matches of every *other* active filter (disjunctive faceting)."""

    def others(name: str) -> dict:
        clauses = [clause for other, clause in facet_filters.items() if other != name]
        return {"bool": {"filter": clauses}} if clauses else {"match_all": {}}

    aggs: dict[str, Any] = {}
    for name, field in KEYWORD_FACET_FIELDS:
        aggs[name] = {"filter": others(name), "aggs": {"values": {"terms": {"field": field, "size": TERMS_SIZE}}}}
    for name in BOOLEAN_LABELS:
        aggs[name] = {"filter": {"bool": {"filter": [others(name), flag_filter(name)]}}}
    return aggs


def read_facets(aggs: dict, resolved: ResolvedQuery) -> dict[str, list[FacetValue]]:
    vocabulary = get_vocabulary()
    query = resolved.query

    def buckets(name: str) -> list[tuple[str, int]]:
        return [(str(b["key"]), int(b["doc_count"])) for b in aggs.get(name, {}).get("values", {}).get("buckets", [])]

    facets: dict[str, list[FacetValue]] = {}
    facets["conditions"] = sort_facet_values(
        FacetValue(slug, vocabulary.conditions[slug].name, n, slug in resolved.conditions)
        for slug, n in buckets("conditions")
        if slug in vocabulary.conditions and n
    )
    facets["techniques"] = sort_facet_values(
        FacetValue(slug, vocabulary.techniques[slug].name, n, slug in resolved.techniques)
        for slug, n in buckets("techniques")
        if slug in vocabulary.techniques and n
    )
    language_counts = dict(buckets("languages"))
    names = (
        dict(Language.objects.filter(code__in=list(language_counts)).values_list("code", "name"))
        if language_counts
        else {}
    )
    names = {code.lower(): name for code, name in names.items()}
    facets["languages"] = sort_facet_values(
        FacetValue(code, names.get(code, code), n, code == query.language) for code, n in language_counts.items() if n
    )
    facets["gender"] = sort_facet_values(
        FacetValue(value, value.capitalize(), n, value == query.gender) for value, n in buckets("gender") if value and n
    )
    for name, label in BOOLEAN_LABELS.items():
        facets[name] = [FacetValue("1", label, int(aggs.get(name, {}).get("doc_count", 0)), bool(getattr(query, name)))]
    return facets


def flag_filter(name: str) -> dict:
    """The engine's filter for one yes/no facet; the same rules as the database back end's."""
    if name == "accepting":
        # Accepting AND confirmed within the window, judged against today's date at query time.
        since = fresh_since().isoformat()
        return {
            "bool": {"filter": [{"term": {"accepting": True}}, {"range": {"accepting_confirmed_on": {"gte": since}}}]}
        }
    if name == "unrestricted":
        today = timezone.localdate().isoformat()
        in_force = {
            "bool": {
                "filter": [{"range": {"restrictions.starts_on": {"lte": today}}}],
                "should": [
                    {"bool": {"must_not": {"exists": {"field": "restrictions.ends_on"}}}},
                    {"range": {"restrictions.ends_on": {"gte": today}}},
                ],
                "minimum_should_match": 1,
            }
        }
        return {"bool": {"must_not": {"nested": {"path": "restrictions", "query": in_force}}}}
    return {"term": {name: True}}


def autocomplete_body(prefix: str, limit: int) -> dict:
    """Names with a word starting with ``prefix`` (search_as_you_type)."""
    return {
        "size": limit,
        "_source": ["id", "title"],
        "query": {
            "multi_match": {
                "query": prefix,
                "type": "bool_prefix",
                "fields": ["suggest", "suggest._2gram", "suggest._3gram"],
            }
        },
    }
