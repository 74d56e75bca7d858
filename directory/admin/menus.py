"""The directory's two admin menus."""

from wagtail.admin.viewsets.base import ViewSetGroup

from directory.admin.contact_messages import ContactMessageViewSet
from directory.admin.opening_hours import HoursExceptionViewSet
from directory.admin.registrations import RegistrationViewSet
from directory.admin.restrictions import RestrictionViewSet


class DirectoryViewSetGroup(ViewSetGroup):
    menu_label = "Directory"
    menu_icon = "group"
    menu_order = 250
    items = [
        RegistrationViewSet("registrations"),
        ContactMessageViewSet("contact_messages"),
    ]


class RestrictionsAndHoursViewSetGroup(ViewSetGroup):
    """What editors record from registers and clinics between profile edits; "Trust" is its menu label."""

    menu_label = "Trust"
    menu_icon = "warning"
    menu_order = 260
    items = [RestrictionViewSet("restrictions"), HoursExceptionViewSet("hours_exceptions")]
