"""Admin wiring for the directory: its two menus, the expiry report, clinic map warnings.

The screens themselves live in ``directory/admin/``."""

from django.contrib import messages
from django.urls import path, reverse
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from articles.admin.attention import ATTENTION_HOOK
from directory.admin.attention import profiles_awaiting_review, registrations_expiring_soon
from directory.admin.menus import DirectoryViewSetGroup, RestrictionsAndHoursViewSetGroup
from directory.admin.registrations import EXPIRY_WARNING_DAYS, ExpiringRegistrationsReport
from directory.models import TherapistPage


@hooks.register("register_admin_viewset")
def register_directory_viewsets():
    return DirectoryViewSetGroup()


@hooks.register("register_admin_viewset")
def register_restrictions_and_hours_viewsets():
    return RestrictionsAndHoursViewSetGroup()


@hooks.register("register_admin_urls")
def register_report_urls():
    return [
        path(
            "reports/expiring-registrations/",
            ExpiringRegistrationsReport.as_view(),
            name="expiring_registrations",
        ),
        path(
            "reports/expiring-registrations/results/",
            ExpiringRegistrationsReport.as_view(results_only=True),
            name="expiring_registrations_results",
        ),
    ]


hooks.register(ATTENTION_HOOK, profiles_awaiting_review)
hooks.register(ATTENTION_HOOK, registrations_expiring_soon)


class ExpiringRegistrationsMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.has_perm("directory.change_registration")


@hooks.register("register_reports_menu_item")
def register_expiring_registrations_menu_item():
    return ExpiringRegistrationsMenuItem(
        f"Registrations expiring in {EXPIRY_WARNING_DAYS} days",
        reverse("expiring_registrations"),
        icon_name="date",
        order=700,
    )


def warn_about_unmapped_clinics(request, page):
    """A clinic whose address could not be found is saved anyway, with a warning the editor can act on."""
    if not isinstance(page, TherapistPage):
        return
    for clinic in page.clinics.all():
        if not clinic.has_location:
            messages.warning(
                request,
                f"“{clinic}” could not be placed on the map from its address, so it shows as “location not "
                "mapped”. Check the city and country, or enter its latitude and longitude by hand.",
            )


hooks.register("after_create_page", warn_about_unmapped_clinics)
hooks.register("after_edit_page", warn_about_unmapped_clinics)
