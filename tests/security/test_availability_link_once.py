"""A reminder's availability link works once, and never after a later change of availability.

An old link (issued earlier and already used) POSTed after the therapist set "not accepting new
clients" set them back to accepting, confirmed today: a ghost listing made by a stale e-mail.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from directory.availability import make_link_token
from directory.models import TherapistPage
from tests.hostile.content import listed_therapist

pytestmark = pytest.mark.django_db


def long_ago() -> datetime.date:
    # At run time, not import time: a run crossing midnight must agree with the code under test.
    return timezone.localdate() - datetime.timedelta(days=45)


@pytest.fixture
def stale(site_tree):
    page = listed_therapist(site_tree.directory, "Stale Sam")
    TherapistPage.objects.filter(pk=page.pk).update(accepting_confirmed_on=long_ago())
    return TherapistPage.objects.get(pk=page.pk)


def url(token: str) -> str:
    return reverse("availability_confirm", kwargs={"token": token})


def current(page) -> TherapistPage:
    return TherapistPage.objects.get(pk=page.pk)


def stop_accepting(page, *, publish: bool) -> None:
    """What the therapist does in the portal (a revision), and the editor's approval (publishing it)."""
    page = current(page)
    page.accepting_new_clients = False
    revision = page.save_revision()
    if publish:
        revision.publish()


def test_a_link_works_once(client, stale):
    token = make_link_token(stale)
    assert client.post(url(token)).status_code == 200
    assert current(stale).accepting_confirmed_on == timezone.localdate()
    again = client.post(url(token))
    assert again.status_code == 410
    assert "already been used" in again.content.decode()
    assert client.get(url(token)).status_code == 410


def test_a_used_link_cannot_undo_a_later_opt_out(client, stale):
    token = make_link_token(stale)
    assert client.post(url(token)).status_code == 200
    stop_accepting(stale, publish=True)
    assert client.post(url(token)).status_code == 410
    page = current(stale)
    assert page.accepting_new_clients is False


@pytest.mark.parametrize("publish", [False, True], ids=["saved as a draft", "approved"])
def test_an_unused_link_cannot_undo_a_later_opt_out(client, stale, publish):
    token = make_link_token(stale)
    stop_accepting(stale, publish=publish)
    assert client.post(url(token)).status_code == 410
    page = current(stale)
    assert page.accepting_confirmed_on == long_ago()
    assert page.accepting_new_clients is (not publish)
    # Nor when the draft is approved afterwards: the link confirmed nothing to carry over.
    if not publish:
        page.latest_revision.publish()
        assert current(stale).accepting_new_clients is False


def test_a_link_issued_after_the_change_works(client, stale):
    stop_accepting(stale, publish=False)
    page = current(stale)
    assert client.post(url(make_link_token(page))).status_code == 200
