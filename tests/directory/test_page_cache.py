"""The page cache: anonymous pages come from the shared cache, and each change that a page shows
replaces them at once; signed-in visitors, forms and errors never touch it."""

import datetime
from http.cookies import SimpleCookie

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import PageViewRestriction

from directory.availability import confirm_accepting
from directory.models import Registration, RegistrationRestriction, TherapistPage
from search.analytics import flush_search_log

pytestmark = pytest.mark.django_db

SEARCH_HTML = "/search/therapists/?q=sciatica"
SEARCH_JSON = "/search/therapists.json?q=sciatica"


@pytest.fixture
def maria(make_therapist, sciatica):
    page = make_therapist("Maria Silva", accepting_new_clients=False)
    page.conditions.add(sciatica)
    page.save_revision().publish()
    return TherapistPage.objects.get(pk=page.pk)


def public_urls(therapist) -> list[str]:
    return ["/", "/therapists/", therapist.url, SEARCH_HTML, SEARCH_JSON, "/search/autocomplete/?q=mar"]


def names_in_search(client) -> list[str]:
    return [hit["name"] for hit in client.get(SEARCH_JSON).json()["hits"]]


@pytest.fixture
def searches_counted_in_memory(settings):
    """As in production: a search is counted in memory, written in a batch later (search.analytics)."""
    settings.SEARCH_LOG_FLUSH_SECONDS = 3600
    flush_search_log()  # the interval starts now
    yield
    flush_search_log()  # nothing left pending for the next test


def test_a_second_anonymous_visit_is_served_from_the_cache_without_a_query(
    client, maria, django_assert_num_queries, searches_counted_in_memory
):
    for url in public_urls(maria):
        first = client.get(url)
        assert (first.status_code, first["X-Page-Cache"]) == (200, "miss"), url
        with django_assert_num_queries(0):
            second = client.get(url)
        assert second["X-Page-Cache"] == "hit", url
        assert second.content == first.content
        assert second["Content-Type"] == first["Content-Type"]


def test_cached_pages_hold_no_per_visitor_secret(client, maria):
    for url in public_urls(maria):
        for response in (client.get(url), client.get(url)):
            assert not response.cookies, url
            assert not response.has_header("Set-Cookie")
            assert b"csrfmiddlewaretoken" not in response.content
            assert b"nonce" not in response.content
            assert "nonce" not in response.get("Content-Security-Policy", "")
            assert response["Cache-Control"] == "public, max-age=60"
            assert response["Vary"] == "Cookie"


def test_security_headers_are_kept_on_a_hit(client, maria):
    miss, hit = client.get(maria.url), client.get(maria.url)
    for header in ("Content-Security-Policy", "X-Frame-Options", "X-Content-Type-Options", "Referrer-Policy"):
        assert hit[header] == miss[header]


def test_conditional_requests_get_304(client, maria):
    first = client.get(maria.url)
    assert client.get(maria.url, HTTP_IF_NONE_MATCH=first["ETag"]).status_code == 304
    assert client.get(maria.url, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304
    assert client.get(maria.url, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_parameter_order_empty_values_and_tracking_share_one_entry(
    client, maria, django_assert_num_queries, searches_counted_in_memory
):
    first = client.get("/search/therapists/?q=sciatica&sort=name")
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        again = client.get("/search/therapists/?near=&sort=name&utm_source=newsletter&q=sciatica&fbclid=abc")
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert client.get("/search/therapists/?q=sciatica&sort=distance")["X-Page-Cache"] == "miss"


def test_signed_in_visitors_never_get_or_fill_the_cache(client, maria):
    client.get(maria.url)  # cached for the anonymous
    user = get_user_model().objects.create_user("pat", email="pat@example.org", password="pw")
    client.force_login(user)
    for url in public_urls(maria):
        for _ in range(2):
            response = client.get(url)
            assert not response.has_header("X-Page-Cache"), url
            assert "public" not in response["Cache-Control"]
            assert "private" in response["Cache-Control"]


def test_a_session_or_flash_message_cookie_bypasses_the_cache(client, maria):
    client.get(maria.url)
    for name in ("sessionid", "messages"):
        client.cookies = SimpleCookie({name: "anything"})
        assert not client.get(maria.url).has_header("X-Page-Cache")


def test_errors_and_posts_and_missing_pages_are_never_cached(client, maria):
    for url in ("/search/therapists/?radius=banana", "/no-such-page/"):
        for _ in range(2):
            response = client.get(url)
            assert response.status_code in (400, 404)
            assert not response.has_header("X-Page-Cache")
            assert "no-store" in response["Cache-Control"]
    assert not client.post(maria.url).has_header("X-Page-Cache")


def test_a_search_answered_by_the_fallback_is_not_cached(client, maria, monkeypatch):
    from search import views
    from search.backends.engine import FALLBACK_NOTICE

    real = views.search_directory

    def degraded(query, **options):
        results = real(query, **options)
        results.notices.append(FALLBACK_NOTICE)
        return results

    monkeypatch.setattr(views, "search_directory", degraded)
    for url in (SEARCH_HTML, SEARCH_JSON):
        for _ in range(2):
            response = client.get(url)
            assert not response.has_header("X-Page-Cache")
            assert "no-store" in response["Cache-Control"]


# --- Invalidation: each kind of change shows at once ---------------------------------------


def test_publishing_a_change_shows_on_the_profile_and_in_search(client, maria):
    client.get(maria.url), client.get(SEARCH_JSON), client.get("/therapists/")
    maria.title = "Maria Silva-Santos"
    maria.save_revision().publish()
    assert "Maria Silva-Santos" in client.get(maria.url).content.decode()
    assert names_in_search(client) == ["Maria Silva-Santos"]
    assert "Maria Silva-Santos" in client.get("/therapists/").content.decode()


def test_a_new_therapist_shows_in_the_directory_once_published(client, maria, make_therapist, sciatica):
    assert names_in_search(client) == ["Maria Silva"]
    newcomer = make_therapist("Nia Newcomer")
    newcomer.conditions.add(sciatica)
    newcomer.save_revision().publish()
    assert sorted(names_in_search(client)) == ["Maria Silva", "Nia Newcomer"]


def test_unpublishing_and_deleting_remove_the_page_at_once(client, maria, make_therapist):
    other = make_therapist("Omar Other")
    assert client.get(maria.url).status_code == 200 and client.get(other.url).status_code == 200
    maria.unpublish()
    assert client.get(maria.url).status_code == 404
    assert names_in_search(client) == []
    other_url = other.url
    other.delete()
    assert client.get(other_url).status_code == 404
    assert "Omar Other" not in client.get("/therapists/").content.decode()


def test_a_page_made_private_is_no_longer_served_from_the_cache(client, maria):
    assert client.get(maria.url)["X-Page-Cache"] == "miss"
    PageViewRestriction.objects.create(page=maria, restriction_type="password", password="secret")
    response = client.get(maria.url)
    assert not response.has_header("X-Page-Cache")
    assert "Practical details" not in response.content.decode()


def test_an_image_changes_the_pages_but_its_lazily_filled_size_does_not(client, make_therapist):
    page = make_therapist("Pia Portrait", photo=True)
    image = page.photo
    type(image).objects.filter(pk=image.pk).update(file_size=None)
    image.refresh_from_db()
    client.get(page.url)
    image.get_file_size()  # Wagtail saves the size it measured: bookkeeping, not content
    assert client.get(page.url)["X-Page-Cache"] == "hit"
    image.title = "Pia at her clinic"
    image.save()
    assert client.get(page.url)["X-Page-Cache"] == "miss"


def test_a_registration_change_shows_at_once(client, maria):
    assert client.get(maria.url).status_code == 200
    assert names_in_search(client) == ["Maria Silva"]
    registration = Registration.objects.get(therapist=maria)
    registration.status = "suspended"
    registration.save()
    assert client.get(maria.url).status_code == 404
    assert names_in_search(client) == []


def test_an_availability_confirmation_shows_at_once(client, maria, django_capture_on_commit_callbacks):
    assert "Not accepting new clients" in client.get(maria.url).content.decode()
    before = client.get("/search/therapists.json?accepting=1").json()
    # Nobody accepts yet: the search relaxes the filter and says so.
    assert before["relaxed"] and not any(hit["accepting_new_clients"] for hit in before["hits"])
    # A plain UPDATE, announced after commit by the directory's registration_changed signal.
    with django_capture_on_commit_callbacks(execute=True):
        confirm_accepting(maria)
    assert "Accepting new clients" in client.get(maria.url).content.decode()
    after = client.get("/search/therapists.json?accepting=1").json()
    assert after["relaxed"] == [] and [hit["name"] for hit in after["hits"]] == ["Maria Silva"]


def test_a_restriction_on_practice_shows_at_once(client, maria):
    assert "Must not treat clients under 16." not in client.get(maria.url).content.decode()
    restriction = RegistrationRestriction.objects.create(
        registration=Registration.objects.get(therapist=maria), text="Must not treat clients under 16."
    )
    assert "Must not treat clients under 16." in client.get(maria.url).content.decode()
    restriction.delete()
    assert "Must not treat clients under 16." not in client.get(maria.url).content.decode()


def test_the_next_day_ages_what_the_pages_show(client, maria, set_now):
    today = timezone.localdate()
    Registration.objects.filter(therapist=maria).update(expires_on=today)  # no signal: only the date may tell
    now = timezone.now()
    assert client.get(maria.url).status_code == 200
    assert client.get(maria.url)["X-Page-Cache"] == "hit"
    set_now(now + datetime.timedelta(days=1))
    assert client.get(maria.url).status_code == 404
    assert names_in_search(client) == []
