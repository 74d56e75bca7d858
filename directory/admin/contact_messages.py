"""Contact messages in the admin: mainly so undelivered ones are never lost."""

from wagtail.admin.ui.tables import Column, DateColumn, TitleColumn
from wagtail.admin.viewsets.model import ModelViewSet

from directory.models import ContactMessage


class ContactMessageViewSet(ModelViewSet):
    """Messages sent through profiles — mainly so undelivered ones are never lost."""

    model = ContactMessage
    icon = "mail"
    menu_label = "Contact messages"
    add_to_admin_menu = False
    add_view_enabled = False
    copy_view_enabled = False
    inspect_view_enabled = True
    list_display = [
        TitleColumn("sender_name", label="From", url_name="contact_messages:inspect"),
        Column("therapist", label="To", accessor="therapist.title"),
        DateColumn("created_at", label="Sent"),
        Column("delivery", label="Delivery", accessor="get_delivery_display"),
    ]
    list_filter = ["delivery"]
    form_fields = ["delivery"]
    inspect_view_fields = [
        "therapist",
        "sender_name",
        "sender_email",
        "sender_phone",
        "message",
        "created_at",
        "delivery",
        "delivered_at",
        "delivery_error",
    ]
    search_backend_name = None
    search_fields = ["sender_name", "sender_email", "therapist__title"]

    def get_queryset(self, request):
        return ContactMessage.objects.select_related("therapist")
