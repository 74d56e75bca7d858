"""The knowledge base: article pages and the taxonomy shared with the directory."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page


class ArticleIndexPage(Page):
    """Lists published articles."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    max_count = 1
    subpage_types = ["articles.ArticlePage"]


class ArticlePage(Page):
    """A reviewed health article. (Fields grow with the knowledge-base issue.)"""

    summary = models.TextField(blank=True, help_text="One or two sentences shown in listings and search results.")

    content_panels = Page.content_panels + [FieldPanel("summary")]

    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types: list[str] = []
