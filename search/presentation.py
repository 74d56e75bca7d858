"""What a result card needs beyond what back ends return: URL, designation, photo, nearest clinic,
matched terms, availability, restrictions in force and why the therapist matched.

Fetched for the whole page in one query (photos joined), so the number of queries per search
page does not grow with the number of hits, whichever back end found them.
"""

from __future__ import annotations

import functools
from collections import defaultdict

from django.utils.functional import SimpleLazyObject
from wagtail.images import get_image_model
from wagtail.models import Site

from directory.availability import Availability
from directory.models import Clinic, RegistrationRestriction, TherapistPage
from search.geo import haversine_km
from search.match_reasons import add_reasons
from search.query import DirectoryResults, FacetValue, Hit
from search.text import ResolvedQuery, get_vocabulary


def present(results: DirectoryResults, resolved: ResolvedQuery, *, photos: bool = True) -> None:
    """Fill each hit's card fields, nearest-clinic city and distance, and matched terms; its photo
    too unless ``photos`` is False (the JSON answers show none: two queries and every image
    instance saved)."""
    ids = results.hit_ids
    if ids:
        rows = {
            pk: row
            for pk, *row in TherapistPage.objects.filter(pk__in=ids).values_list(
                "pk", "url_path", "designation", "photo_id", "accepting_confirmed_on"
            )
        }
        page_photos = PagePhotos(row[2] for row in rows.values()) if photos else None
        root_paths = Site.get_site_root_paths()  # once per page of results, not once per hit
        for hit in results.hits:
            if hit.id not in rows:  # deleted since the engine indexed it; a later update drops it
                continue
            url_path, hit.designation, photo_id, hit.accepting_confirmed_on = rows[hit.id]
            hit.url = page_url(url_path, root_paths)
            hit.photo = page_photos.lazy(photo_id) if page_photos and photo_id else None
        # An engine may lag behind a deletion by a moment; never show a dead card.
        results.hits = [hit for hit in results.hits if hit.id in rows]
        cities = add_places(results.hits, resolved)
        tags = add_matched_terms(results.hits, resolved)
        add_restrictions(results.hits)
        add_reasons(results.hits, resolved, tags, cities)  # why each hit matched (search.match_reasons)
    keep_selected_facets(results, resolved)


class PagePhotos:
    """The photos of a page of cards, with their renditions, fetched together (two queries, not one per
    photo) the first time a card shows one: a page whose cards all come from the fragment cache
    (search/directory_search.html) fetches none."""

    def __init__(self, photo_ids) -> None:
        self.wanted = {pk for pk in photo_ids if pk is not None}
        self.images: dict | None = None

    def get(self, pk: int):
        if self.images is None:
            images = get_image_model().objects.filter(pk__in=self.wanted).prefetch_related("renditions")
            self.images = {image.pk: image for image in images}
        return self.images.get(pk)

    def lazy(self, pk: int) -> SimpleLazyObject:
        """The image, fetched with the others when first used; false if it is gone meanwhile."""
        return SimpleLazyObject(functools.partial(self.get, pk))


def page_url(url_path: str, root_paths) -> str:
    """What ``page.get_url()`` gives for a page with this ``url_path``, without looking the site root
    paths up again for each hit ("" outside every site, where ``get_url`` gives None)."""
    for root in root_paths:
        if url_path.startswith(root.root_path):
            path = url_path[len(root.root_path) - 1 :]
            return path if len(root_paths) == 1 else root.root_url + path
    return ""


def keep_selected_facets(results: DirectoryResults, resolved: ResolvedQuery) -> None:
    """A ticked box stays visible (with 0) even when no therapist has it, so it can be unticked."""
    if not results.facets:
        return
    vocabulary = get_vocabulary()
    selected = {
        "conditions": [(slug, vocabulary.conditions[slug].name) for slug in resolved.conditions],
        "techniques": [(slug, vocabulary.techniques[slug].name) for slug in resolved.techniques],
        "languages": [(resolved.query.language, resolved.query.language)] if resolved.query.language else [],
        "gender": [(resolved.query.gender, resolved.query.gender.capitalize())] if resolved.query.gender else [],
    }
    for name, values in selected.items():
        facet = results.facets.setdefault(name, [])
        present_values = {value.value for value in facet}
        for value, label in values:
            if value not in present_values:
                facet.append(FacetValue(value, label, 0, True))


def add_places(hits: list[Hit], resolved: ResolvedQuery) -> dict[int, list[str]]:
    """City of the nearest clinic (or the first, without a point), its distance, and where the
    results map puts the therapist, in one query. Returns each hit's clinic cities, in order."""
    clinics = defaultdict(list)
    for row in (
        Clinic.objects.filter(therapist_id__in=[hit.id for hit in hits])
        .order_by("sort_order", "pk")
        .values("therapist_id", "city", "latitude", "longitude")
    ):
        clinics[row["therapist_id"]].append(row)
    for hit in hits:
        own = clinics.get(hit.id, [])
        located = [(c["latitude"], c["longitude"], c["city"]) for c in own if c["latitude"] is not None]
        hit.distance_km, hit.city, hit.map_points = None, "", tuple(located)
        if resolved.has_point and located:
            hit.distance_km, nearest = min(
                ((haversine_km(resolved.lat, resolved.lng, lat, lng), (lat, lng, city)) for lat, lng, city in located),
                key=lambda pair: pair[0],
            )
            hit.city = nearest[2]
            hit.map_points = (nearest,)  # the clinic the card names, at the distance it gives
        if not hit.city and own:
            hit.city = own[0]["city"]
    return {pk: [clinic["city"] for clinic in own] for pk, own in clinics.items()}


def results_map(results: DirectoryResults | None) -> dict | None:
    """What the results map shows, from what the page already fetched: each hit with a mapped clinic
    (in list order) and the searched place with its radius. None when no hit is on the map."""
    if results is None:
        return None
    hits = [
        {
            "id": hit.id,
            "name": hit.title,
            "points": [{"lat": lat, "lng": lng, "city": city} for lat, lng, city in hit.map_points],
        }
        for hit in results.hits
        if hit.map_points
    ]
    if not hits:
        return None
    place = None
    if results.point is not None:
        place = {
            "lat": results.point[0],
            "lng": results.point[1],
            "radius_km": results.query.effective_radius_km,
            "label": results.place_label or "your location",
        }
    return {"hits": hits, "place": place}


def add_matched_terms(hits: list[Hit], resolved: ResolvedQuery) -> dict[int, set[tuple[str, str]]]:
    """Which of the asked-for conditions/techniques each hit is tagged with ("Treats: …"), and every
    condition it treats (what the card says when nothing was asked for, as on the directory's pages).

    Returns each hit's tags as (kind, slug) for ``search.match_reasons``: every condition, and every
    technique when the search named one or has words a technique's names may contain."""
    vocabulary = get_vocabulary()
    wanted = {
        "condition": set(resolved.conditions) | {t.slug for t in resolved.text_terms if t.kind == "condition"},
        "technique": set(resolved.techniques) | {t.slug for t in resolved.text_terms if t.kind == "technique"},
    }
    ids = [hit.id for hit in hits]
    tags: dict[int, set[tuple[str, str]]] = defaultdict(set)
    matched: dict[int, list[str]] = defaultdict(list)
    treats: dict[int, list[str]] = defaultdict(list)
    for pk, slug, name in TherapistPage.conditions.through.objects.filter(therapistpage_id__in=ids).values_list(
        "therapistpage_id", "condition__slug", "condition__name"
    ):
        tags[pk].add(("condition", slug))
        treats[pk].append(name)
        if slug in wanted["condition"]:
            matched[pk].append(name)
    if wanted["technique"] or resolved.words:
        for pk, slug in TherapistPage.techniques.through.objects.filter(therapistpage_id__in=ids).values_list(
            "therapistpage_id", "technique__slug"
        ):
            tags[pk].add(("technique", slug))
            if slug in wanted["technique"]:
                matched[pk].append(vocabulary.techniques[slug].name)
    for hit in hits:
        hit.matched = tuple(sorted(matched.get(hit.id, ())))
        hit.treats = tuple(sorted(treats.get(hit.id, ())))
    return tags


def add_restrictions(hits: list[Hit]) -> None:
    """Each hit's kinds of restriction in force (the badge), as every therapist card has them. The
    confirmation date comes with the card's own row (``present``)."""
    kinds = RegistrationRestriction.objects.in_force().kinds_by_therapist(hit.id for hit in hits)
    for hit in hits:
        hit.restrictions = kinds.get(hit.id, ())


def hit_status_json(hit: Hit) -> dict:
    """Availability, restrictions and why a hit matched, for the JSON results (the HTML card's facts)."""
    availability = Availability.of(hit.accepting_new_clients, hit.accepting_confirmed_on)
    return {
        "availability": availability.state,  # "accepting" (recently confirmed) | "stale" | "not-accepting"
        "accepting_confirmed_on": hit.accepting_confirmed_on.isoformat() if hit.accepting_confirmed_on else None,
        "restrictions": list(hit.restrictions),
        "why": [{"kind": r.kind, "label": r.label, "via": r.via} for r in hit.reasons],
    }
