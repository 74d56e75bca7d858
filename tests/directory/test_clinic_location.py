"""Clinics are placed on the map from their address, by hand when that fails, never at 0,0."""

import pytest
from django.core.exceptions import ValidationError
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from directory.models import Clinic, TherapistPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def page(make_therapist):
    return make_therapist("Clinic Owner", clinics=())


def test_save_geocodes_from_city_and_country(page):
    clinic = Clinic.objects.create(therapist=page, city="Manchester", country="GB")
    assert clinic.location_source == "gazetteer"
    assert clinic.latitude == pytest.approx(53.48, abs=0.05)
    assert clinic.longitude == pytest.approx(-2.24, abs=0.05)


def test_us_clinic_uses_its_zip(page):
    clinic = Clinic.objects.create(therapist=page, city="New York", region="NY", postcode="10001", country="US")
    assert (clinic.latitude, clinic.longitude) == pytest.approx((40.7484, -73.9967), abs=0.001)


def test_region_narrows_an_ambiguous_city(page):
    clinic = Clinic.objects.create(therapist=page, city="London", region="Ontario", country="CA")
    assert clinic.latitude == pytest.approx(42.98, abs=0.05)


def test_unknown_place_stays_unmapped_not_zero(page):
    clinic = Clinic.objects.create(therapist=page, city="Nowhereville", country="CA")
    clinic.refresh_from_db()
    assert clinic.latitude is None and clinic.longitude is None
    assert clinic.location_source == ""
    assert not clinic.has_location


def test_coordinates_set_by_hand_are_kept(page):
    clinic = Clinic.objects.create(therapist=page, city="Nowhereville", country="CA", latitude=45.5, longitude=-73.6)
    assert clinic.location_source == "manual"
    clinic.city = "Toronto"
    clinic.save()
    assert (clinic.latitude, clinic.longitude) == (45.5, -73.6)


def test_changed_address_is_looked_up_again(page):
    clinic = Clinic.objects.create(therapist=page, city="Toronto", country="CA")
    clinic.city, clinic.region = "Vancouver", "BC"
    clinic.save()
    assert clinic.longitude == pytest.approx(-123.1, abs=0.1)
    clinic.city = "Nowhereville"
    clinic.save()
    assert clinic.latitude is None  # the old pin is not left at the wrong place


def test_half_coordinates_are_refused(page):
    clinic = Clinic(therapist=page, city="Toronto", country="CA", latitude=43.7)
    with pytest.raises(ValidationError):
        clinic.full_clean()
    clinic = Clinic(therapist=page, city="Toronto", country="CA", location_source="manual")
    with pytest.raises(ValidationError):
        clinic.full_clean()


def _page_form(page, clinics, **extra):
    return nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "currency": "CAD",
            "accepting_new_clients": "on",
            "clinics": inline_formset(clinics),
            **extra,
        }
    )


def test_editor_sees_a_warning_for_an_address_that_cannot_be_mapped(client, superuser, page):
    client.force_login(superuser)
    data = _page_form(
        page, [{"name": "Hidden Studio", "city": "Nowhereville", "country": "CA"}], **{"action-publish": "1"}
    )
    response = client.post(f"/admin/pages/{page.pk}/edit/", data, follow=True)
    assert response.status_code == 200
    html = response.content.decode()
    assert "could not be placed on the map" in html and "Hidden Studio" in html
    clinic = TherapistPage.objects.get(pk=page.pk).clinics.get()
    assert clinic.latitude is None  # saved anyway, unmapped


def test_editor_typed_coordinates_become_manual(client, superuser, page):
    client.force_login(superuser)
    clinic = {"name": "Lake Studio", "city": "Nowhereville", "country": "CA", "latitude": "46.1", "longitude": "-74.5"}
    response = client.post(f"/admin/pages/{page.pk}/edit/", _page_form(page, [clinic], **{"action-publish": "1"}))
    assert response.status_code == 302
    saved = TherapistPage.objects.get(pk=page.pk).clinics.get()
    assert (saved.latitude, saved.longitude, saved.location_source) == (46.1, -74.5, "manual")


def test_draft_preview_already_has_the_pin(client, superuser, page):
    client.force_login(superuser)
    response = client.post(f"/admin/pages/{page.pk}/edit/", _page_form(page, [{"city": "Dublin", "country": "IE"}]))
    assert response.status_code == 302
    draft = TherapistPage.objects.get(pk=page.pk).get_latest_revision_as_object()
    [clinic] = draft.clinics.all()
    assert clinic.latitude == pytest.approx(53.35, abs=0.05)
    assert clinic.location_source == "gazetteer"


def test_an_address_ends_in_the_country_name_not_its_code():
    from directory.models import Clinic

    clinic = Clinic(street_address="1 High Street", city="Leeds", postcode="LS1 1AA", country="GB")
    assert clinic.address_lines == ["1 High Street", "Leeds LS1 1AA", "United Kingdom"]
    assert Clinic(city="Xyzzy", country="ZZ").address_lines == ["Xyzzy", "ZZ"]
