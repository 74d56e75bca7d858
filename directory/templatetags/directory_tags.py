"""Template helpers for directory pages."""

import json

import nh3
from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from wagtail.rich_text import expand_db_html

from directory.fees import money

register = template.Library()

# Escapes that keep JSON inert inside <script> (the same set Django's json_script uses).
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}

# Until the search app wires `directory_search`, its filters are served by the directory index.
FALLBACK_SEARCH_PATH = "/therapists/"


@register.simple_tag
def directory_search_url(**params) -> str:
    """The therapist search with these filters, e.g. {% directory_search_url condition=c.slug %}."""
    query = urlencode({key: value for key, value in params.items() if value not in (None, "")})
    try:
        base = reverse("directory_search")
    except NoReverseMatch:
        base = FALLBACK_SEARCH_PATH
    return f"{base}?{query}" if query else base


@register.simple_tag
def json_ld(data) -> str:
    """A schema.org JSON-LD script element. The CSP allows it: browsers never execute this type."""
    payload = json.dumps(data, ensure_ascii=False, default=str).translate(_JSON_SCRIPT_ESCAPES)
    # Safe: the payload is JSON whose <, > and & are escaped, so it cannot close the element.
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308


register.filter("money", money)


@register.simple_tag
def fee_range(page) -> str:
    """ "80–120 CAD per 60-minute session", or "" when no fee is given."""
    low, high = page.fee_min, page.fee_max
    if low is None and high is None:
        return ""
    if low is None or high is None or low == high:
        amount = money(low if low is not None else high)
        prefix = "From " if high is None else ("Up to " if low is None else "")
        return f"{prefix}{amount} {page.currency} per 60-minute session"
    return f"{money(low)}–{money(high)} {page.currency} per 60-minute session"


# What a bio may contain once rendered (directory.models.BIO_FEATURES, after Wagtail expands its links).
BIO_TAGS = {"p", "b", "i", "ul", "ol", "li", "a", "br"}
BIO_ATTRIBUTES = {"a": {"href"}}
BIO_URL_SCHEMES = {"http", "https", "mailto", "tel"}


@register.filter
def bio_html(value) -> str:
    """A therapist's bio as HTML, sanitised as it is rendered.

    Every writing path already sanitises, but this page shows text a therapist wrote: whatever reached
    the database some other way (an import, a script, a future bug) still renders inert here.
    """
    if not value:
        return ""
    html = expand_db_html(str(value))
    cleaned = nh3.clean(
        html, tags=BIO_TAGS, attributes=BIO_ATTRIBUTES, url_schemes=BIO_URL_SCHEMES, link_rel="nofollow noopener"
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 has just reduced it to the tags above
