"""The address check behind the live "Found: …" feedback, and the static parts the script needs."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_a_known_city_is_found_with_coordinates(client, newcomer):
    client.force_login(newcomer)
    response = client.get(reverse("portal:geocode"), {"q": "Halifax, NS", "country": "CA"})
    assert response.status_code == 200
    result = response.json()
    assert result["found"] is True
    assert result["message"].startswith("Found: Halifax")
    assert 44 < result["latitude"] < 45 and -64 < result["longitude"] < -63


def test_an_unknown_place_says_so(client, newcomer):
    client.force_login(newcomer)
    result = client.get(reverse("portal:geocode"), {"q": "Qwzx Nowhere"}).json()
    assert result == {"found": False, "message": "We couldn't place this address."}


@pytest.mark.parametrize("query", ["", " ", "x" * 5000, "<script>", "\u0000", "%"])
def test_odd_input_is_answered_never_an_error(client, newcomer, query):
    client.force_login(newcomer)
    response = client.get(reverse("portal:geocode"), {"q": query, "country": "??"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"


def test_the_profile_form_carries_what_the_script_needs(client, therapist_a, profile_a):
    client.force_login(therapist_a)
    html = client.get(reverse("portal:profile_edit")).content.decode()
    assert f'data-geocode-url="{reverse("portal:geocode")}"' in html
    assert "js/portal.js" in html
    assert "<template data-clinic-template>" in html and "clinics-__prefix__-city" in html
    # Without JavaScript, the saved location is stated in the page itself.
    assert "On the map at 43.7000, -79.4000." in html
