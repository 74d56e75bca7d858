"""Rendering a page the page cache does not hold (switched off here): the parts kept in the cache
meanwhile (the site and the page a URL names, the menu, the site settings, fragments of the pages)
cost no query, and are used only while the content version and the date hold, so every change
still shows at once."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import Page, PageViewRestriction

from directory.models import Registration, RegistrationRestriction, TherapistPage
from home.content_version import bump_content_version
from home.models import SiteSettings

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def page_cache_off(settings):
    settings.PAGE_CACHE_ENABLED = False


@pytest.fixture
def maria(make_therapist, sciatica, portuguese):
    page = make_therapist(
        "Maria Silva",
        photo=True,
        clinics=({"city": "Toronto", "country": "CA"}, {"city": "Ottawa", "country": "CA"}),
    )
    page.conditions.add(sciatica)
    page.languages.add(portuguese)
    page.save_revision().publish()
    return TherapistPage.objects.get(pk=page.pk)


def queries_for(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


def test_a_page_rendered_again_costs_no_query(client, maria):
    for url in ("/", "/therapists/", maria.url, "/articles/"):
        client.get(url)  # renditions made; site, route, menu, settings and fragments kept
        assert queries_for(client, url) == 0, url


def test_a_profile_rendered_from_scratch_fetches_each_relation_once(client, maria, make_therapist):
    client.get(maria.url)  # the photo's renditions exist from now on
    bump_content_version()
    # Site, home page, directory index (two: Wagtail's routing), the profile with its photo and
    # registration, then clinics, languages, techniques, conditions; view restrictions; settings
    # and menu; restrictions in force and the clinics' exception hours.
    few = queries_for(client, maria.url)
    assert few <= 15
    for n in range(5):
        make_therapist(f"Colleague {n}")
    maria.clinics.create(city="Hamilton", country="CA")
    maria.save_revision().publish()
    bump_content_version()
    assert queries_for(client, maria.url) == few


def test_a_published_change_shows_at_once(client, maria):
    client.get(maria.url), client.get("/therapists/")
    maria.title = "Maria Silva-Santos"
    maria.save_revision().publish()
    assert "Maria Silva-Santos" in client.get(maria.url).content.decode()
    assert "Maria Silva-Santos" in client.get("/therapists/").content.decode()


def test_unpublishing_and_deleting_remove_the_page_at_once(client, maria, make_therapist):
    other = make_therapist("Omar Other")
    assert client.get(maria.url).status_code == 200 and client.get(other.url).status_code == 200
    maria.unpublish()
    assert client.get(maria.url).status_code == 404
    other_url = other.url
    other.delete()
    assert client.get(other_url).status_code == 404


def test_a_page_made_private_asks_for_its_password(client, maria):
    assert "Practical details" in client.get(maria.url).content.decode()
    PageViewRestriction.objects.create(page=maria, restriction_type="password", password="secret")
    assert "Practical details" not in client.get(maria.url).content.decode()


def test_a_restriction_on_an_ancestor_protects_the_pages_below(client, maria, site_tree):
    client.get(maria.url), client.get(maria.url)
    PageViewRestriction.objects.create(page=site_tree.directory, restriction_type="login")
    response = client.get(maria.url)
    assert response.status_code == 302 and "/_util/login/" in response["Location"]


def test_a_registration_change_shows_at_once(client, maria):
    assert client.get(maria.url).status_code == 200
    registration = Registration.objects.get(therapist=maria)
    registration.status = "suspended"
    registration.save()
    assert client.get(maria.url).status_code == 404


def test_a_restriction_on_practice_shows_at_once(client, maria):
    assert "Must not treat clients under 16." not in client.get(maria.url).content.decode()
    restriction = RegistrationRestriction.objects.create(
        registration=Registration.objects.get(therapist=maria), text="Must not treat clients under 16."
    )
    assert "Must not treat clients under 16." in client.get(maria.url).content.decode()
    restriction.delete()
    assert "Must not treat clients under 16." not in client.get(maria.url).content.decode()


def test_the_next_day_shows_what_starts_then(client, maria, set_now):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    RegistrationRestriction.objects.create(
        registration=Registration.objects.get(therapist=maria), text="Under investigation.", starts_on=tomorrow
    )
    now = timezone.now()
    assert "Under investigation." not in client.get(maria.url).content.decode()
    assert "Under investigation." not in client.get(maria.url).content.decode()  # from the cached fragment
    set_now(now + datetime.timedelta(days=1))
    assert "Under investigation." in client.get(maria.url).content.decode()


def test_the_next_day_shows_a_change_made_without_a_signal(client, maria, set_now):
    # A plain UPDATE replaces no version: like the page cache, the cached page lasts that day only.
    now = timezone.now()
    assert client.get(maria.url).status_code == 200
    Registration.objects.filter(therapist=maria).update(status="revoked")
    set_now(now + datetime.timedelta(days=1))
    assert client.get(maria.url).status_code == 404


def test_site_settings_and_the_menu_show_changes_at_once(client, site_tree, site):
    assert "Relieve" in client.get("/").content.decode()
    settings_row = SiteSettings.for_site(site)
    settings_row.site_name = "Relieve Canada"
    settings_row.save()
    assert "<span>Relieve Canada</span>" in client.get("/").content.decode()
    directory = Page.objects.get(pk=site_tree.directory.pk)
    assert 'href="/therapists/"' in client.get("/articles/").content.decode()
    directory.specific.show_in_menus = False
    directory.specific.save_revision().publish()
    assert '<li><a href="/therapists/"' not in client.get("/articles/").content.decode()


def test_each_host_gets_its_own_absolute_urls(client, maria, settings):
    settings.ALLOWED_HOSTS = ["*"]
    first = client.get(maria.url, HTTP_HOST="relieve.example").content.decode()
    second = client.get(maria.url, HTTP_HOST="www.relieve.example").content.decode()
    assert '"image": "http://relieve.example/' in first
    assert '"image": "http://www.relieve.example/' in second
