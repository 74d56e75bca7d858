"""Routing into an index page's child in one query, as its own type with what it shows.

Wagtail's ``Page.route`` fetches a child as a plain page and then again as its type; an index that
knows its children's type fetches it once, with its related rows (``children`` carries the
``select_related``/``prefetch_related``). Shared by the article index and the therapist directory.
"""

from __future__ import annotations

from django.db.models import QuerySet


def route_to_child(parent, request, path_components: list[str], children: QuerySet):
    """The route of the child of ``parent`` that the first path component names, fetched from
    ``children``; None when no such child exists (the caller falls back to Wagtail's routing)."""
    child = children.child_of(parent).filter(slug=path_components[0]).first()
    if child is None:
        return None
    child._cached_parent_obj = parent  # as Wagtail does: the view restrictions check reads it
    return child.route(request, path_components[1:])
