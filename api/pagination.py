"""Page-numbered lists with their totals and absolute links to the next and previous pages.

The therapist search pages the way the directory search does (``DirectoryQuery.page``); the other
lists (articles, conditions, techniques) page here, with the same envelope and the same rule for a
page past the end: an empty page, not an error.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from django.http import HttpRequest

from api.problems import ParameterErrors

PAGE_SIZE = 20
MAX_PAGE = 10_000


def page_number(request: HttpRequest) -> int:
    raw = request.GET.get("page", "").strip()
    if not raw:
        return 1
    # ASCII digits only: str.isdigit() also accepts "²", which int() refuses.
    if not re.fullmatch(r"[0-9]{1,6}", raw) or not 1 <= int(raw) <= MAX_PAGE:
        raise ParameterErrors({"page": [f"Page must be a whole number from 1 to {MAX_PAGE}."]})
    return int(raw)


def page_link(request: HttpRequest, page: int) -> str:
    params = request.GET.copy()
    if page == 1:
        params.pop("page", None)
    else:
        params["page"] = str(page)
    query = params.urlencode()
    return request.build_absolute_uri(request.path + (f"?{query}" if query else ""))


@dataclass
class Page:
    items: list
    envelope: dict  # count, page, page_count, next, previous


def paginate(request: HttpRequest, queryset, page: int, page_size: int = PAGE_SIZE) -> Page:
    count = queryset.count()
    page_count = max(1, math.ceil(count / page_size))
    start = (page - 1) * page_size
    items = list(queryset[start : start + page_size]) if start < count else []
    return Page(
        items,
        {
            "count": count,
            "page": page,
            "page_count": page_count,
            "next": page_link(request, page + 1) if page < page_count else None,
            "previous": page_link(request, min(page - 1, page_count)) if page > 1 else None,
        },
    )
