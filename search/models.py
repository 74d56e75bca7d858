"""Search analytics: what people search for, and which searches find nothing.

Wagtail's search promotions keep hit counts per query (its "Search terms" report); this adds the
one figure editors most need from a directory — searches that returned no results — per day and
per search box, so gaps in the directory or the taxonomy (a missing synonym) show up.
"""

from django.db import models


class SearchLog(models.Model):
    class Kind(models.TextChoices):
        SITE = "site", "Site search"
        DIRECTORY = "directory", "Directory search"

    query_string = models.CharField(max_length=255)
    kind = models.CharField(max_length=10, choices=Kind.choices)
    date = models.DateField()
    searches = models.PositiveIntegerField(default=0)
    zero_result_searches = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["query_string", "kind", "date"], name="search_log_one_row_per_day")
        ]
        indexes = [models.Index(fields=["date"], name="search_log_date")]

    def __str__(self) -> str:
        return f"{self.query_string} ({self.kind}, {self.date})"


class DirectoryVersion(models.Model):
    """One row whose token changes in the same transaction as any change to what the directory shows.

    The database back end keeps per-process facet bitmaps (``search.backends.bitmaps``); reading
    this row tells each process, at the cost of a primary-key lookup per search, whether its copy
    is still the directory every other process sees. Writing it inside the writer's transaction
    (not after commit) keeps the token and the data it describes in step: a reader sees both or
    neither. A random token rather than a counter, so a rolled-back change can never leave a
    process holding bitmaps under a version number that a later commit reuses.
    """

    token = models.CharField(max_length=32, default="")

    def __str__(self) -> str:
        return f"directory version {self.token or '(initial)'}"
