"""Trigram indexes for the directory search's substring matches, on PostgreSQL only.

The database search back end matches words and phrases as case-insensitive substrings: Django's
``icontains``, which PostgreSQL runs as ``UPPER(column::text) LIKE UPPER('%…%')``. Without an
index that reads every therapist's bio for every phrase (1.4 s at the 95th percentile at 100,000
therapists, BENCHMARKS.md). A GIN index over the trigrams of that same ``UPPER(...)`` expression
answers such a LIKE from the index: the expression must be exactly the one Django writes, or the
planner will not use it.

Therapist names are page titles, kept in Wagtail's page table, so that table gets one too.
SQLite has no trigram index; its LIKE scans, as it always did, so this is a no-op there.

pg_trgm ships with PostgreSQL and is a trusted extension (PostgreSQL 13+): a database owner
without superuser rights may create it. Building the bio index takes some seconds at 100,000
therapists, during which writes to the table wait.
"""

from django.db import migrations

# (index, table, the expression Django's icontains puts on the left of LIKE)
TRIGRAM_INDEXES = (
    ("directory_therapist_bio_trgm", "directory_therapistpage", "UPPER(bio::text)"),
    ("directory_therapist_designation_trgm", "directory_therapistpage", "UPPER(designation::text)"),
    ("directory_clinic_city_trgm", "directory_clinic", "UPPER(city::text)"),
    ("directory_page_title_trgm", "wagtailcore_page", "UPPER(title::text)"),
)


def create_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, table, expression in TRIGRAM_INDEXES:
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {name} ON {table} USING gin ({expression} gin_trgm_ops)")


def drop_indexes(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    # The extension stays: something else in the database may use it.
    for name, _, _ in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("directory", "0005_clinic_lat_lng_index"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_indexes, drop_indexes)]
