"""Admin wiring for the knowledge base: the 'Articles due for review' report, and the page editor's
actions while a page is in review (an article's medical review, a therapist's profile changes)."""

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.permissions import page_permission_policy

from articles.admin.attention import ATTENTION_HOOK, DASHBOARD_ENTRIES, AttentionEntry, AttentionList
from articles.admin.columns import days_from_today
from articles.admin.review_report import ArticlesDueForReviewView
from articles.models import ArticlePage
from articles.publishing import missing_review_fields
from articles.review_dates import DUE_SOON_DAYS, due_for_review

# Publishing a page cancels its workflow. While a page is in review (an article's medical review, a
# therapist's profile changes) the only way to publish it is the review task's "Approve", so
# "Publish" is neither offered nor accepted: it would skip the review and the decision e-mail.
IN_REVIEW_PUBLISH_REFUSED = (
    "This article is in medical review: it is published when the reviewer approves it, not with Publish."
)
RECORD_REVIEW_FIRST = (
    "To approve this article, fill in 'Medical reviewer' and 'Last reviewed' under 'Authorship and medical "
    "review' and save the draft; 'Approve and publish' then appears in the menu below."
)


def _in_review(page) -> bool:
    return page.current_workflow_state is not None


def _is_article(page) -> bool:
    return isinstance(page.specific_deferred, ArticlePage)


def _publish_refused(page) -> str:
    if _is_article(page):
        return IN_REVIEW_PUBLISH_REFUSED
    name = page.specific_deferred._meta.verbose_name
    return f"This {name} is in review: it is published when a reviewer approves it, not with Publish."


@hooks.register("construct_page_action_menu")
def hide_publish_while_in_review(menu_items, request, context):
    page = context.get("page")
    if page is not None and page.pk and _in_review(page):
        menu_items[:] = [item for item in menu_items if item.name != "action-publish"]


@hooks.register("before_edit_page")
def keep_pages_in_review_on_the_workflow(request, page):
    if not _in_review(page):
        return None
    if request.method == "POST" and request.POST.get("action-publish"):
        messages.error(request, _publish_refused(page))
        return redirect("wagtailadmin_pages:edit", page.pk)
    if not _is_article(page):
        return None
    task = page.current_workflow_task
    # Whoever may act on the task (the reviewers) is told what unlocks "Approve".
    if (
        request.method == "GET"
        and task
        and task.specific.get_actions(page, request.user)
        and missing_review_fields(page.get_latest_revision_as_object())
    ):
        messages.info(request, RECORD_REVIEW_FIRST)
    return None


def may_see_review_report(user) -> bool:
    return page_permission_policy.user_has_any_permission(user, ["add", "change", "publish"])


class ArticlesDueForReviewMenuItem(MenuItem):
    def is_shown(self, request):
        return may_see_review_report(request.user)


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


@hooks.register(ATTENTION_HOOK)
def articles_due_for_review(request):
    """The dashboard's list of the report's articles (overdue or due within DUE_SOON_DAYS) this user may edit."""
    if not may_see_review_report(request.user):
        return None
    editable = page_permission_policy.instances_user_has_permission_for(request.user, "change")
    due = due_for_review(within_days=DUE_SOON_DAYS).filter(pk__in=editable.values("pk"))
    entries = [
        AttentionEntry(
            article.title,
            reverse("wagtailadmin_pages:edit", args=[article.pk]),
            f"review due {article.next_review_due:%-d %b %Y} ({days_from_today(article.next_review_due)})",
        )
        for article in due[:DASHBOARD_ENTRIES]
    ]
    return AttentionList(
        title="Articles due for review",
        count=due.count(),
        entries=entries,
        see_all_url=reverse("articles_due_for_review"),
        empty_message=f"No article is due for review in the next {DUE_SOON_DAYS} days.",
        order=40,
    )
