"""The search-engine back end: one implementation for Elasticsearch 8/9 and OpenSearch 2/3.

It keeps to the query DSL both engines share (bool, constant_score, match/multi_match,
match_phrase, terms, range, geo_distance filter and sort, filter + terms aggregations,
search_as_you_type) and talks to each through its own Python client, chosen by
``SEARCH_ENGINE``. The index is versioned (``<prefix>directory_<timestamp>``) behind an alias
(``<prefix>directory``): a rebuild fills a new index while the old one serves, then swaps the
alias in one atomic call.

Scores are built from ``constant_score`` clauses with the same weights' *differences* as the
database back end, so relevance order agrees too; BM25 is not used for ranking on purpose
(its scores differ between engines and from the database, and the contract suite would
only be able to pin the first hit).

If the engine fails or times out, the query is answered by the database back end and the page
says results may be incomplete; the error is logged, never raised.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable, Iterator
from typing import Any

from django.utils import timezone
from django.utils.html import strip_tags

from search.backends.base import BOOLEAN_LABELS, Progress, SearchBackend, SearchUnavailable
from search.backends.database import (
    ACCEPTING_WEIGHT,
    MENTIONED_TERM_WEIGHT,
    TAGGED_TERM_WEIGHT,
    WORD_ELSEWHERE_WEIGHT,
    WORD_IN_NAME_WEIGHT,
    DatabaseBackend,
)
from search.query import DirectoryResults, FacetValue, Hit
from search.text import ResolvedQuery, get_vocabulary, name_sort_key

logger = logging.getLogger(__name__)

BULK_CHUNK = 1000
FALLBACK_NOTICE = "Search is running in a reduced mode right now; results may be incomplete."
# Where a residual word is looked for as text; tagged terms' names and synonyms are matched in the
# query instead (``Vocabulary.terms_mentioning``), as the database back end does.
TEXT_FIELDS = ["title", "designation", "bio", "cities"]

INDEX_SETTINGS: dict[str, Any] = {
    "number_of_shards": 1,
    "analysis": {"normalizer": {"folded": {"type": "custom", "filter": ["lowercase", "asciifolding"]}}},
}
MAPPINGS: dict[str, Any] = {
    "dynamic": "strict",
    "properties": {
        "id": {"type": "long"},
        "title": {"type": "text", "analyzer": "english"},
        "name_sort": {"type": "keyword"},  # normalize(title), computed in Python like the database sort key
        "suggest": {"type": "search_as_you_type"},
        "designation": {"type": "text", "analyzer": "english"},
        "bio": {"type": "text", "analyzer": "english"},
        "conditions": {"type": "keyword"},
        "techniques": {"type": "keyword"},
        "languages": {"type": "keyword"},
        "gender": {"type": "keyword", "normalizer": "folded"},
        "accepting": {"type": "boolean"},
        # Trust (issue 8): freshness and restrictions are judged at query time against today, like
        # expires_on, so time passing needs no re-index.
        "accepting_confirmed_on": {"type": "date", "format": "yyyy-MM-dd"},
        "restrictions": {
            "type": "nested",
            "properties": {
                "starts_on": {"type": "date", "format": "yyyy-MM-dd"},
                "ends_on": {"type": "date", "format": "yyyy-MM-dd"},
            },
        },
        "direct_billing": {"type": "boolean"},
        "home_visits": {"type": "boolean"},
        "wheelchair": {"type": "boolean"},
        "fee_min": {"type": "double"},
        "expires_on": {"type": "date", "format": "yyyy-MM-dd"},
        # Clinic points twice: nested, for the radius filter ("some clinic within r"), and flat,
        # for the distance sort (mode min). osmem 0.1.6 filters a multi-valued geo_point wrongly
        # and cannot sort on a nested one; real clusters do both, and this mapping suits all three.
        "clinics": {"type": "nested", "properties": {"location": {"type": "geo_point"}}},
        "locations": {"type": "geo_point"},
        "cities": {"type": "text", "analyzer": "english"},
    },
}


class EngineClient:
    """The few calls we make, over either client (their signatures differ slightly)."""

    def __init__(self, client: Any, flavour: str):
        self.client = client
        self.flavour = flavour  # "opensearch" | "elasticsearch"

    @classmethod
    def connect(cls, engine: str, url: str, timeout: float) -> EngineClient:
        if engine == "elasticsearch":
            from elasticsearch import Elasticsearch

            return cls(Elasticsearch(url, request_timeout=timeout, max_retries=0, retry_on_timeout=False), engine)
        from opensearchpy import OpenSearch

        return cls(OpenSearch(hosts=[url], timeout=timeout, max_retries=0, retry_on_timeout=False), "opensearch")

    def search(self, index: str, body: dict) -> dict:
        if self.flavour == "elasticsearch":
            # The 8/9 clients still take a whole request body, which keeps the DSL identical.
            return dict(self.client.search(index=index, body=body))
        return self.client.search(index=index, body=body)

    def create_index(self, name: str, *, bulk_loading: bool = False) -> None:
        # While a rebuild fills a new index nobody searches yet, periodic refreshes are wasted work.
        settings = {**INDEX_SETTINGS, "refresh_interval": "-1"} if bulk_loading else INDEX_SETTINGS
        if self.flavour == "elasticsearch":
            self.client.indices.create(index=name, settings=settings, mappings=MAPPINGS)
        else:
            self.client.indices.create(index=name, body={"settings": settings, "mappings": MAPPINGS})

    def end_bulk_loading(self, name: str) -> None:
        """Back to the engine's default refresh interval, then make everything loaded searchable."""
        settings = {"index": {"refresh_interval": None}}
        if self.flavour == "elasticsearch":
            self.client.indices.put_settings(index=name, settings=settings)
        else:
            self.client.indices.put_settings(index=name, body=settings)
        self.refresh(name)

    def update_aliases(self, actions: list[dict]) -> None:
        if self.flavour == "elasticsearch":
            self.client.indices.update_aliases(actions=actions)
        else:
            self.client.indices.update_aliases(body={"actions": actions})

    def indices_for_alias(self, alias: str) -> list[str]:
        if not self.client.indices.exists_alias(name=alias):
            return []
        return sorted(dict(self.client.indices.get_alias(name=alias)))

    def index_exists(self, name: str) -> bool:
        return bool(self.client.indices.exists(index=name))

    def delete_index(self, name: str) -> None:
        self.client.indices.delete(index=name)

    def refresh(self, index: str) -> None:
        self.client.indices.refresh(index=index)

    def bulk(self, actions: Iterable[dict]) -> tuple[int, list]:
        if self.flavour == "elasticsearch":
            from elasticsearch.helpers import bulk
        else:
            from opensearchpy.helpers import bulk
        return bulk(self.client, actions, chunk_size=BULK_CHUNK, raise_on_error=False, raise_on_exception=True)

    def list_indices(self, pattern: str) -> list[str]:
        return sorted(dict(self.client.indices.get(index=pattern)))


def therapist_documents(ids: Iterable[int]) -> Iterator[dict]:
    """Index documents for the listed therapists among ``ids``, in id order.

    Read as plain rows, a chunk of therapists at a time: a handful of queries per chunk and no
    model instances. Building pages with prefetched relations spent most of a rebuild's time in
    the ORM (16 s of a 10k rebuild went to instantiating pages, tags and clinics).
    """
    from articles.models import Condition, Technique
    from directory.models import Clinic, Language, RegistrationRestriction, TherapistPage

    slugs = {
        "conditions": dict(Condition.objects.values_list("pk", "slug")),
        "techniques": dict(Technique.objects.values_list("pk", "slug")),
    }
    codes = {pk: code.lower() for pk, code in Language.objects.values_list("pk", "code")}
    ids = list(ids)
    for start in range(0, len(ids), BULK_CHUNK):
        chunk = ids[start : start + BULK_CHUNK]
        rows = (
            TherapistPage.objects.listed()
            .filter(pk__in=chunk)
            .order_by("pk")
            .values_list(
                "pk",
                "title",
                "designation",
                "bio",
                "gender",
                "accepting_new_clients",
                "accepting_confirmed_on",
                "direct_billing",
                "home_visits",
                "fee_min",
                "registration__expires_on",
            )
        )
        tags: dict[str, dict[int, list[str]]] = {}
        for facet, column in (("conditions", "condition_id"), ("techniques", "technique_id")):
            tags[facet] = _grouped(
                (pk, slugs[facet][term])
                for pk, term in getattr(TherapistPage, facet)
                .through.objects.filter(therapistpage_id__in=chunk)
                .values_list("therapistpage_id", column)
            )
        languages = _grouped(
            (pk, codes[language])
            for pk, language in TherapistPage.languages.through.objects.filter(therapistpage_id__in=chunk).values_list(
                "therapistpage_id", "language_id"
            )
        )
        clinics = _grouped(
            (row[0], row[1:])
            for row in Clinic.objects.filter(therapist_id__in=chunk)
            .order_by("therapist_id", "sort_order", "pk")
            .values_list("therapist_id", "city", "latitude", "longitude", "wheelchair_access")
        )
        restrictions = _grouped(
            (row[0], row[1:])
            for row in RegistrationRestriction.objects.filter(registration__therapist_id__in=chunk)
            .order_by("pk")
            .values_list("registration__therapist_id", "starts_on", "ends_on")
        )
        for (
            pk,
            title,
            designation,
            bio,
            gender,
            accepting,
            confirmed_on,
            direct_billing,
            home_visits,
            fee_min,
            expires_on,
        ) in rows:
            conditions, techniques = sorted(tags["conditions"].get(pk, [])), sorted(tags["techniques"].get(pk, []))
            located = [(lat, lng) for _, lat, lng, _ in clinics.get(pk, []) if lat is not None and lng is not None]
            doc = {
                "id": pk,
                "title": title,
                "name_sort": name_sort_key(title),
                "suggest": title,
                "designation": designation,
                "bio": strip_tags(bio or ""),
                "conditions": conditions,
                "techniques": techniques,
                "languages": sorted(languages.get(pk, [])),
                "gender": gender.strip().lower(),
                "accepting": accepting,
                "restrictions": [
                    {"starts_on": starts_on.isoformat(), **({"ends_on": ends_on.isoformat()} if ends_on else {})}
                    for starts_on, ends_on in restrictions.get(pk, [])
                ],
                "direct_billing": direct_billing,
                "home_visits": home_visits,
                "wheelchair": any(wheelchair for *_, wheelchair in clinics.get(pk, [])),
                "clinics": [{"location": {"lat": lat, "lon": lng}} for lat, lng in located],
                "locations": [{"lat": lat, "lon": lng} for lat, lng in located],
                "cities": " \n".join(city for city, *_ in clinics.get(pk, [])),
            }
            if fee_min is not None:
                doc["fee_min"] = float(fee_min)
            if expires_on is not None:
                doc["expires_on"] = expires_on.isoformat()
            if confirmed_on is not None:
                doc["accepting_confirmed_on"] = confirmed_on.isoformat()
            yield doc


def _grouped(pairs: Iterable[tuple[int, Any]]) -> dict[int, list]:
    grouped: dict[int, list] = {}
    for key, value in pairs:
        grouped.setdefault(key, []).append(value)
    return grouped


def listed_ids() -> list[int]:
    from directory.models import TherapistPage

    return list(TherapistPage.objects.listed().order_by("pk").values_list("pk", flat=True))


class EngineBackend(SearchBackend):
    name = "engine"

    def __init__(self, client: EngineClient, index_prefix: str = "", fallback: SearchBackend | None = None):
        self.client = client
        self.alias = f"{index_prefix}directory"
        self.fallback = fallback or DatabaseBackend()

    @classmethod
    def from_settings(cls, *, engine: str, url: str, index_prefix: str, timeout: float) -> EngineBackend:
        return cls(EngineClient.connect(engine, url, timeout), index_prefix)

    # --- search ----------------------------------------------------------------------------

    def run(self, resolved: ResolvedQuery, *, count_only: bool = False) -> DirectoryResults:
        try:
            return self._run(resolved, count_only=count_only)
        except Exception as error:  # any engine failure: answer from the database instead
            logger.warning("Directory search engine failed (%s: %s); using the database.", type(error).__name__, error)
            results = self.fallback.run(resolved, count_only=count_only)
            results.notices.append(FALLBACK_NOTICE)
            return results

    def run_query(self, query) -> DirectoryResults:
        """The engine's own answer, without falling back (tests compare it with the database's)."""
        from search.text import resolve

        return self._run(resolve(query), count_only=False)

    def _filters(self, resolved: ResolvedQuery) -> tuple[list[dict], dict[str, dict]]:
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
        for term in resolved.text_terms:
            field = "conditions" if term.kind == "condition" else "techniques"
            should: list[dict] = [{"term": {field: term.slug}}]
            for phrase in term.phrases:
                should += [{"match_phrase": {"title": phrase}}, {"match_phrase": {"bio": phrase}}]
            base.append({"bool": {"should": should, "minimum_should_match": 1}})
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
                facets[name] = _flag_filter(name)
        return base, facets

    def _scoring(self, resolved: ResolvedQuery) -> list[dict]:
        should: list[dict] = [
            # Only a recently confirmed "accepting" earns the boost: fresh confirmations rank first.
            {"constant_score": {"filter": _flag_filter("accepting"), "boost": ACCEPTING_WEIGHT}},
        ]
        for term in resolved.text_terms:
            field = "conditions" if term.kind == "condition" else "techniques"
            should.append(
                {
                    "constant_score": {
                        "filter": {"term": {field: term.slug}},
                        "boost": TAGGED_TERM_WEIGHT - MENTIONED_TERM_WEIGHT,
                    }
                }
            )
        for word in resolved.words:
            should.append(
                {
                    "constant_score": {
                        "filter": {"match": {"title": word}},
                        "boost": WORD_IN_NAME_WEIGHT - WORD_ELSEWHERE_WEIGHT,
                    }
                }
            )
        return should

    def _sort(self, resolved: ResolvedQuery) -> list:
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
        return [{"_score": "desc"}, {"name_sort": "asc"}, {"id": "asc"}]

    def _run(self, resolved: ResolvedQuery, *, count_only: bool) -> DirectoryResults:
        query = resolved.query
        base, facet_filters = self._filters(resolved)
        body: dict[str, Any] = {
            "query": {"bool": {"filter": base, "should": self._scoring(resolved)}},
            "track_total_hits": True,
            "size": 0 if count_only else query.page_size,
            "from": 0 if count_only else query.offset,
            "_source": ["id", "title", "accepting"],
        }
        if facet_filters:
            body["post_filter"] = {"bool": {"filter": list(facet_filters.values())}}
        if not count_only:
            body["sort"] = self._sort(resolved)
            body["aggs"] = self._aggregations(facet_filters)
        response = self.client.search(self.alias, body)
        results = DirectoryResults(query=query, total=int(response["hits"]["total"]["value"]))
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
        results.facets = self._facets(response.get("aggregations", {}), resolved)
        return results

    def _aggregations(self, facet_filters: dict[str, dict]) -> dict:
        def others(name: str) -> dict:
            clauses = [clause for other, clause in facet_filters.items() if other != name]
            return {"bool": {"filter": clauses}} if clauses else {"match_all": {}}

        aggs: dict[str, Any] = {}
        for name, field in (
            ("conditions", "conditions"),
            ("techniques", "techniques"),
            ("languages", "languages"),
            ("gender", "gender"),
        ):
            aggs[name] = {"filter": others(name), "aggs": {"values": {"terms": {"field": field, "size": 200}}}}
        for name in BOOLEAN_LABELS:
            aggs[name] = {
                "filter": {"bool": {"filter": [others(name), _flag_filter(name)]}},
            }
        return aggs

    def _facets(self, aggs: dict, resolved: ResolvedQuery) -> dict[str, list[FacetValue]]:
        from directory.models import Language

        vocabulary = get_vocabulary()
        query = resolved.query

        def buckets(name: str) -> list[tuple[str, int]]:
            return [
                (str(b["key"]), int(b["doc_count"])) for b in aggs.get(name, {}).get("values", {}).get("buckets", [])
            ]

        facets: dict[str, list[FacetValue]] = {}
        facets["conditions"] = _sorted(
            FacetValue(slug, vocabulary.conditions[slug].name, n, slug in resolved.conditions)
            for slug, n in buckets("conditions")
            if slug in vocabulary.conditions and n
        )
        facets["techniques"] = _sorted(
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
        facets["languages"] = _sorted(
            FacetValue(code, names.get(code, code), n, code == query.language)
            for code, n in language_counts.items()
            if n
        )
        facets["gender"] = _sorted(
            FacetValue(value, value.capitalize(), n, value == query.gender)
            for value, n in buckets("gender")
            if value and n
        )
        for name, label in BOOLEAN_LABELS.items():
            facets[name] = [
                FacetValue("1", label, int(aggs.get(name, {}).get("doc_count", 0)), bool(getattr(query, name)))
            ]
        return facets

    def autocomplete_names(self, prefix: str, limit: int = 5) -> list[tuple[int, str]]:
        body = {
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
        try:
            response = self.client.search(self.alias, body)
        except Exception as error:
            logger.warning("Autocomplete from the engine failed (%s); using the database.", error)
            return self.fallback.autocomplete_names(prefix, limit)
        return [(int(h["_source"]["id"]), h["_source"]["title"]) for h in response["hits"]["hits"]]

    # --- indexing --------------------------------------------------------------------------

    def new_index_name(self) -> str:
        return f"{self.alias}_{time.strftime('%Y%m%d%H%M%S')}_{time.monotonic_ns() % 1_000_000:06d}"

    def ensure_index(self) -> None:
        """Create an empty index behind the alias if there is none (first run)."""
        if self.client.indices_for_alias(self.alias):
            return
        if self.client.index_exists(self.alias):  # a plain index squatting on the alias name
            self.client.delete_index(self.alias)
        name = self.new_index_name()
        self.client.create_index(name)
        self.client.update_aliases([{"add": {"index": name, "alias": self.alias}}])

    def index(self, therapists: Iterable, *, refresh: bool = True) -> None:
        """Index or re-index therapists by page or id; those no longer listed are removed."""
        ids = {getattr(t, "pk", t) for t in therapists}
        if not ids:
            return
        self.ensure_index()
        docs = list(therapist_documents(sorted(ids)))
        listed_ids = {doc["id"] for doc in docs}
        actions = [{"_op_type": "index", "_index": self.alias, "_id": str(doc["id"]), "_source": doc} for doc in docs]
        actions += [{"_op_type": "delete", "_index": self.alias, "_id": str(pk)} for pk in ids - listed_ids]
        self._bulk(actions)
        if refresh:
            self.client.refresh(self.alias)

    def remove(self, ids: Iterable[int], *, refresh: bool = True) -> None:
        actions = [{"_op_type": "delete", "_index": self.alias, "_id": str(pk)} for pk in ids]
        if actions and self.client.indices_for_alias(self.alias):
            self._bulk(actions)
            if refresh:
                self.client.refresh(self.alias)

    def _bulk(self, actions: Iterable[dict]) -> None:
        _, errors = self.client.bulk(actions)
        # A delete of a document that was never indexed is fine; anything else is a real failure.
        real = [e for e in errors if next(iter(e.values())).get("status") != 404]
        if real:
            raise SearchUnavailable(f"{len(real)} bulk errors, first: {real[0]}")

    def rebuild(self, progress: Progress | None = None) -> int:
        """Fill a new index from the database, then swap the alias to it and drop the old ones.

        The old index keeps serving until the swap; edits made during the rebuild are re-applied
        after it (they were written to the old index), so nothing is lost.
        """
        from directory.models import TherapistPage

        started = timezone.now()
        name = self.new_index_name()
        self.client.create_index(name, bulk_loading=True)
        count = 0

        def actions() -> Iterator[dict]:
            nonlocal count
            for doc in therapist_documents(listed_ids()):
                count += 1
                if progress and count % BULK_CHUNK == 0:
                    progress(BULK_CHUNK)
                yield {"_op_type": "index", "_index": name, "_id": str(doc["id"]), "_source": doc}

        try:
            self._bulk(actions())
            self.client.end_bulk_loading(name)
        except Exception:
            self.client.delete_index(name)
            raise
        if progress:
            progress(count % BULK_CHUNK)
        old = self.client.indices_for_alias(self.alias)
        if not old and self.client.index_exists(self.alias):
            self.client.delete_index(self.alias)
        self.client.update_aliases(
            [{"remove": {"index": index, "alias": self.alias}} for index in old]
            + [{"add": {"index": name, "alias": self.alias}}]
        )
        for index in old:
            self.client.delete_index(index)
        changed = TherapistPage.objects.filter(latest_revision_created_at__gte=started).values_list("pk", flat=True)
        from directory.models import Registration

        changed = set(changed) | set(
            Registration.objects.filter(updated_at__gte=started).values_list("therapist_id", flat=True)
        )
        if changed:
            self.index(changed)
        return count


def _flag_filter(name: str) -> dict:
    """The engine's filter for one yes/no facet; the same rules as the database back end's."""
    from directory.availability import fresh_since

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


def _sorted(values) -> list[FacetValue]:
    return sorted(values, key=lambda v: (-v.count, v.label.lower(), v.value))
