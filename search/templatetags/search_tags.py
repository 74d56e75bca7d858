"""Template helpers for the search pages."""

from __future__ import annotations

from django import template

from search.query import DirectoryQuery, DirectoryResults

register = template.Library()

FIELD_IDS = {
    "q": "id_q",
    "near": "id_near",
    "lat": "id_near",
    "lng": "id_near",
    "radius": "id_radius",
    "sort": "id_sort",
    "max_fee": "id_max_fee",
}


@register.simple_tag
def field_id(name: str) -> str:
    """The input an error message links to (filters without their own input: the filter panel)."""
    return FIELD_IDS.get(name, "filters-title")


@register.simple_tag
def raw_or_query(raw, query: DirectoryQuery, name: str, value) -> str:
    """After an error, show exactly what the person typed; otherwise the parsed value."""
    if raw is not None and name in raw:
        return raw.get(name, "")[:300]
    return "" if value is None else str(value)


@register.filter
def any_selected(values) -> bool:
    return any(value.selected for value in values)


@register.simple_tag
def search_explanation(query: DirectoryQuery, results: DirectoryResults) -> str:
    """Plain words for what was asked: "“sciatica”, within 10 km of Leeds, speaks Portuguese"."""
    parts: list[str] = []
    if query.text:
        parts.append(f"“{query.text}”")
    if results.place_label or query.has_point:
        parts.append(f"within {query.effective_radius_km:g} km of {results.place_label or 'your location'}")
    labels = {value.value: value.label for values in results.facets.values() for value in values}
    for slug in (*query.conditions, *query.techniques):
        if slug in labels:
            parts.append(labels[slug])
    if query.language:
        parts.append(f"speaks {labels.get(query.language, query.language)}")
    if query.gender:
        parts.append(f"gender: {query.gender}")
    flags = {
        "accepting": "accepting new clients",
        "direct_billing": "direct billing",
        "home_visits": "home visits",
        "wheelchair": "wheelchair access",
    }
    parts += [label for name, label in flags.items() if getattr(query, name)]
    if query.max_fee is not None:
        parts.append(f"fee up to {query.max_fee}")
    return ", ".join(parts) or "your search"
