"""``{% pagination page label %}``: a Django paginator's page as the site's one pagination bar."""

from urllib.parse import quote, urlencode

from django import template
from django.core.paginator import Page

register = template.Library()


@register.inclusion_tag("includes/pagination.html")
def pagination(page: Page, label: str, query: str = "", numbered: bool = False, **keep: str) -> dict:
    """Every link keeps ``query`` (a querystring without ``page``) and the ``keep`` parameters."""
    query = "&".join(part for part in (query, urlencode(keep, quote_via=quote)) if part)

    def querystring(number: int) -> str:
        return f"{query}&page={number}" if query else f"page={number}"

    return {
        "label": label,
        "current": page.number,
        "count": page.paginator.num_pages,
        "previous": querystring(page.previous_page_number()) if page.has_previous() else "",
        "next": querystring(page.next_page_number()) if page.has_next() else "",
        "numbers": [(number, querystring(number)) for number in page.paginator.page_range] if numbered else [],
    }
