"""send_availability_reminders: e-mails those going stale, once per staleness window."""

import datetime
import re

import pytest
from django.core import mail
from django.core.management import call_command
from django.utils import timezone

import directory.reminders
from directory.models import TherapistPage
from tests.portal.conftest import make_account

pytestmark = pytest.mark.django_db


def day(offset: int) -> datetime.date:
    return timezone.localdate() + datetime.timedelta(days=offset)


@pytest.fixture
def therapists(make_therapist, groups):
    owner = make_account("owned@example.org")
    return {
        "going": make_therapist("Going Stale", accepting_confirmed_on=day(-25), owner=owner),  # stale in 6 days
        "fresh": make_therapist("Fresh Fay", accepting_confirmed_on=day(-5)),
        "stale": make_therapist("Long Stale", accepting_confirmed_on=day(-90)),
        "never": make_therapist("Never Confirmed", accepting_confirmed_on=None),
        "closed": make_therapist("Closed Cal", accepting_new_clients=False),
        "unlisted": make_therapist("Pending Pia", status="pending", accepting_confirmed_on=day(-40)),
        "no-address": make_therapist("No Address", accepting_confirmed_on=day(-40), contact_email=""),
    }


def run(**options) -> str:
    from io import StringIO

    out, err = StringIO(), StringIO()
    call_command("send_availability_reminders", stdout=out, stderr=err, **options)
    return out.getvalue() + err.getvalue()


def recipients() -> set[str]:
    return {address for message in mail.outbox for address in message.to}


def test_reminds_those_going_stale_once(client, therapists):
    output = run()
    assert "3 reminder(s) sent, 1 without an address, 0 failed" in output
    expected = {
        "owned@example.org",  # the owner's account address wins over the contact address
        therapists["stale"].contact_email,
        therapists["never"].contact_email,
    }
    assert recipients() == expected
    message = next(m for m in mail.outbox if m.to == ["owned@example.org"])
    assert "Going Stale" in message.body
    link = re.search(r"https?://\S+/availability/confirm/\S+/", message.body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    assert client.post("/" + path).status_code == 200
    assert TherapistPage.objects.get(pk=therapists["going"].pk).accepting_confirmed_on == day(0)

    mail.outbox.clear()
    assert "0 reminder(s) sent" in run()
    assert mail.outbox == []


def test_a_new_window_gets_a_new_reminder(therapists, set_now):
    run()
    mail.outbox.clear()
    # The therapist confirmed (a new window opened) and, 24 days on, is going stale again.
    TherapistPage.objects.filter(pk=therapists["going"].pk).update(accepting_confirmed_on=day(1))
    set_now(timezone.now() + datetime.timedelta(days=25))
    run()
    assert "owned@example.org" in recipients()
    # The long-stale ones were reminded 25 days ago: not yet again (once per 30-day window).
    assert therapists["stale"].contact_email not in recipients()
    mail.outbox.clear()
    set_now(timezone.now() + datetime.timedelta(days=6))  # 31 days after their reminder
    run()
    assert therapists["stale"].contact_email in recipients()


def test_an_editor_who_created_the_page_is_not_e_mailed(make_therapist, editor):
    page = make_therapist("Admin Made", accepting_confirmed_on=day(-40), owner=editor)
    run()
    assert recipients() == {page.contact_email}


def test_dry_run_sends_nothing(therapists):
    output = run(dry_run=True)
    assert "Would remind: Going Stale <owned@example.org>" in output
    assert mail.outbox == []
    assert TherapistPage.objects.filter(availability_reminder_sent_on__isnull=False).count() == 0


def test_mail_failure_is_retried_next_run(therapists, settings, monkeypatch):
    def broken(*args, **kwargs):
        raise OSError("SMTP down")

    monkeypatch.setattr(directory.reminders, "send_mail", broken)
    assert "3 failed" in run()
    assert TherapistPage.objects.filter(availability_reminder_sent_on__isnull=False).count() == 0
    monkeypatch.undo()
    assert "3 reminder(s) sent" in run()


def test_the_reminder_greets_the_therapist_by_name_and_links_to_the_site(therapists, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://relieve.example"
    run()
    message = next(m for m in mail.outbox if m.to == ["owned@example.org"])
    assert message.body.startswith("Hello Going Stale,\n")  # the profile's name, not the account's
    assert "owned" not in message.body.replace("owned@", "")
    links = re.findall(r"https?://\S+", message.body)
    assert len(links) == 2 and all(link.startswith("https://relieve.example/") for link in links)
