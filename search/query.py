"""The directory's query model: what someone asked for, and what they got back.

Plain dataclasses, so back ends never see a request. ``DirectoryQuery.from_params`` parses GET
parameters (raising ``QueryError`` with one message per bad field) and ``to_params`` renders the
query back to parameters, so every search is a shareable URL and the two round-trip exactly.
"""

from __future__ import annotations

import dataclasses
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any
from urllib.parse import urlencode

from directory.cards import TherapistCard

SORTS = ("relevance", "distance", "name")
MAX_TEXT_LENGTH = 200
MAX_PLACE_LENGTH = 200
MAX_RADIUS_KM = 500.0
DEFAULT_RADIUS_KM = 25.0
# 20 per page: beyond page 500 (10,000 results) nobody is browsing, and deep offsets are costly.
PAGE_SIZE = 20
MAX_PAGE = 500
MAX_SLUGS = 20
MAX_FEE = Decimal("100000")
# "accepting" means accepting *and recently confirmed*; "unrestricted": no restriction on practice in
# force (both rules live in directory/, see directory.availability and directory.models).
BOOLEAN_FILTERS = ("accepting", "direct_billing", "home_visits", "wheelchair", "unrestricted")
BOOLEAN_LABELS = {
    "accepting": "Accepting new clients",
    "direct_billing": "Direct billing",
    "home_visits": "Home visits",
    "wheelchair": "Wheelchair access",
    "unrestricted": "No restrictions on practice",
}
TRUE_VALUES = {"1", "true", "on", "yes"}
FALSE_VALUES = {"", "0", "false", "off", "no"}
SLUG = re.compile(r"^[-a-zA-Z0-9_]+$")
LANGUAGE_CODE = re.compile(r"^[A-Za-z]{2,3}(?:[-_][A-Za-z0-9]{2,8})?$")
# "51.5,-0.12" typed into the place box is coordinates, not a place name.
COORDINATES = re.compile(r"^\s*(?P<lat>[-+]?\d{1,3}(?:\.\d+)?)\s*[,;\s]\s*(?P<lng>[-+]?\d{1,3}(?:\.\d+)?)\s*$")


class QueryError(ValueError):
    """Invalid search parameters. ``errors`` maps each parameter name to messages for people."""

    def __init__(self, errors: Mapping[str, list[str]]):
        self.errors = {name: list(messages) for name, messages in errors.items()}
        super().__init__("; ".join(f"{name}: {' '.join(msgs)}" for name, msgs in self.errors.items()))


@dataclass(frozen=True)
class DirectoryQuery:
    """One directory search. Empty values mean "not asked for"."""

    text: str = ""
    near: str = ""  # a place name or postcode, geocoded by the text layer
    lat: float | None = None
    lng: float | None = None
    radius_km: float | None = None  # None: DEFAULT_RADIUS_KM when a location is given
    conditions: tuple[str, ...] = ()
    techniques: tuple[str, ...] = ()
    language: str = ""
    gender: str = ""
    accepting: bool = False
    direct_billing: bool = False
    home_visits: bool = False
    wheelchair: bool = False
    unrestricted: bool = False
    max_fee: Decimal | None = None
    sort: str = "relevance"
    page: int = 1
    page_size: int = PAGE_SIZE

    # --- derived ---------------------------------------------------------------------------

    @property
    def has_point(self) -> bool:
        return self.lat is not None and self.lng is not None

    @property
    def effective_radius_km(self) -> float:
        return self.radius_km if self.radius_km is not None else DEFAULT_RADIUS_KM

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.page_size

    @property
    def active_filters(self) -> list[str]:
        """Names of the filters in force (not text, place or sort)."""
        names = []
        if self.conditions:
            names.append("conditions")
        if self.techniques:
            names.append("techniques")
        for name in ("language", "gender", *BOOLEAN_FILTERS):
            if getattr(self, name):
                names.append(name)
        if self.max_fee is not None:
            names.append("max_fee")
        return names

    @property
    def is_empty(self) -> bool:
        return not (self.text or self.near or self.has_point or self.active_filters)

    def replace(self, **changes: Any) -> DirectoryQuery:
        """A copy with changes; back to page 1 unless a page is given (new results, new pages)."""
        changes.setdefault("page", 1)
        return dataclasses.replace(self, **changes)

    def without_filter(self, name: str) -> DirectoryQuery:
        empty = {"conditions": (), "techniques": (), "max_fee": None}
        return self.replace(**{name: empty.get(name, False if name in BOOLEAN_FILTERS else "")})

    # --- parameters ------------------------------------------------------------------------

    def to_params(self) -> list[tuple[str, str]]:
        """GET parameters for this query, defaults left out (short, shareable URLs)."""
        params: list[tuple[str, str]] = []
        if self.text:
            params.append(("q", self.text))
        if self.near:
            params.append(("near", self.near))
        if self.has_point:
            params += [("lat", _format_float(self.lat)), ("lng", _format_float(self.lng))]
        if self.radius_km is not None:
            params.append(("radius", _format_float(self.radius_km)))
        params += [("condition", slug) for slug in self.conditions]
        params += [("technique", slug) for slug in self.techniques]
        if self.language:
            params.append(("language", self.language))
        if self.gender:
            params.append(("gender", self.gender))
        params += [(name, "1") for name in BOOLEAN_FILTERS if getattr(self, name)]
        if self.max_fee is not None:
            params.append(("max_fee", _format_decimal(self.max_fee)))
        if self.sort != "relevance":
            params.append(("sort", self.sort))
        if self.page != 1:
            params.append(("page", str(self.page)))
        return params

    def to_querystring(self, **changes: Any) -> str:
        query = self.replace(**changes) if changes else self
        return urlencode(query.to_params())

    @classmethod
    def from_params(cls, params: Any) -> DirectoryQuery:
        """Parse a QueryDict (or any mapping; lists for repeated keys). Raises QueryError."""
        return _Parser(params).parse()


def _format_float(value: float) -> str:
    text = repr(float(value))
    return text[:-2] if text.endswith(".0") else text


def _format_decimal(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def _has_control_characters(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cf", "Cs", "Co") for ch in text)


class _Parser:
    def __init__(self, params: Any):
        self.params = params
        self.errors: dict[str, list[str]] = {}

    def get(self, name: str) -> str:
        if hasattr(self.params, "getlist"):
            values = self.params.getlist(name)
        else:
            raw = self.params.get(name)
            values = raw if isinstance(raw, list | tuple) else ([] if raw is None else [raw])
        return str(values[-1]) if values else ""

    def getlist(self, name: str) -> list[str]:
        if hasattr(self.params, "getlist"):
            return [str(v) for v in self.params.getlist(name)]
        raw = self.params.get(name)
        return [str(v) for v in raw] if isinstance(raw, list | tuple) else ([] if raw is None else [str(raw)])

    def error(self, name: str, message: str) -> None:
        self.errors.setdefault(name, []).append(message)

    def text(self, name: str, label: str, limit: int) -> str:
        raw = self.get(name)
        if len(raw) > limit * 4:  # don't normalise megabytes just to refuse them
            self.error(name, f"{label} is too long: at most {limit} characters, please.")
            return ""
        value = " ".join(raw.split())
        if _has_control_characters(value):
            self.error(name, f"{label} contains control characters; please type plain text.")
            return ""
        if len(value) > limit:
            self.error(name, f"{label} is too long ({len(value)} characters): at most {limit}, please.")
            return ""
        return value

    def number(self, name: str, label: str, low: float, high: float, *, low_inclusive: bool = True) -> float | None:
        raw = self.get(name).strip()
        if not raw:
            return None
        try:
            value = float(raw)
        except ValueError:
            self.error(name, f"{label} must be a number.")
            return None
        if not math.isfinite(value):
            self.error(name, f"{label} must be a number.")
            return None
        too_low = value < low if low_inclusive else value <= low
        if too_low or value > high:
            bound = f"from {_format_float(low)}" if low_inclusive else f"more than {_format_float(low)}"
            self.error(name, f"{label} must be {bound} up to {_format_float(high)}.")
            return None
        return value

    def flag(self, name: str) -> bool:
        raw = self.get(name).strip().lower()
        if raw in TRUE_VALUES:
            return True
        if raw not in FALSE_VALUES:
            self.error(name, "Use 1 to turn this filter on, or leave it out.")
        return False

    def slugs(self, name: str, label: str) -> tuple[str, ...]:
        values: list[str] = []
        for raw in self.getlist(name):
            value = raw.strip().lower()
            if value and value not in values:
                values.append(value)
        if len(values) > MAX_SLUGS:
            self.error(name, f"Choose at most {MAX_SLUGS} {label}.")
            return ()
        # Malformed slugs can never match a term; the text layer drops unknown ones with a note.
        for value in values:
            if len(value) > 100 or not SLUG.match(value):
                self.error(name, f"“{value[:40]}” is not a valid {label[:-1]} name.")
                return ()
        return tuple(values)

    def parse(self) -> DirectoryQuery:
        text = self.text("q", "Search text", MAX_TEXT_LENGTH)
        near = self.text("near", "Place", MAX_PLACE_LENGTH)
        lat = self.number("lat", "Latitude", -90, 90)
        lng = self.number("lng", "Longitude", -180, 180)
        match = COORDINATES.match(near) if near else None
        if match and lat is None and lng is None and "lat" not in self.errors and "lng" not in self.errors:
            near_lat, near_lng = float(match["lat"]), float(match["lng"])
            if -90 <= near_lat <= 90 and -180 <= near_lng <= 180:
                lat, lng, near = near_lat, near_lng, ""
            else:
                self.error("near", "Coordinates must be latitude (−90 to 90), longitude (−180 to 180).")
                near = ""
        if (lat is None) != (lng is None) and "lat" not in self.errors and "lng" not in self.errors:
            self.error("lat" if lat is None else "lng", "Give both latitude and longitude, or neither.")
            lat = lng = None
        radius = self.number("radius", "Radius (km)", 0, MAX_RADIUS_KM, low_inclusive=False)
        max_fee = None
        raw_fee = self.get("max_fee").strip()
        if raw_fee:
            try:
                max_fee = Decimal(raw_fee)
            except InvalidOperation:
                max_fee = None
            if max_fee is None or not max_fee.is_finite() or max_fee < 0 or max_fee > MAX_FEE:
                self.error("max_fee", f"Maximum fee must be an amount from 0 to {MAX_FEE}.")
                max_fee = None
            else:
                max_fee = max_fee.quantize(Decimal("0.01")).normalize()
        language = self.get("language").strip()
        if language and not LANGUAGE_CODE.match(language):
            self.error("language", "Choose a language from the list.")
            language = ""
        gender = self.text("gender", "Gender", 60).lower()
        sort = self.get("sort").strip().lower() or "relevance"
        if sort not in SORTS:
            self.error("sort", f"Sort by one of: {', '.join(SORTS)}.")
            sort = "relevance"
        page = 1
        raw_page = self.get("page").strip()
        if raw_page:
            # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
            if not re.fullmatch(r"[0-9]{1,6}", raw_page) or not 1 <= int(raw_page) <= MAX_PAGE:
                self.error("page", f"Page must be a whole number from 1 to {MAX_PAGE}.")
            else:
                page = int(raw_page)
        query = DirectoryQuery(
            text=text,
            near=near,
            lat=lat,
            lng=lng,
            radius_km=radius,
            conditions=self.slugs("condition", "conditions"),
            techniques=self.slugs("technique", "techniques"),
            language=language.lower(),
            gender=gender,
            max_fee=max_fee,
            sort=sort,
            page=page,
            **{name: self.flag(name) for name in BOOLEAN_FILTERS},
        )
        if self.errors:
            raise QueryError(self.errors)
        return query


# --- results ------------------------------------------------------------------------------------


@dataclass
class Hit(TherapistCard):
    """One therapist in the results: a card (``directory.cards``) with how far and why. Back ends fill
    ``id``, ``title``, ``accepting_new_clients`` and ``score``; ``present`` adds the rest."""

    distance_km: float | None = None
    matched: tuple[str, ...] = ()  # condition/technique names the therapist was matched on
    score: float = 0.0
    reasons: tuple[MatchReason, ...] = ()  # why this therapist matched
    # Where the results map puts this therapist: the nearest clinic when the search had a place,
    # else every clinic with coordinates, as (latitude, longitude, city).
    map_points: tuple[tuple[float, float, str], ...] = ()


@dataclass(frozen=True)
class MatchReason:
    """One reason a therapist is in the results: a matched condition/technique (and the synonym the
    person typed, when it was one), a mention in their own text, or the city that matched."""

    kind: str  # "condition" | "technique" | "mention" | "city"
    label: str  # what to show highlighted: the term's name, or the city
    via: str = ""  # the words the person used, when they differ from the label ("sciatic nerve pain")


@dataclass(frozen=True)
class FacetValue:
    value: str
    label: str
    count: int
    selected: bool = False


def sort_facet_values(values: Iterable[FacetValue]) -> list[FacetValue]:
    """The order a facet shows its values in, whichever back end counted them: most common first."""
    return sorted(values, key=lambda v: (-v.count, v.label.lower(), v.value))


@dataclass(frozen=True)
class Suggestion:
    """A link to another search: "try a 50 km radius", "drop the Portuguese filter"."""

    label: str
    query: DirectoryQuery
    total: int | None = None


@dataclass
class DirectoryResults:
    """What a back end answers."""

    query: DirectoryQuery
    hits: list[Hit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, list[FacetValue]] = field(default_factory=dict)
    suggestions: list[Suggestion] = field(default_factory=list)  # wider searches, when empty
    notices: list[str] = field(default_factory=list)  # "Showing results for …", "may be incomplete"
    backend: str = ""
    place_label: str = ""  # the geocoded place, when the query named one
    point: tuple[float, float] | None = None  # where distances were measured from: the place or "my location"
    # When nothing matched the query as asked, it was relaxed step by step (search.service.relax):
    # what each step dropped or widened, for the page and the JSON, and the words no longer required.
    relaxed: list[str] = field(default_factory=list)
    unused_words: tuple[str, ...] = ()
    asked: DirectoryQuery | None = None  # the query as asked, when ``query`` is its relaxed form

    @property
    def exact_total(self) -> int:
        """Therapists matching the query as asked (0 when it had to be relaxed): what analytics records."""
        return 0 if self.relaxed else self.total

    @property
    def page_count(self) -> int:
        return max(1, math.ceil(self.total / self.query.page_size))

    @property
    def has_next(self) -> bool:
        return self.query.page < min(self.page_count, MAX_PAGE)

    @property
    def has_previous(self) -> bool:
        return self.query.page > 1

    @property
    def hit_ids(self) -> list[int]:
        return [hit.id for hit in self.hits]


def unique(values: Iterable[str]) -> tuple[str, ...]:
    return tuple(dict.fromkeys(values))
