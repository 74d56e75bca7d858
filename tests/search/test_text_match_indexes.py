"""The database back end's substring matches and the trigram indexes built for them.

On PostgreSQL, migration ``directory.0006`` builds GIN trigram indexes on exactly the expressions
Django's ``icontains`` puts before ``LIKE``, and the back end sends its substring matches as one
query per word or term whose every part reads one table, so each part can be answered from that
table's index. On SQLite the migration does nothing and the same queries read the tables whole,
as they always did. Each test asserts what its vendor does; none is skipped.
"""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from search.backends import bitmaps
from search.backends.database import DatabaseBackend, through_text_indexes
from search.query import DirectoryQuery
from search.service import backend_answer, search_directory

pytestmark = pytest.mark.django_db

TRIGRAM_INDEXES = {
    "directory_therapist_bio_trgm": "directory_therapistpage",
    "directory_therapist_designation_trgm": "directory_therapistpage",
    "directory_clinic_city_trgm": "directory_clinic",
    "directory_page_title_trgm": "wagtailcore_page",
}


def indexes_on(table: str) -> dict[str, dict]:
    with connection.cursor() as cursor:
        return connection.introspection.get_constraints(cursor, table)


def test_the_migration_builds_the_trigram_indexes_on_postgresql_and_nothing_on_sqlite():
    found = {name: indexes_on(table).get(name) for name, table in TRIGRAM_INDEXES.items()}
    if connection.vendor == "postgresql":
        assert {name: index and index["type"] for name, index in found.items()} == dict.fromkeys(found, "gin")
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", ["directory_therapist_bio_trgm"])
            assert "upper(bio) gin_trgm_ops" in cursor.fetchone()[0]
            cursor.execute("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'")
            assert cursor.fetchone() == (1,)
    else:
        assert connection.vendor == "sqlite"
        assert found == dict.fromkeys(found)


def substring_queries(query: DirectoryQuery) -> list[str]:
    """The SQL statements a search sends that match text (``LIKE``)."""
    backend_answer(query, DatabaseBackend())  # warms the bitmaps and the vocabulary
    bitmaps.forget_answers()  # but not what SQL answered (DirectoryBitmaps.remember)
    with CaptureQueriesContext(connection) as captured:
        backend_answer(query, DatabaseBackend())
    return [q["sql"] for q in captured.captured_queries if " LIKE " in q["sql"]]


def plan(sql: str) -> str:
    if connection.vendor != "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN QUERY PLAN {sql}")
            return "\n".join(str(row) for row in cursor.fetchall())
    # Tiny tables are cheapest to read whole, or whole along their primary key; forbid that, so
    # the plan shows whether an index CAN answer the LIKEs: if none can, PostgreSQL reads the
    # table anyway, at a prohibitive cost, and filters its rows. The index on the page's content
    # type goes too (inside a savepoint, rolled back): at 100,000 therapists it matches nearly
    # every page and the title's trigram index wins (BENCHMARKS.md), but on these few rows it
    # looks cheaper.
    content_type_index = next(
        name
        for name, index in indexes_on("wagtailcore_page").items()
        if index["index"] and index["columns"] == ["content_type_id"]
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(f'DROP INDEX "{content_type_index}"')
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_indexscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        found = "\n".join(row[0] for row in cursor.fetchall())
        transaction.set_rollback(True)
    return found


def test_every_substring_match_can_be_answered_from_a_trigram_index_on_postgresql(shared_directory):
    # A term ("sciatica": its phrases in names and bios) and a residual word (also designations
    # and clinic cities): every column the back end matches text in.
    sql = substring_queries(DirectoryQuery(text="sciatica toronto"))
    assert sql
    plans = [plan(statement) for statement in sql]
    if connection.vendor == "postgresql":
        for text in plans:
            # Every LIKE is an index condition (rechecked on the rows the index found), never a
            # filter over rows read some other way.
            filtered = [line for line in text.splitlines() if "Filter:" in line and "~~" in line]
            assert "Seq Scan" not in text and not filtered, text
        used = {name for name in TRIGRAM_INDEXES if any(name in text for text in plans)}
        assert used == set(TRIGRAM_INDEXES)
    else:
        # SQLite reads each table whole, the way its LIKE always has.
        for text in plans:
            assert "SCAN" in text and "_trgm" not in text, text


def test_a_text_match_that_finds_only_unlisted_therapists_keeps_the_bitmaps(shared_directory):
    # SQL returns matches whether listed or not; one the bitmaps do not know is checked against
    # the listing rule, and only a listed one (a write nobody announced) rebuilds them.
    first = bitmaps.get_bitmaps()
    assert backend_answer(DirectoryQuery(text="Nora Pending"), DatabaseBackend()).total == 0
    assert bitmaps.get_bitmaps() is first


def test_a_search_that_widens_asks_for_its_text_once(shared_directory):
    # Nobody within 5 km of Toronto speaks French: the search counts each wider radius (and the
    # page then offers them again), all with the same text.
    query = DirectoryQuery(text="sciatica", near="Toronto", radius_km=5.0, language="fr")
    search_directory(query, DatabaseBackend())  # warms the bitmaps, the vocabulary and the geocoder
    bitmaps.forget_answers()  # but not what SQL answered (DirectoryBitmaps.remember)
    with CaptureQueriesContext(connection) as captured:
        results = search_directory(query, DatabaseBackend())
    assert results.relaxed  # it did widen
    assert len([q for q in captured.captured_queries if " LIKE " in q["sql"]]) == 1


def test_the_text_match_is_read_through_the_indexes_and_the_session_is_left_as_it_was(shared_directory):
    # PostgreSQL's planner underprices UPPER(bio) LIKE and chose a sequential scan for common terms
    # (886 ms where the indexes answer in 141 at 100,000 therapists): the statement runs with
    # sequential scans off, and only that statement.
    mentioning = DatabaseBackend()._mentioning(["sciatica", "sciatic nerve pain"])
    statements = []

    def record(execute, sql, params, many, context):
        statements.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(record):
        ids = through_text_indexes(mentioning)
    assert sorted(ids) == sorted(mentioning)  # the same answer, however it is read
    if connection.vendor == "postgresql":
        assert statements[0] == "SET enable_seqscan = off" and statements[-1] == "RESET enable_seqscan"
        assert len(statements) == 3
        with connection.cursor() as cursor:
            cursor.execute("SHOW enable_seqscan")
            assert cursor.fetchone() == ("on",)
    else:
        assert len(statements) == 1 and " LIKE " in statements[0]
