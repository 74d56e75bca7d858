"""Template helpers for articles."""

import json

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe

register = template.Library()

# Escapes that keep JSON inert inside <script> (the same set Django's json_script uses).
_JSON_SCRIPT_ESCAPES = {ord(">"): "\\u003E", ord("<"): "\\u003C", ord("&"): "\\u0026"}


@register.simple_tag
def therapists_for_condition_url(condition) -> str:
    """The directory search pre-filtered to therapists who treat this condition.

    Falls back to the directory index page while the search app's URL is not wired; the day it
    is, this keeps working without a template change.
    """
    query = urlencode({"condition": condition.slug})
    try:
        return f"{reverse('directory_search')}?{query}"
    except NoReverseMatch:
        return f"/therapists/?{query}"


@register.simple_tag
def json_ld(data) -> str:
    """A schema.org JSON-LD script element. The CSP allows it: browsers never execute this type."""
    payload = json.dumps(data, ensure_ascii=False, default=str).translate(_JSON_SCRIPT_ESCAPES)
    # Safe: the payload is JSON whose <, > and & are escaped, so it cannot close the element.
    return mark_safe(f'<script type="application/ld+json">{payload}</script>')  # noqa: S308
