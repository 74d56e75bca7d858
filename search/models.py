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
