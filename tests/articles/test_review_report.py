import datetime

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from articles.review_dates import due_for_review

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    # At run time, not import time: a run crossing midnight must agree with the code under test.
    return datetime.date.today()


@pytest.fixture
def review_dates(make_article):
    return {
        "overdue": make_article(title="Overdue", next_review_due=today() - datetime.timedelta(days=3)),
        "soon": make_article(title="Due soon", next_review_due=today() + datetime.timedelta(days=10)),
        "later": make_article(title="Later", next_review_due=today() + datetime.timedelta(days=200)),
        "draft": make_article(
            title="Overdue draft", publish=False, next_review_due=today() - datetime.timedelta(days=1)
        ),
    }


def report_rows(response):
    soup = BeautifulSoup(response.content, "html.parser")
    return [row.get_text(" ", strip=True) for row in soup.select("table tbody tr")]


def test_report_lists_overdue_and_soon_due_articles_most_urgent_first(admin_client, review_dates):
    response = admin_client.get("/admin/reports/articles-due-for-review/")
    assert response.status_code == 200
    rows = report_rows(response)
    assert [row.split(" Dr Ada")[0] for row in rows] == ["Overdue", "Overdue draft", "Due soon"]
    assert "Overdue" in rows[0] and "Dr Ada Example" in rows[0]
    assert "Due soon" in rows[2]


def test_report_exports_csv(admin_client, review_dates):
    response = admin_client.get("/admin/reports/articles-due-for-review/", {"export": "csv"})
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode() if response.streaming else response.content.decode()
    lines = body.strip().splitlines()
    assert lines[0].startswith("Title,Medical reviewer,Last reviewed,Next review due,Status")
    assert len(lines) == 4
    assert "overdue" in lines[1]


def test_report_is_in_the_reports_menu(admin_client, site_tree):
    html = admin_client.get("/admin/").content.decode()
    assert "/admin/reports/articles-due-for-review/" in html


def test_report_is_closed_to_people_without_page_permissions(client, review_dates):
    user = get_user_model().objects.create_user("nobody", "n@example.com", "pw")
    client.force_login(user)
    response = client.get("/admin/reports/articles-due-for-review/")
    assert (response.status_code, response["Location"]) == (
        302,
        "/admin/login/?next=/admin/reports/articles-due-for-review/",
    )


def test_due_for_review_window_with_articles(review_dates):
    assert [a.title for a in due_for_review(within_days=0)] == ["Overdue", "Overdue draft"]
    assert [a.title for a in due_for_review(within_days=14)] == ["Overdue", "Overdue draft", "Due soon"]


def test_review_dates_read_as_dates_with_relative_wording(admin_client, review_dates):
    html = admin_client.get("/admin/reports/articles-due-for-review/").content.decode()
    assert "Just now" not in html
    soon = today() + datetime.timedelta(days=10)
    assert f'<time datetime="{soon.isoformat()}">{soon:%-d %b %Y}</time> <span' in html
    assert "(in 10 days)" in html and "(3 days ago)" in html


def test_dashboard_lists_articles_due_for_review(admin_client, review_dates):
    soup = BeautifulSoup(admin_client.get("/admin/").content, "html.parser")
    panel = soup.find(id="needs-attention-heading").find_parent("section")
    assert "Articles due for review 3" in panel.get_text(" ", strip=True)
    link = panel.find("a", string="Due soon")
    assert link["href"] == f"/admin/pages/{review_dates['soon'].pk}/edit/"
    assert "(in 10 days)" in link.parent.get_text()
    assert panel.find("a", string="Later") is None
