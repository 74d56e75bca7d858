"""The home page and the site-wide settings editors control."""

from django.db import models
from django.db.models import OuterRef, Subquery
from django.utils.functional import SimpleLazyObject
from modelcluster.fields import ParentalKey
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, PageChooserPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.models import Orderable, Page

from articles.page_privacy import KnownPublicPageMixin
from home.content_version import cached_while_current
from home.sites import settings_key, site_for_request


class HomePage(KnownPublicPageMixin, Page):
    """The site's front door: what Relieve is, a search box, featured reading, a call to action."""

    hero_title = models.CharField(max_length=120, default="Find a registered massage therapist for sciatica")
    hero_text = models.TextField(
        blank=True,
        default="Search trained, registered therapists near you, and read articles reviewed by clinicians.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    search_placeholder = models.CharField(max_length=80, default="Sciatica, low back pain, a therapist's name…")
    featured_heading = models.CharField(max_length=80, default="Understand your sciatica")
    cta_title = models.CharField(max_length=120, default="Ready to find help near you?")
    cta_text = models.TextField(
        blank=True, default="Every therapist we list has a registration an editor has checked with their regulator."
    )
    cta_link_text = models.CharField(max_length=60, default="Find a therapist")
    cta_page = models.ForeignKey("wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    content_panels = Page.content_panels + [
        MultiFieldPanel(
            [
                FieldPanel("hero_title"),
                FieldPanel("hero_text"),
                FieldPanel("hero_image"),
                FieldPanel("search_placeholder"),
            ],
            heading="Hero",
        ),
        MultiFieldPanel(
            [FieldPanel("featured_heading"), InlinePanel("featured_articles", label="Featured article", max_num=6)],
            heading="Featured articles",
        ),
        MultiFieldPanel(
            [
                FieldPanel("cta_title"),
                FieldPanel("cta_text"),
                FieldPanel("cta_link_text"),
                PageChooserPanel("cta_page"),
            ],
            heading="Call to action",
        ),
    ]

    max_count = 1
    parent_page_types = ["wagtailcore.Page"]
    subpage_types = ["articles.ArticleIndexPage", "directory.DirectoryIndexPage"]

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Lazy: the template keeps this section as a cached fragment, and a fragment found in the
        # cache needs no query at all.
        context["featured"] = SimpleLazyObject(self.featured_pages)
        return context

    def featured_pages(self) -> list[Page]:
        """The live featured pages in the editor's order: one query for the pages and one per page
        type, whatever their number (not a `.specific` query per page)."""
        featured = self.featured_articles.filter(page__live=True)
        position = Subquery(featured.filter(page_id=OuterRef("pk")).values("sort_order")[:1])
        return list(
            Page.objects.filter(pk__in=featured.values("page_id"))
            .annotate(featured_position=position)
            .order_by("featured_position", "pk")
            .specific()
        )


class HomePageFeaturedArticle(Orderable):
    """An article an editor puts on the front page, in the order they choose."""

    home = ParentalKey(HomePage, on_delete=models.CASCADE, related_name="featured_articles")
    # Points at wagtailcore.Page (restricted to ArticlePage in the chooser) so that `home`
    # does not depend on the articles app's migrations.
    page = models.ForeignKey("wagtailcore.Page", on_delete=models.CASCADE, related_name="+")

    panels = [PageChooserPanel("page", "articles.ArticlePage")]


@register_setting(icon="cog")
class SiteSettings(BaseSiteSetting):
    """Site-wide facts editors can change without a deploy."""

    site_name = models.CharField(max_length=80, default="Relieve")
    tagline = models.CharField(max_length=160, default="Registered massage therapists for sciatica, near you")
    contact_email = models.EmailField(default="hello@relieve.example")
    disclaimer = models.TextField(
        default=(
            "Relieve gives general information, not medical advice. Massage therapy is not a substitute "
            "for seeing a doctor. If you have numbness around your genitals or bottom, new problems "
            "controlling your bladder or bowels, or weakness in both legs, call an emergency number now."
        )
    )

    panels = [FieldPanel("site_name"), FieldPanel("tagline"), FieldPanel("contact_email"), FieldPanel("disclaimer")]

    class Meta:
        verbose_name = "Site settings"

    @classmethod
    def for_request(cls, request):
        """The request's site's settings, as Wagtail's ``for_request`` (and ``{{ settings.home.SiteSettings }}``)
        gives them, but from the shared cache while the content version holds: every page's header and
        footer show them, and saving them replaces the version (home/page_cache.py)."""
        attr_name = cls.get_cache_attr_name()
        if not hasattr(request, attr_name):
            site = site_for_request(request)
            if site is None:
                raise cls.DoesNotExist(f"{cls} does not exist for site None.")
            instance = cached_while_current(request, settings_key(request), lambda: cls.for_site(site))
            instance._request = request  # as Wagtail does: page URLs in settings resolve against this request
            setattr(request, attr_name, instance)
        return getattr(request, attr_name)
