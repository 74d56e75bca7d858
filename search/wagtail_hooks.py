from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from search.admin_views import add_to_term
from search.reports import SearchOutcomesReportView


class SearchOutcomesMenuItem(MenuItem):
    """Shown to exactly the people the report opens for."""

    def is_shown(self, request):
        return SearchOutcomesReportView.permission_policy.user_has_permission(request.user, "view")


@hooks.register("register_admin_urls")
def register_search_report_urls():
    return [
        path("reports/searches/", SearchOutcomesReportView.as_view(), name="search_outcomes_report"),
        path(
            "reports/searches/results/",
            SearchOutcomesReportView.as_view(results_only=True),
            name="search_outcomes_report_results",
        ),
        path("reports/searches/add-to-term/", add_to_term, name="search_add_to_term"),
    ]


@hooks.register("register_reports_menu_item")
def register_search_report_menu_item():
    return SearchOutcomesMenuItem(
        "Searches (zero results)",
        reverse("search_outcomes_report"),
        name="search-outcomes",
        icon_name="search",
        order=1310,
    )
