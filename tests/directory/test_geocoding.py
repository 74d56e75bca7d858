"""The offline geocoder: gazetteer cities and postcodes (US, Canada, UK), never a guess at 0,0."""

import math

import pytest
from django.test import override_settings

from directory.geocoding import (
    OfflineGeocoder,
    Place,
    _Gazetteer,
    get_geocoder,
    normalize,
    places_matching,
    unplaced_message,
)


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


def km_between(a: Place, b: Place) -> float:
    lat1, lng1, lat2, lng2 = map(math.radians, (a.latitude, a.longitude, b.latitude, b.longitude))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(h))


@pytest.mark.parametrize(
    ("text", "code", "city", "within_km"),
    [
        ("M5V", "M5V", "Toronto, CA", 10),
        ("V6B", "V6B", "Vancouver, CA", 5),
        ("SW1A", "SW1A", "London, GB", 5),
        ("M1", "M1", "Manchester, GB", 5),
    ],
)
def test_outward_code_is_placed_in_its_city(geocoder, text, code, city, within_km):
    place = geocoder.geocode(text)
    assert (place.kind, place.code, place.approximate_for, place.precision_note) == ("postcode", code, "", "")
    assert km_between(place, geocoder.geocode(city)) < within_km


@pytest.mark.parametrize(
    ("text", "outward", "written"),
    [
        ("M5V 2T6", "M5V", "M5V 2T6"),
        ("m5v2t6", "M5V", "M5V 2T6"),
        ("  m5v 2t6 ", "M5V", "M5V 2T6"),
        ("V6B 1A1", "V6B", "V6B 1A1"),
        ("SW1A 1AA", "SW1A", "SW1A 1AA"),
        ("sw1a1aa", "SW1A", "SW1A 1AA"),
        ("Sw1A-1aA", "SW1A", "SW1A 1AA"),
        ("M1 1AD", "M1", "M1 1AD"),
    ],
)
def test_full_postcode_is_placed_at_its_outward_code_and_says_so(geocoder, text, outward, written):
    place = geocoder.geocode(text)
    assert (place.latitude, place.longitude) == (
        geocoder.geocode(outward).latitude,
        geocoder.geocode(outward).longitude,
    )
    assert (place.code, place.approximate_for) == (outward, written)
    assert f"near {outward}" in place.precision_note
    assert written in place.precision_note


def test_labels_name_the_code_and_its_locality(geocoder):
    assert geocoder.geocode("M5V").label == "M5V (Downtown Toronto), Ontario, CA"
    assert geocoder.geocode("SW1A 1AA").label.startswith("SW1A (")
    assert geocoder.geocode("SW1A 1AA").label.endswith(", England, GB")


def test_code_shared_by_canada_and_london_is_chosen_by_a_country(geocoder):
    assert geocoder.geocode("E1W").country == "CA"  # Canada's only shape comes first
    assert geocoder.geocode("E1W, UK").country == "GB"
    assert geocoder.geocode("E1W", country="GB").country == "GB"
    assert km_between(geocoder.geocode("E1W, UK"), geocoder.geocode("London")) < 10


def test_postcode_after_a_place(geocoder):
    assert geocoder.geocode("London SW1A 1AA").code == "SW1A"
    assert geocoder.geocode("Toronto, ON M5V 2T6").code == "M5V"
    assert geocoder.geocode("Toronto ON M5V 2T6").code == "M5V"  # a full Canadian postcode is unmistakable
    assert geocoder.geocode("Vancouver V6B").code == "V6B"


def test_postcode_outside_the_country_asked_for_is_not_placed(geocoder):
    assert geocoder.geocode("SW1A 1AA", country="CA") is None
    assert geocoder.geocode("M5V 2T6", country="US") is None
    assert geocoder.geocode("M5V 2T6", country="CA").country == "CA"


@pytest.mark.parametrize("text", ["ZZ9 9ZZ", "Z9Z 9Z9", "H0H 0H0", "QQ1"])
def test_unknown_postcode_is_none(geocoder, text):
    # H0H is Santa Claus's, parked by GeoNames on the North Pole: no place rather than a wrong one.
    assert geocoder.geocode(text) is None


def test_postcode_countries(geocoder):
    assert geocoder.postcode_countries == ("CA", "GB", "US")


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("ZZ9 9ZZ", "We couldn’t find the UK postcode “ZZ9 9ZZ”. Check it, or try a town or city name."),
        ("99999", "We couldn’t find the ZIP code “99999”. Check it, or try a town or city name."),
        (
            "2000",
            "“2000” looks like a postcode from a country we have no postcode data for: we can place postcodes "
            "in Canada, the UK and the US only. Try the town or city name.",
        ),
        ("D02 X285", "“D02 X285” looks like a postcode from a country we have no postcode data for"),
        ("Qwxyzzy", "We couldn’t find “Qwxyzzy”. Try a town or city name, a postcode, or your location."),
    ],
)
def test_unplaced_message_says_what_we_lack(geocoder, text, message):
    assert unplaced_message(text, geocoder).startswith(message)


def test_without_postcode_data_the_message_says_so(monkeypatch):
    # The package that ships the extract is missing: place names and ZIPs still work, and the
    # page says plainly that a Canadian postcode cannot be placed.
    monkeypatch.setattr("directory.geocoding.read_outward_codes", dict)
    geocoder = OfflineGeocoder.__new__(OfflineGeocoder)
    geocoder.gazetteer = _Gazetteer(15000)
    assert geocoder.geocode("M5V 2T6") is None
    assert geocoder.geocode("Toronto").country == "CA"
    assert geocoder.postcode_countries == ("US",)
    assert unplaced_message("M5V 2T6", geocoder) == (
        "“M5V 2T6” looks like a postcode from a country we have no postcode data for: we can place "
        "postcodes in the US only. Try the town or city name."
    )


def test_places_matching_postcodes(geocoder):
    codes = [place.code for place in geocoder.places_matching("sw1a", limit=5)]
    assert codes == ["SW1A"]
    started = geocoder.places_matching("sw1", limit=20)
    assert "SW1A" in [place.code for place in started]
    assert all(place.code.startswith("SW1") and place.country == "GB" for place in started)
    canadian = geocoder.places_matching("m5", limit=50, country="CA")
    assert "M5V" in [place.code for place in canadian]
    assert all(place.country == "CA" for place in canadian)
    assert [place.code for place in geocoder.places_matching("787", limit=3)] == ["78701", "78702", "78703"]


def test_places_matching_a_full_postcode_is_that_one_place(geocoder):
    [place] = geocoder.places_matching("m5v2t6")
    assert (place.code, place.approximate_for) == ("M5V", "M5V 2T6")
    assert geocoder.places_matching("m5v2t6", country="GB") == []


def test_places_matching_several_countries(geocoder):
    places = geocoder.places_matching("man", limit=10, country=("CA", "GB"))
    assert places and {place.country for place in places} <= {"CA", "GB"}
    assert places[0].name == "Manchester"


def test_autocomplete_helper_keeps_to_the_directory_countries():
    assert "Lisbon" not in [place.name for place in places_matching("lisb")]
    assert all(place.country in ("CA", "GB", "US") for place in places_matching("man"))
    with override_settings(DIRECTORY_COUNTRIES=("GB",)):
        assert {place.country for place in places_matching("man")} == {"GB"}
        assert places_matching("787") == []
    assert places_matching("lisb", country="PT")[0].name == "Lisbon"
