"""The knowledge base: article pages and the taxonomy shared with the directory."""

from django.db import models
from wagtail.admin.panels import FieldPanel
from wagtail.fields import RichTextField
from wagtail.models import Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet


class TaxonomyTerm(index.Indexed, models.Model):
    """A term people search by. Synonyms are data editors keep: the search layer expands them."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.TextField(blank=True, help_text="One or two plain-language sentences.")
    synonyms = models.TextField(
        blank=True,
        help_text="Words people type for this, one per line (e.g. 'sciatic nerve pain', 'pain down the leg').",
    )

    panels = [FieldPanel("name"), FieldPanel("slug"), FieldPanel("summary"), FieldPanel("synonyms")]
    search_fields = [
        index.SearchField("name"),
        index.AutocompleteField("name"),
        index.SearchField("synonyms"),
        index.SearchField("summary"),
    ]

    class Meta:
        abstract = True
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    @property
    def synonym_list(self) -> list[str]:
        return [line.strip() for line in self.synonyms.splitlines() if line.strip()]


@register_snippet
class Condition(TaxonomyTerm):
    """What hurts: sciatica, low back pain, piriformis syndrome…"""

    main_article = models.ForeignKey(
        "articles.ArticlePage", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    panels = TaxonomyTerm.panels + [FieldPanel("main_article")]

    class Meta(TaxonomyTerm.Meta):
        pass


@register_snippet
class Technique(TaxonomyTerm):
    """A massage modality: deep tissue, myofascial release, neuromuscular therapy…"""

    class Meta(TaxonomyTerm.Meta):
        pass


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
