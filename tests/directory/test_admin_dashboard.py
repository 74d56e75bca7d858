"""The admin dashboard tells an editor what needs them today, each list linking to the work itself."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse
from django.utils import timezone

from portal.moderation import ensure_profile_workflow

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    # At run time, not import time: a run crossing midnight must agree with the code under test.
    return timezone.localdate()


def attention_panel(client):
    soup = BeautifulSoup(client.get(reverse("wagtailadmin_home")).content, "html.parser")
    heading = soup.find(id="needs-attention-heading")
    assert heading is not None, "no 'Needs your attention' panel on the dashboard"
    return heading.find_parent("section")


def test_dashboard_lists_profiles_awaiting_review_and_registrations_expiring(client, editor, make_therapist, site_tree):
    workflow = ensure_profile_workflow(site_tree.directory)
    waiting = make_therapist("Waiting Person")
    waiting.save_revision()
    workflow.start(waiting, editor)
    expiring = make_therapist("Expiring Person", expires_on=today() + datetime.timedelta(days=12))
    make_therapist("Settled Person", expires_on=today() + datetime.timedelta(days=200))

    client.force_login(editor)
    panel = attention_panel(client)
    text = panel.get_text(" ", strip=True)
    assert "Profiles awaiting review 1" in text
    assert panel.find("a", string="Waiting Person")["href"] == reverse("wagtailadmin_pages:edit", args=[waiting.pk])
    assert "Registrations expiring within 30 days 1" in text
    link = panel.find("a", string="Expiring Person")
    assert link["href"] == reverse("registrations:edit", args=[expiring.registration.pk])
    assert "(in 12 days)" in link.parent.get_text()
    assert "Settled Person" not in text


def test_dashboard_says_when_nothing_is_waiting(client, editor, site_tree):
    client.force_login(editor)
    assert "Nothing needs you today." in attention_panel(client).get_text()
