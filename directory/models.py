"""The therapist directory: index page, therapist profiles, clinics and registrations."""

from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class DirectoryIndexPage(Page):
    """The directory's landing page: the search form and the listed therapists."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    max_count = 1
    subpage_types = ["directory.TherapistPage"]


class TherapistPage(Page):
    """One therapist's public profile. (Fields grow with the directory issue.)"""

    parent_page_types = ["directory.DirectoryIndexPage"]
    subpage_types: list[str] = []
