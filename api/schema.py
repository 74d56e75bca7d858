"""Hooks for the OpenAPI schema that drf-spectacular generates from the views."""

PUBLIC_PREFIX = "/api/v1/"


def public_endpoints_only(endpoints, **kwargs):
    """Keep the public API; Wagtail's admin has DRF endpoints of its own that are nobody's contract."""
    return [endpoint for endpoint in endpoints if endpoint[0].startswith(PUBLIC_PREFIX)]


def empty_means_absent(result, generator, request, public):
    """Every query parameter left empty (``?language=``, as an HTML form sends) counts as not given:
    the directory search's rule, kept for every list. The schema says so with ``allowEmptyValue``."""
    for path_item in result.get("paths", {}).values():
        for operation in path_item.values():
            for parameter in operation.get("parameters", []):
                if parameter.get("in") == "query":
                    parameter["allowEmptyValue"] = True
    return result
