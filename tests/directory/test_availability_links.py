"""The reminder e-mail's link: confirms availability without signing in, and can do nothing else."""

import datetime
from urllib.parse import quote

import pytest
from django.core import signing
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from directory import availability
from directory.availability import CONFIRM_ACCEPTING, LinkRefused, make_link_token, read_link_token
from directory.models import TherapistPage

pytestmark = pytest.mark.django_db


@pytest.fixture
def stale(make_therapist):
    return make_therapist("Stale Sam", accepting_confirmed_on=timezone.localdate() - datetime.timedelta(days=45))


def url(token: str) -> str:
    return reverse("availability_confirm", kwargs={"token": token})


def confirmed_on(page):
    return TherapistPage.objects.get(pk=page.pk).accepting_confirmed_on


def test_get_shows_a_button_and_changes_nothing(client, stale):
    response = client.get(url(make_link_token(stale)))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Stale Sam" in html
    assert "Yes, I am accepting new clients" in html
    assert 'method="post"' in html
    assert response["Cache-Control"] == "no-store"
    assert response["Referrer-Policy"] == "no-referrer"
    assert confirmed_on(stale) == timezone.localdate() - datetime.timedelta(days=45)


def test_post_confirms_without_signing_in_and_profile_says_so(client, stale):
    response = client.post(url(make_link_token(stale)))
    assert response.status_code == 200
    assert "confirmed today" in response.content.decode()
    assert confirmed_on(stale) == timezone.localdate()
    profile = client.get(stale.url).content.decode()
    assert "Accepting new clients" in profile and "confirmed today" in profile
    assert "not confirmed recently" not in profile


def test_expired_link_is_refused_with_a_clear_page(client, stale):
    token = make_link_token(stale)
    with override_settings(AVAILABILITY_LINK_MAX_AGE_DAYS=0):
        response = client.post(url(token))
    assert response.status_code == 410
    html = response.content.decode()
    assert "This link cannot be used" in html and "expired" in html
    assert confirmed_on(stale) != timezone.localdate()


def test_link_older_than_its_lifetime_is_refused(stale, monkeypatch):
    token = make_link_token(stale)
    later = datetime.datetime.now(tz=datetime.UTC) + datetime.timedelta(days=15)
    monkeypatch.setattr(signing.time, "time", lambda: later.timestamp())
    with pytest.raises(LinkRefused) as refused:
        read_link_token(token)
    assert refused.value.reason == "expired"


def test_tampered_link_is_refused(client, stale, make_therapist):
    other = make_therapist("Other Olga")
    token = make_link_token(stale)
    # Swap in another therapist's id, keeping the old signature.
    payload, _, rest = token.partition(":")
    forged = signing.TimestampSigner(salt="x").sign_object({"therapist": other.pk, "action": CONFIRM_ACCEPTING})
    tampered = forged.partition(":")[0] + ":" + rest
    for bad in (tampered, token[:-2] + ("AA" if not token.endswith("AA") else "BB"), "nonsense"):
        response = client.post(url(bad))
        assert response.status_code == 400
        assert "not valid" in response.content.decode()
    assert confirmed_on(other) is None
    assert confirmed_on(stale) != timezone.localdate()


def test_a_token_for_another_action_is_refused(client, stale, monkeypatch):
    # A token made for any other purpose (another salt) never passes, even naming the same therapist.
    monkeypatch.setattr(availability, "LINK_ACTIONS", (CONFIRM_ACCEPTING, "unsubscribe"))
    other_action = make_link_token(stale, "unsubscribe")
    with pytest.raises(LinkRefused):
        read_link_token(other_action, CONFIRM_ACCEPTING)
    response = client.post(url(other_action))
    assert response.status_code == 400
    # ... and one signed with our salt but naming another action inside is refused too.
    inner = signing.TimestampSigner(salt=f"directory.availability.{CONFIRM_ACCEPTING}").sign_object(
        {"therapist": stale.pk, "action": "unsubscribe"}
    )
    assert client.post(url(inner)).status_code == 400
    assert confirmed_on(stale) != timezone.localdate()


def test_link_for_a_deleted_therapist_is_refused(client, stale):
    token = make_link_token(stale)
    stale.delete()
    for method in (client.get, client.post):
        response = method(url(token))
        assert response.status_code == 400
        html = response.content.decode()
        assert "This link is not valid" in html and "Nothing was changed" in html
        assert "Stale Sam" not in html
    assert not TherapistPage.objects.exists()


def test_only_known_actions_can_be_signed(stale):
    with pytest.raises(ValueError):
        make_link_token(stale, "publish-profile")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(token=st.text(min_size=1, max_size=300).filter(lambda t: "/" not in t and "\x00" not in t))
def test_any_token_gets_an_answer_never_a_500(client, stale, token):
    # No made-up token is a signed one, so none can be "expired" (410): every one is "not valid".
    for method in (client.get, client.post):
        response = method(f"/availability/confirm/{quote(token, safe='')}/")
        assert response.status_code == 400
        assert "This link is not valid" in response.content.decode()
    assert confirmed_on(stale) == timezone.localdate() - datetime.timedelta(days=45)
