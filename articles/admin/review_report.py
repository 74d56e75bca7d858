"""The admin report of articles due for medical review (registered in ``articles/wagtail_hooks.py``)."""

import datetime

from django.urls import reverse
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views.reports import ReportView

from articles.admin.columns import CalendarDateColumn
from articles.models import ArticlePage
from articles.review_dates import DUE_SOON_DAYS, due_for_review


class ReviewStatusColumn(Column):
    cell_template_name = "articles/admin/review_status_cell.html"


class ArticlesDueForReviewView(ReportView):
    """Articles whose next medical review is overdue or due within DUE_SOON_DAYS, most urgent first."""

    page_title = "Articles due for review"
    header_icon = "time"
    model = ArticlePage
    any_permission_required = ["add", "change", "publish"]
    index_url_name = "articles_due_for_review"
    index_results_url_name = "articles_due_for_review_results"
    paginate_by = 50
    no_results_message = "No article is due for review in the next 30 days."
    list_export = ["title", "medical_reviewer", "last_reviewed", "next_review_due", "review_status"]
    export_headings = {
        "medical_reviewer": "Medical reviewer",
        "last_reviewed": "Last reviewed",
        "next_review_due": "Next review due",
        "review_status": "Status",
    }

    columns = [
        TitleColumn("title", label="Article", get_url=lambda page: reverse("wagtailadmin_pages:edit", args=[page.pk])),
        Column("medical_reviewer", label="Medical reviewer"),
        CalendarDateColumn("last_reviewed", label="Last reviewed"),
        CalendarDateColumn("next_review_due", label="Next review due"),
        ReviewStatusColumn("review_status", label="Status"),
    ]

    def get_filename(self):
        return f"articles-due-for-review-{datetime.date.today():%Y-%m-%d}"

    def get_queryset(self):
        editable = self.permission_policy.instances_user_has_permission_for(self.request.user, "change")
        return due_for_review(within_days=DUE_SOON_DAYS).filter(pk__in=editable.values("pk"))
