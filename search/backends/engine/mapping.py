"""The directory index: its settings and its explicit, strict mapping (one document per listed
therapist, built by ``documents``)."""

from __future__ import annotations

from typing import Any

# Where a residual word is looked for as text; tagged terms' names and synonyms are matched in the
# query instead (``Vocabulary.terms_mentioning``), as the database back end does.
TEXT_FIELDS = ["title", "designation", "bio", "cities"]

# Keyword fields hold values exactly as the database does (no lowercase or accent-folding
# normalizer): a facet value must get the same key, and the same count, from both back ends.
INDEX_SETTINGS: dict[str, Any] = {"number_of_shards": 1}
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
        "gender": {"type": "keyword"},
        "accepting": {"type": "boolean"},
        "complete": {"type": "boolean"},  # a complete profile (FacetRow.complete): a small relevance lift
        "rotation": {"type": "long"},  # search.scoring.rotation_key: the fair tie-break without a place
        # Freshness and restrictions are judged at query time against today, like expires_on, so
        # time passing needs no re-index.
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
