"""Admin wiring for the knowledge base: the 'Articles due for review' report."""

from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import page_permission_policy

from articles.admin.review_report import ArticlesDueForReviewView


class ArticlesDueForReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return page_permission_policy.user_has_any_permission(request.user, ["add", "change", "publish"])


@hooks.register("register_admin_urls")
def register_review_report_urls():
    return [
        path("reports/articles-due-for-review/", ArticlesDueForReviewView.as_view(), name="articles_due_for_review"),
        path(
            "reports/articles-due-for-review/results/",
            ArticlesDueForReviewView.as_view(results_only=True),
            name="articles_due_for_review_results",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_review_report_menu_item():
    return ArticlesDueForReviewMenuItem(
        "Articles due for review",
        reverse("articles_due_for_review"),
        name="articles-due-for-review",
        icon_name="time",
        order=650,
    )
