import datetime

from articles.admin.columns import days_from_today, relative_wording

TODAY = datetime.date(2026, 11, 30)


def test_days_from_today_in_plain_words():
    assert days_from_today(TODAY, TODAY) == "today"
    assert days_from_today(TODAY + datetime.timedelta(days=1), TODAY) == "tomorrow"
    assert days_from_today(TODAY - datetime.timedelta(days=1), TODAY) == "yesterday"
    assert days_from_today(TODAY + datetime.timedelta(days=12), TODAY) == "in 12 days"
    assert days_from_today(TODAY - datetime.timedelta(days=3), TODAY) == "3 days ago"


def test_relative_wording_only_near_today():
    assert relative_wording(TODAY + datetime.timedelta(days=60), TODAY) == "in 60 days"
    assert relative_wording(TODAY + datetime.timedelta(days=61), TODAY) == ""
    assert relative_wording(datetime.date(2028, 1, 4), TODAY) == ""
