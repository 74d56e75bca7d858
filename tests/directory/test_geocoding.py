"""The offline geocoder: gazetteer cities and US ZIP codes, never a guess at 0,0."""

import pytest
from django.test import override_settings

from directory.geocoding import OfflineGeocoder, Place, get_geocoder, normalize, places_matching


@pytest.fixture(scope="module")
def geocoder():
    return OfflineGeocoder()


def test_known_city(geocoder):
    place = geocoder.geocode("Toronto")
    assert place.kind == "city"
    assert place.country == "CA"
    assert place.region == "Ontario"
    assert place.latitude == pytest.approx(43.70, abs=0.1)
    assert place.longitude == pytest.approx(-79.42, abs=0.1)


def test_ambiguous_name_picks_most_populous(geocoder):
    assert geocoder.geocode("London").country == "GB"
    assert geocoder.geocode("Vancouver").country == "CA"


@pytest.mark.parametrize(
    ("text", "country", "region"),
    [
        ("London, CA", "CA", "Ontario"),
        ("London, Canada", "CA", "Ontario"),
        ("London, ON", "CA", "Ontario"),
        ("Vancouver, WA", "US", "Washington"),
        ("Manchester, NH", "US", "New Hampshire"),
        ("Manchester, UK", "GB", "England"),
        ("Perth, Scotland", "GB", "Scotland"),
        ("Sydney, Nova Scotia, Canada", "CA", "Nova Scotia"),
    ],
)
def test_city_with_qualifier(geocoder, text, country, region):
    place = geocoder.geocode(text)
    assert (place.country, place.region) == (country, region)


def test_country_argument_narrows(geocoder):
    assert geocoder.geocode("Dublin", country="US").country == "US"
    assert geocoder.geocode("Dublin", country="ie").country == "IE"
    assert geocoder.geocode("Lisbon", country="US") is None


@pytest.mark.parametrize("text", ["Montréal", "MONTREAL", "  montreal ", "Montreal,", "Montréal, Québec"])
def test_case_accents_and_punctuation(geocoder, text):
    place = geocoder.geocode(text)
    assert place.name == "Montréal"
    assert place.country == "CA"


def test_alternate_name(geocoder):
    place = geocoder.geocode("Lisboa")
    assert place.name == "Lisbon"


def test_us_zip(geocoder):
    place = geocoder.geocode("10001")
    assert place.kind == "postcode"
    assert place.country == "US"
    assert place.latitude == pytest.approx(40.75, abs=0.05)
    assert place.longitude == pytest.approx(-74.00, abs=0.05)
    assert geocoder.geocode("10001-1234") == place


def test_zip_after_us_city(geocoder):
    assert geocoder.geocode("Austin, TX 78701").kind == "postcode"
    # A French postcode after a French city is not a US ZIP.
    paris = geocoder.geocode("Paris 75001")
    assert (paris.kind, paris.country) == ("city", "FR")


def test_zip_outside_us_is_not_looked_up(geocoder):
    assert geocoder.geocode("10001", country="GB") is None


@pytest.mark.parametrize("text", ["Nowhereville", "00000", "London, Narnia", "Atlantis, GB"])
def test_unknown_place_is_none(geocoder, text):
    assert geocoder.geocode(text) is None


@pytest.mark.parametrize("text", ["", "   ", ",,,", "!!!", "x" * 500, "\x00\x01", None, 42, "'; DROP TABLE"])
def test_garbage_is_none_not_an_error(geocoder, text):
    assert geocoder.geocode(text) is None


def test_places_matching_prefix(geocoder):
    places = geocoder.places_matching("tor", limit=5)
    assert places[0].name == "Toronto"
    assert len(places) == 5
    populations = [p.population for p in places]
    assert populations == sorted(populations, reverse=True)
    assert all(normalize(p.name).startswith("tor") for p in places)


def test_places_matching_country_and_garbage(geocoder):
    assert all(p.country == "GB" for p in geocoder.places_matching("man", country="GB"))
    assert geocoder.places_matching("") == []
    assert geocoder.places_matching("zzzzqqq") == []
    assert geocoder.places_matching("tor", limit=0) == []


def test_place_label():
    place = Place("London", 51.5, -0.12, "city", "GB", "England")
    assert place.label == "London, England, GB"


class FixedGeocoder:
    """A stand-in production geocoder, to show GEOCODER_CLASS is honoured."""

    def geocode(self, text, country=None):
        return Place(text, 1.0, 2.0, "city", country or "ZZ")

    def places_matching(self, prefix, limit=10, country=None):
        return [Place(prefix, 1.0, 2.0, "city", "ZZ")]


def test_geocoder_class_setting():
    assert isinstance(get_geocoder(), OfflineGeocoder)
    with override_settings(GEOCODER_CLASS="tests.directory.test_geocoding.FixedGeocoder"):
        assert isinstance(get_geocoder(), FixedGeocoder)
        assert places_matching("abc")[0].country == "ZZ"
    assert get_geocoder() is get_geocoder()
