from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps.views import sitemap
from wagtail.documents import urls as wagtaildocs_urls

from directory.availability_views import ConfirmAvailabilityView
from home.views import robots_txt
from portal.views.how_listing_works import HowListingWorksView

urlpatterns = [
    path("django-admin/", admin.site.urls),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("search/", include("search.urls")),
    path("api/", include("api.urls")),
    path("accounts/", include("allauth.urls")),
    path("portal/", include("portal.urls")),
    path("for-therapists/", HowListingWorksView.as_view(), name="how_listing_works"),
    path("availability/confirm/<str:token>/", ConfirmAvailabilityView.as_view(), name="availability_confirm"),
    path("sitemap.xml", sitemap, name="sitemap"),
    path("robots.txt", robots_txt, name="robots_txt"),
    path("favicon.ico", RedirectView.as_view(url=settings.STATIC_URL + "img/favicon.svg", permanent=True)),
]

if settings.DEBUG:
    from django.conf.urls.static import static
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()
    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

# Wagtail serves every page not caught above; it must come last.
urlpatterns += [path("", include(wagtail_urls))]
