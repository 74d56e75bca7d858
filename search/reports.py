"""Admin report: the most frequent searches and the ones that found nothing."""

from urllib.parse import urlencode

from django.db.models import Sum
from django.urls import reverse
from django_filters import ChoiceFilter, DateFromToRangeFilter
from wagtail.admin.filters import DateRangePickerWidget, WagtailFilterSet
from wagtail.admin.ui.tables import NumberColumn, TitleColumn
from wagtail.admin.views.reports import ReportView
from wagtail.permission_policies import ModelPermissionPolicy

from search.models import SearchLog


class SearchOutcomeFilterSet(WagtailFilterSet):
    date = DateFromToRangeFilter(label="Date", field_name="date", widget=DateRangePickerWidget)
    kind = ChoiceFilter(label="Search box", choices=SearchLog.Kind.choices)

    class Meta:
        model = SearchLog
        fields = []


class SearchOutcomesReportView(ReportView):
    """Top queries and zero-result queries, summed over the chosen dates.

    Open to whoever may view search logs (editors and superusers); the Reports menu item asks the same policy.
    """

    page_title = "Searches and zero-result searches"
    header_icon = "search"
    is_searchable = True
    search_fields = ["query_string"]
    filterset_class = SearchOutcomeFilterSet
    default_ordering = "-zero_results"
    index_url_name = "search_outcomes_report"
    permission_policy = ModelPermissionPolicy(SearchLog)
    permission_required = "view"
    index_results_url_name = "search_outcomes_report_results"
    columns = [
        # Each search links to the one-step form that adds it to a term as a synonym or symptom.
        TitleColumn(
            "query_string",
            label="Search",
            sort_key="query_string",
            get_url=lambda row: f"{reverse('search_add_to_term')}?{urlencode({'q': row['query_string']})}",
        ),
        NumberColumn("total_searches", label="Searches", sort_key="total_searches"),
        NumberColumn("zero_results", label="Found nothing", sort_key="zero_results"),
    ]
    list_export = ["query_string", "total_searches", "zero_results"]
    export_headings = {"query_string": "Search", "total_searches": "Searches", "zero_results": "Found nothing"}

    def get_filterset_kwargs(self):
        kwargs = super().get_filterset_kwargs()
        kwargs["queryset"] = self.get_base_queryset()
        return kwargs

    def get_base_queryset(self):
        # Summed per query string; date/box filters still narrow the rows being summed.
        return (
            SearchLog.objects.order_by()
            .values("query_string")
            .annotate(total_searches=Sum("searches"), zero_results=Sum("zero_result_searches"))
        )
