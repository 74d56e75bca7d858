import datetime
import re
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import CommandError, call_command

import articles.reminders
from articles.models import ReviewReminder

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 11, 26)


@pytest.fixture
def reviewers(groups):
    User = get_user_model()
    people = []
    for name in ("rev1", "rev2"):
        user = User.objects.create_user(name, f"{name}@example.com", "pw")
        user.groups.add(groups["Medical reviewers"])
        people.append(user)
    User.objects.create_user("noemail", "", "pw").groups.add(groups["Medical reviewers"])
    User.objects.create_user("editor1", "ed@example.com", "pw").groups.add(groups["Editors"])
    gone = User.objects.create_user("gone", "gone@example.com", "pw", is_active=False)
    gone.groups.add(groups["Medical reviewers"])
    return people


@pytest.fixture
def due_articles(make_article):
    return {
        "overdue": make_article(title="Overdue article", next_review_due=TODAY - datetime.timedelta(days=2)),
        "day14": make_article(title="Due in 14 days", next_review_due=TODAY + datetime.timedelta(days=14)),
        "day15": make_article(title="Due in 15 days", next_review_due=TODAY + datetime.timedelta(days=15)),
    }


def run(*args):
    out, err = StringIO(), StringIO()
    call_command("send_review_reminders", f"--date={TODAY.isoformat()}", *args, stdout=out, stderr=err)
    return out.getvalue()


def test_reviewers_get_the_due_and_overdue_articles(reviewers, due_articles):
    output = run()
    assert "2 reminder(s) sent" in output
    assert sorted(m.to[0] for m in mail.outbox) == ["rev1@example.com", "rev2@example.com"]
    body = mail.outbox[0].body
    assert mail.outbox[0].subject == "2 articles due for medical review"
    assert "Overdue article: OVERDUE since 24 November 2026" in body
    assert "Due in 14 days: due 10 December 2026" in body
    assert "Due in 15 days" not in body
    assert f"http://testserver/admin/pages/{due_articles['overdue'].pk}/edit/" in body
    assert "http://testserver/admin/reports/articles-due-for-review/" in body


def test_a_second_run_the_same_day_sends_nothing(reviewers, due_articles):
    run()
    output = run()
    assert len(mail.outbox) == 2
    assert "0 reminder(s) sent, 2 already sent today" in output
    # The next day is a new reminder.
    call_command("send_review_reminders", "--date=2026-11-27", stdout=StringIO())
    assert len(mail.outbox) == 4


def test_nothing_due_sends_nothing(reviewers, make_article):
    make_article(title="Fresh", next_review_due=TODAY + datetime.timedelta(days=300))
    assert "nothing sent" in run()
    assert mail.outbox == []
    assert not ReviewReminder.objects.exists()


def test_a_failed_send_is_retried_on_the_next_run(reviewers, due_articles, monkeypatch):
    calls = {"n": 0}
    real_send = articles.reminders.send_mail

    def flaky(subject, body, sender, recipients):
        calls["n"] += 1
        if recipients == ["rev2@example.com"] and calls["n"] <= 2:
            raise ConnectionRefusedError("mail server down")
        return real_send(subject, body, sender, recipients)

    monkeypatch.setattr(articles.reminders, "send_mail", flaky)
    with pytest.raises(CommandError, match="1 reminder"):
        run()
    assert [m.to for m in mail.outbox] == [["rev1@example.com"]]
    assert not ReviewReminder.objects.filter(user__username="rev2").exists()
    run()
    assert [m.to for m in mail.outbox] == [["rev1@example.com"], ["rev2@example.com"]]


def test_the_reminder_greets_the_reviewer_by_name_and_links_to_the_site(groups, due_articles, settings):
    settings.WAGTAILADMIN_BASE_URL = "https://relieve.example"
    User = get_user_model()
    named = User.objects.create_user("drada", "ada@example.com", "pw", first_name="Ada", last_name="Example")
    unnamed = User.objects.create_user("rev9", "rev9@example.com", "pw")
    for user in (named, unnamed):
        user.groups.add(groups["Medical reviewers"])
    run()
    bodies = {message.to[0]: message.body for message in mail.outbox}
    assert bodies["ada@example.com"].startswith("Hello Ada Example,\n")
    assert bodies["rev9@example.com"].startswith("Hello,\n")  # never the username
    assert "rev9" not in bodies["rev9@example.com"].replace("rev9@", "")
    for body in bodies.values():
        links = re.findall(r"https?://\S+", body)
        assert links and all(link.startswith("https://relieve.example/admin/") for link in links)
