"""The database back end's facet bitmaps: kept per process, never served stale.

Each test first shows the bitmaps really are cached (a change nobody announced is not seen), so
it cannot pass by the cache being bypassed, then that the announcement — or the date, or a text
match the bitmaps cannot place — brings the change in.
"""

import datetime

import pytest
from django.db import transaction
from django.utils import timezone

from directory.models import Registration, TherapistPage
from search.backends import bitmaps
from search.backends.database import DatabaseBackend
from search.models import DirectoryVersion
from search.query import DirectoryQuery
from search.service import backend_answer

pytestmark = pytest.mark.django_db


def titles(**fields) -> list[str]:
    return [hit.title for hit in backend_answer(DirectoryQuery(sort="name", **fields), DatabaseBackend()).hits]


def test_bitmaps_are_reused_until_the_directory_changes(directory):
    first = bitmaps.get_bitmaps()
    assert bitmaps.get_bitmaps() is first
    TherapistPage.objects.filter(title="Ana Silva").first().save()  # any save is an announcement
    assert bitmaps.get_bitmaps() is not first


def test_a_write_committed_by_another_process_is_seen(directory):
    assert "Ana Silva" not in titles(home_visits=True)
    TherapistPage.objects.filter(title="Ana Silva").update(home_visits=True)  # no signal: not announced
    assert "Ana Silva" not in titles(home_visits=True)  # the cached bitmaps answered
    # What directory_changed does in the writing process; this process's cache is left alone.
    DirectoryVersion.objects.filter(pk=1).update(token="written-elsewhere")
    assert "Ana Silva" in titles(home_visits=True)


def test_a_rolled_back_change_leaves_nothing_behind(directory):
    ana = TherapistPage.objects.get(title="Ana Silva")
    with transaction.atomic():
        ana.home_visits = True
        ana.save_revision().publish()
        assert "Ana Silva" in titles(home_visits=True)  # built from the uncommitted change
        transaction.set_rollback(True)
    assert "Ana Silva" not in titles(home_visits=True)


def test_a_listed_therapist_the_bitmaps_do_not_know_makes_them_rebuild(directory):
    assert titles(text="Nora Pending") == []
    Registration.objects.filter(therapist__title="Nora Pending").update(status=Registration.Status.VERIFIED)
    assert titles(text="Nora Pending") == ["Nora Pending"]
    assert "Nora Pending" in titles(conditions=("sciatica",))  # and the rebuilt bitmaps serve filters too


def test_a_new_day_rebuilds_them(directory, monkeypatch):
    assert "Ana Silva" in titles(conditions=("sciatica",))
    # Every registration in the directory expires within a year: two years on, nobody is listed.
    later = timezone.localdate() + datetime.timedelta(days=730)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)
    assert titles(conditions=("sciatica",)) == []


def test_publishing_a_change_is_seen_at_once(directory):
    ana = TherapistPage.objects.get(title="Ana Silva")
    assert "Ana Silva" not in titles(home_visits=True)
    ana.home_visits = True
    ana.save_revision().publish()
    assert "Ana Silva" in titles(home_visits=True)


def test_a_warm_search_reads_only_the_version_row_besides_its_own_queries(directory, django_assert_num_queries):
    backend = DatabaseBackend()
    query = DirectoryQuery(conditions=("sciatica",), home_visits=True)
    backend_answer(query, backend)  # warms the bitmaps and the vocabulary
    # The version row, then the page's cards; filters, facets and order need no query.
    with django_assert_num_queries(2):
        backend_answer(query, backend)


def test_what_sql_answered_is_kept_with_them_until_the_directory_changes(directory, django_assert_num_queries):
    backend = DatabaseBackend()
    query = DirectoryQuery(text="sciatica", near="Toronto", radius_km=25.0, max_fee=200)
    before = titles(text="sciatica", near="Toronto", radius_km=25.0, max_fee=200)
    assert "David Chen" not in before
    # Kept: the text, the place and the fee are not asked of SQL again. The version row, the check
    # that no therapist SQL found and the bitmaps do not know is listed after all, then the cards.
    with django_assert_num_queries(3):
        backend_answer(query, backend)
    david = TherapistPage.objects.get(title="David Chen")
    assert david.fee_min <= 200 and david.clinics.filter(city="Toronto").exists()
    # Not kept past a change: David's published bio now names sciatica, and the next search finds him.
    david.bio = "<p>Office workers, posture and sciatica.</p>"
    david.save_revision().publish()
    assert titles(text="sciatica", near="Toronto", radius_km=25.0, max_fee=200) == sorted([*before, "David Chen"])


def test_kept_answers_are_bounded(directory):
    kept = bitmaps.get_bitmaps()
    for n in range(bitmaps.MAX_ANSWERS + 10):
        kept.remember(("word", f"w{n}", None), (0, []))
    assert len(kept.answers) == bitmaps.MAX_ANSWERS
    assert ("word", "w0", None) not in kept.answers  # the oldest made room
    assert ("word", f"w{bitmaps.MAX_ANSWERS + 9}", None) in kept.answers


def test_rebuilding_the_directory_index_marks_them_stale_after_a_bulk_load(directory):
    from django.core.management import call_command

    assert "Ana Silva" not in titles(home_visits=True)
    TherapistPage.objects.filter(title="Ana Silva").update(home_visits=True)  # as a bulk load would
    call_command("rebuild_directory_index", verbosity=0)
    assert "Ana Silva" in titles(home_visits=True)
