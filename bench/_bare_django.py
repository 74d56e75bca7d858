"""The yardstick for bench.throughput: a bare Django view returning 1 KB, served by gunicorn.

No database, no middleware, no templates: what Django itself costs per request on this machine,
so the site's figures can be read as a ratio to it. ``gunicorn bench._bare_django:application``
(underscored: ``python -m bench`` runs every other module, and importing this one configures Django).
"""

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.http import HttpRequest, HttpResponse
from django.urls import path

BODY = b"x" * 1024


def bare(request: HttpRequest) -> HttpResponse:
    return HttpResponse(BODY, content_type="text/plain")


urlpatterns = [path("", bare)]

if not settings.configured:
    settings.configure(
        DEBUG=False,
        SECRET_KEY="bench-only",
        ALLOWED_HOSTS=["127.0.0.1", "localhost"],
        ROOT_URLCONF=__name__,
        MIDDLEWARE=[],
        INSTALLED_APPS=[],
    )

application = get_wsgi_application()
