"""The listing rule where the public meets it: page view, directory listing, sitemap, search index."""

import datetime

import pytest
from django.utils import timezone
from wagtail.models import Page

from directory.models import TherapistPage
from directory.signals import registration_changed
from home.content_version import bump_content_version

pytestmark = pytest.mark.django_db


def yesterday() -> datetime.date:
    # Asked when a test runs, not when the module loads: a run that crosses midnight stays right.
    # The site's local calendar day, as the listing rule counts it (directory.models.listing_q).
    return timezone.localdate() - datetime.timedelta(days=1)


UNLISTED = {
    "pending": {"status": "pending"},
    "lapsed": {"status": "lapsed"},
    "suspended": {"status": "suspended"},
    "revoked": {"status": "revoked"},
    "expired": {"status": "verified", "expires_on": yesterday},
    "unpublished": {"live": False},
    "unregistered": {"registered": False},
}


@pytest.fixture
def therapists(make_therapist):
    listed = make_therapist("Listed Therapist")
    hidden = {
        name: make_therapist(f"Hidden {name.title()}", **{k: v() if callable(v) else v for k, v in kwargs.items()})
        for name, kwargs in UNLISTED.items()
    }
    return listed, hidden


@pytest.mark.parametrize("case", UNLISTED)
def test_unlisted_profile_is_404_to_the_public(client, therapists, case):
    listed, hidden = therapists
    assert client.get(listed.url or listed.get_url()).status_code == 200
    page = hidden[case]
    url = Page.objects.get(pk=page.pk).specific.relative_url(None) or f"/therapists/{page.slug}/"
    response = client.get(url)
    assert response.status_code == 404
    assert page.title not in response.content.decode()  # no leak of its existence
    # The contact route is behind the same rule.
    assert client.post(f"{url}contact/", {"name": "x"}).status_code == 404


def test_expiry_unlists_without_anyone_touching_the_page(client, make_therapist):
    page = make_therapist("Last Day", expires_on=timezone.localdate())
    assert client.get(page.url).status_code == 200
    page.registration.expires_on = yesterday()
    page.registration.save()
    assert client.get(page.url).status_code == 404


def test_editors_can_still_preview_an_unlisted_profile(therapists):
    _, hidden = therapists
    page = hidden["pending"]
    response = page.make_preview_request()
    assert response.status_code == 200
    html = response.content.decode()
    assert page.title in html
    assert "Not listed" in html  # the preview says why the public cannot see it


def test_admin_preview_view_renders_unlisted_profile(client, superuser, therapists):
    _, hidden = therapists
    page = hidden["suspended"]
    client.force_login(superuser)
    response = client.get(f"/admin/pages/{page.pk}/view_draft/")
    assert response.status_code == 200
    assert page.title in response.content.decode()


def test_directory_index_lists_only_listed_therapists(client, site_tree, therapists):
    listed, hidden = therapists
    html = client.get(site_tree.directory.url).content.decode()
    assert listed.title in html
    for page in hidden.values():
        assert page.title not in html
    assert "1 registered therapist" in html


def test_directory_index_paginates_with_constant_queries(
    client, site_tree, make_therapist, django_assert_max_num_queries
):
    for n in range(30):
        make_therapist(f"Therapist {n:02d}", photo=n < 3)
    client.get(site_tree.directory.url)  # warm renditions
    with django_assert_max_num_queries(20):
        first = client.get(site_tree.directory.url).content.decode()
    assert "30 registered therapists" in first
    assert "Therapist 00" in first and "Therapist 23" in first and "Therapist 24" not in first
    second = client.get(f"{site_tree.directory.url}?page=2").content.decode()
    assert "Therapist 24" in second and "Therapist 29" in second
    # Bad page numbers show the first page rather than an error.
    for bad in ("999", "abc", "-1"):
        response = client.get(f"{site_tree.directory.url}?page={bad}")
        assert response.status_code == 200
        assert "Therapist 00" in response.content.decode()


def test_sitemap_lists_only_listed_therapists(client, therapists):
    listed, hidden = therapists
    xml = client.get("/sitemap.xml").content.decode()
    assert f"/therapists/{listed.slug}/" in xml
    for page in hidden.values():
        assert f"/therapists/{page.slug}/" not in xml


def _search_titles(query):
    return {page.title for page in TherapistPage.objects.live().search(query)}


def test_wagtail_search_index_follows_registration_changes(make_therapist, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = make_therapist("Zebedee Quill")
        page.registration.save()  # index after the registration exists, as on a real site
    assert _search_titles("Zebedee") == {"Zebedee Quill"}

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        page.registration.change_status("suspended", None, "Complaint under review")
    assert callbacks, "the change is announced after commit"
    assert _search_titles("Zebedee") == set()

    with django_capture_on_commit_callbacks(execute=True):
        page.registration.change_status("verified", None, "Cleared")
    assert _search_titles("Zebedee") == {"Zebedee Quill"}


def test_unpublishing_takes_a_therapist_out_of_the_search_index(make_therapist, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        page = make_therapist("Quentin Marsh")
        page.registration.save()
    assert _search_titles("Quentin") == {"Quentin Marsh"}
    page.unpublish()
    assert _search_titles("Quentin") == set()


def test_registration_changed_signal_is_sent_after_commit(make_therapist, django_capture_on_commit_callbacks):
    page = make_therapist("Signal Person", status="pending")
    received = []

    def receiver(sender, therapist_id, registration, **kwargs):
        received.append((therapist_id, registration.status if registration else None))

    registration_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            page.registration.change_status("verified", None, "ok")
        assert received == []  # nothing before commit
        for callback in callbacks:
            callback()
        assert received == [(page.pk, "verified")]
        received.clear()
        with django_capture_on_commit_callbacks(execute=True):
            page.registration.delete()
        assert received == [(page.pk, None)]
    finally:
        registration_changed.disconnect(receiver)


@pytest.mark.parametrize("how_many", [2, 12])
def test_sitemap_checks_the_listing_rule_in_one_query(client, make_therapist, django_assert_max_num_queries, how_many):
    for n in range(how_many):
        make_therapist(f"Sitemap Person {n}", status="verified" if n % 2 else "lapsed")
    with django_assert_max_num_queries(12):
        xml = client.get("/sitemap.xml").content.decode()
    assert xml.count("/therapists/sitemap-person-") == how_many // 2


def test_directory_card_names_each_city_once(client, site_tree, make_therapist):
    make_therapist(
        "Two Clinics",
        clinics=(
            {"name": "North", "city": "Manchester", "country": "GB"},
            {"name": "South", "city": "Manchester", "country": "GB"},
        ),
    )
    html = client.get(site_tree.directory.url).content.decode()
    assert "Manchester · Manchester" not in html
    assert "Manchester" in html


@pytest.mark.parametrize("how_many", [1, 24])
def test_directory_index_query_count_does_not_grow_with_the_page(
    client, site_tree, make_therapist, sciatica, portuguese, django_assert_max_num_queries, how_many, settings
):
    settings.PAGE_CACHE_ENABLED = False  # the cost of rendering the index; a cached answer costs none
    for n in range(how_many):
        page = make_therapist(
            f"Card Person {n:02d}",
            photo=True,
            clinics=({"city": "Toronto", "country": "CA"}, {"city": "Ottawa", "country": "CA"}),
        )
        page.conditions.add(sciatica)
        page.languages.add(portuguese)
    client.get(site_tree.directory.url)  # first view creates the renditions
    bump_content_version()  # rendered from scratch: no cached listing fragment, route or menu
    # Routing 4, view restrictions 2, settings and menu 2, the count and the page of therapists 2,
    # one each for clinics, conditions, languages and the photos' renditions, and one for the
    # restrictions in force on the cards.
    with django_assert_max_num_queries(15):
        html = client.get(site_tree.directory.url).content.decode()
    assert html.count('class="therapist-card"') == how_many
