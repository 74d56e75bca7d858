"""The demo directory: listed therapists over real cities, hidden ones really hidden, idempotent."""

import io

import pytest
from django.contrib.auth import get_user_model

from demo import therapists as demo
from demo.users import ensure_users
from directory.models import Clinic, Registration, RegistrationStatusChange, TherapistPage

pytestmark = pytest.mark.django_db


def test_the_demo_creates_exactly_the_number_asked_for_and_says_so(site_tree, groups):
    out = io.StringIO()
    demo.load(count=12, stdout=out)
    assert "12 created; 12 in the directory, 12 of them listed." in out.getvalue()
    demo.load(count=30, stdout=out)
    assert TherapistPage.objects.count() == 30
    assert "18 created; 30 in the directory, 22 of them listed." in out.getvalue()


@pytest.fixture
def loaded(site_tree, groups):
    ensure_users()
    demo.load(count=40)
    return site_tree


def test_demo_creates_listed_therapists_with_clinics_photos_and_registrations(loaded):
    # Forty profiles in all, as asked: the hidden examples are part of the count.
    assert TherapistPage.objects.count() == 40
    listed = TherapistPage.objects.listed()
    assert listed.count() == 32  # and eight hidden examples
    assert Clinic.objects.filter(therapist__in=listed, latitude__isnull=True).count() == 0
    assert listed.filter(photo__isnull=False).count() >= 24  # three in four at least, as before
    assert {c.country for c in Clinic.objects.all()} >= {"CA", "GB", "US", "AU", "PT", "IE", "NZ"}
    # Coordinates come from the gazetteer city, spread a few km around it.
    toronto = Clinic.objects.filter(city="Toronto").first()
    assert toronto.latitude == pytest.approx(43.7, abs=0.1)
    assert all(page.conditions.exists() and page.languages.exists() for page in listed[:10])
    assert RegistrationStatusChange.objects.filter(to_status="verified").count() >= listed.count()
    # The numbers are fake, so the regulators say they are demo ones.
    assert all("(demo)" in r.regulator.name for r in Registration.objects.select_related("regulator"))


def test_hidden_demo_therapists_stay_hidden_everywhere(client, loaded):
    hidden = TherapistPage.objects.exclude(pk__in=TherapistPage.objects.listed().values("pk"))
    statuses = {page.registration.status for page in hidden if page.live}
    assert {"pending", "lapsed", "suspended", "revoked"} <= statuses
    assert hidden.filter(live=False).exists()
    sitemap = client.get("/sitemap.xml").content.decode()
    index_html = client.get(loaded.directory.url).content.decode()
    for page in hidden:
        assert client.get(f"/therapists/{page.slug}/").status_code == 404
        assert f"/{page.slug}/" not in sitemap
        assert page.title not in index_html or TherapistPage.objects.listed().filter(title=page.title).exists()
    some_listed = TherapistPage.objects.listed().first()
    assert client.get(some_listed.url).status_code == 200


def test_demo_is_idempotent_and_grows_on_request(loaded):
    before = TherapistPage.objects.count()
    assert demo.load(count=40) == {"created": 0}
    assert TherapistPage.objects.count() == before
    demo.load(count=45)
    assert TherapistPage.objects.count() == 45
    assert TherapistPage.objects.listed().count() == 37
    # The tree stays consistent after bulk inserts (treebeard's own check).
    from wagtail.models import Page

    assert Page.find_problems() == ([], [], [], [], [])
    loaded.directory.refresh_from_db()
    assert loaded.directory.numchild == TherapistPage.objects.count()


def test_the_demo_therapist_user_owns_one_listed_profile(loaded):
    user = get_user_model().objects.get(username="therapist")
    [page] = TherapistPage.objects.filter(owner=user)
    assert page.is_listed


def test_bulk_created_pages_work_like_any_other(client, loaded, superuser):
    page = TherapistPage.objects.listed().first()
    html = client.get(page.url).content.decode()
    assert "Registration verified on" in html
    client.force_login(superuser)
    assert client.get(f"/admin/pages/{page.pk}/edit/").status_code == 200
    # Wagtail's own search index has the listed demo therapists.
    assert page in TherapistPage.objects.live().search(page.title.split()[-1])


def test_demo_profiles_have_original_varied_bios(loaded):
    bios = list(TherapistPage.objects.values_list("bio", flat=True)[:40])
    assert len(set(bios)) > 30
    assert all(bio.startswith("<p>") for bio in bios)
