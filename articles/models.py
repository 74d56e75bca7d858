"""The knowledge base: article pages and the taxonomy shared with the directory."""

import datetime
import functools
import math
from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import Paginator
from django.db import models
from django.db.models import Count, Q
from django.http import Http404
from django.utils.functional import SimpleLazyObject, cached_property
from modelcluster.fields import ParentalManyToManyField
from wagtail.admin.panels import FieldPanel, FieldRowPanel, HelpPanel, MultiFieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField, StreamField
from wagtail.models import AbstractGroupApprovalTask, Page
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from articles import structured_data
from articles.blocks import ArticleBodyBlock, heading_anchor, plain_text
from articles.child_routing import route_to_child
from articles.feeds import ArticlesAtomFeed, ArticlesFeed
from articles.forms import ArticleFilterForm, ArticlePageForm
from articles.page_privacy import KnownPublicPageMixin
from articles.publishing import ensure_publishable, missing_review_fields


class TaxonomyTerm(index.Indexed, models.Model):
    """A term people search by. Synonyms are data editors keep: the search layer expands them."""

    name = models.CharField(max_length=100, unique=True)
    slug = models.SlugField(max_length=100, unique=True)
    summary = models.TextField(blank=True, help_text="One or two plain-language sentences.")
    synonyms = models.TextField(
        blank=True,
        help_text="Words people type for this, one per line (e.g. 'sciatic nerve pain', 'pain down the leg').",
    )
    symptoms = models.TextField(
        blank=True,
        help_text=(
            "How people describe what they feel, one per line, in any language the directory serves "
            "(e.g. 'tingling down my leg', 'numb foot', 'douleur dans la fesse'). The directory search "
            "maps these to this term, in any word order."
        ),
    )

    panels = [
        FieldPanel("name"),
        FieldPanel("slug"),
        FieldPanel("summary"),
        FieldPanel("synonyms"),
        FieldPanel("symptoms"),
    ]
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

    @property
    def symptom_list(self) -> list[str]:
        return [line.strip() for line in self.symptoms.splitlines() if line.strip()]


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


@register_snippet
class Person(index.Indexed, models.Model):
    """Someone whose name stands behind an article: its author or its medical reviewer."""

    name = models.CharField(max_length=120)
    credentials = models.CharField(
        max_length=120, blank=True, help_text="Post-nominals and qualifications, e.g. 'MBBS, MRCGP' or 'RMT, BSc'."
    )
    role = models.CharField(max_length=120, blank=True, help_text="e.g. 'General practitioner', 'Health writer'.")
    bio = models.TextField(blank=True, help_text="Two or three sentences readers see under the article.")
    photo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    panels = [FieldPanel("name"), FieldPanel("credentials"), FieldPanel("role"), FieldPanel("bio"), FieldPanel("photo")]
    search_fields = [index.SearchField("name"), index.AutocompleteField("name"), index.SearchField("role")]

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"

    def __str__(self) -> str:
        return f"{self.name}, {self.credentials}" if self.credentials else self.name


class ArticleIndexPage(KnownPublicPageMixin, RoutablePageMixin, Page):
    """Lists published articles, filterable by condition and technique; serves the articles feed."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    max_count = 1
    subpage_types = ["articles.ArticlePage"]

    per_page = 12

    def articles(self):
        """Live, public articles under this index, newest review first."""
        return (
            ArticlePage.objects.child_of(self).live().public().order_by("-last_reviewed", "-first_published_at", "pk")
        )

    def route(self, request, path_components):
        """An article's URL in one query: the article as its own type (Wagtail's routing fetches a child as
        a plain page, then again as its type), with the hero image, author and reviewer it shows. The
        feeds' URLs come first, as RoutablePageMixin has them."""
        if path_components and self.live:
            try:
                self.resolve_subpage("/" + "/".join(path_components) + "/")
            except Http404:
                articles = ArticlePage.objects.select_related("hero_image", "author", "medical_reviewer")
                found = route_to_child(self, request, path_components, articles)
                if found is not None:
                    return found
        return super().route(request, path_components)

    @path("feed/", name="rss")
    def rss_feed(self, request):
        return ArticlesFeed(self)(request)

    @path("feed/atom/", name="atom")
    def atom_feed(self, request):
        return ArticlesAtomFeed(self)(request)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)

        @functools.cache
        def listing() -> tuple[ArticleFilterForm, object]:
            form = ArticleFilterForm(
                request.GET or None, conditions=Condition.objects.all(), techniques=Technique.objects.all()
            )
            articles = self.articles()
            if form.is_valid():
                if condition := form.cleaned_data.get("condition"):
                    articles = articles.filter(conditions=condition)
                if technique := form.cleaned_data.get("technique"):
                    articles = articles.filter(techniques=technique)
            # get_page clamps: "abc" gives page 1, 9999 gives the last page; never a 404 or 500.
            return form, Paginator(articles, self.per_page).get_page(request.GET.get("page"))

        query = request.GET.copy()
        query.pop("page", None)
        # Lazy: the template keeps the filters and the list as a cached fragment for each filter and page
        # asked for (`listing_query`), and a fragment found in the cache needs no query at all.
        page_obj = SimpleLazyObject(lambda: listing()[1])
        form = SimpleLazyObject(lambda: listing()[0])
        context.update(
            filter_form=form,
            articles=page_obj,
            page_obj=page_obj,
            filter_query=query.urlencode(),
            is_filtered=SimpleLazyObject(lambda: form.is_valid() and any(form.cleaned_data.values())),
            listing_query=urlencode(
                sorted((name, request.GET.get(name, "")[:100]) for name in ("condition", "technique", "page"))
            ),
        )
        return context


# Words per minute for reading-time estimates: a typical adult reading plain-language prose.
READING_WPM = 200
DEFAULT_REVIEW_INTERVAL = datetime.timedelta(days=365)


class ArticlePage(KnownPublicPageMixin, Page):
    """A health article: written by a named author, checked by a named medical reviewer, reviewed on a schedule."""

    summary = models.TextField(
        blank=True,
        max_length=400,
        help_text="One or two sentences shown in listings, search results and link previews.",
    )
    hero_image = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = StreamField(ArticleBodyBlock(), blank=True)
    conditions = ParentalManyToManyField(Condition, blank=True, related_name="articles")
    techniques = ParentalManyToManyField(Technique, blank=True, related_name="articles")
    author = models.ForeignKey(Person, null=True, blank=True, on_delete=models.SET_NULL, related_name="authored")
    # Optional on drafts and while in review; publishing requires both (ArticlePageForm for the
    # editor's message, ensure_publishable in publish() for every other path).
    medical_reviewer = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviewed",
        help_text="The clinician who checked this article. Required to publish.",
    )
    last_reviewed = models.DateField(
        null=True, blank=True, help_text="When the medical reviewer last checked the article. Required to publish."
    )
    next_review_due = models.DateField(
        null=True, blank=True, help_text="Left empty, it is set to a year after the last review."
    )

    content_panels = Page.content_panels + [
        FieldPanel("summary"),
        FieldPanel("hero_image"),
        FieldPanel("body"),
    ]
    review_panels = [
        MultiFieldPanel(
            [
                HelpPanel(
                    "A draft may leave the reviewer and review date empty. The medical reviewer fills them in "
                    "and saves; 'Approve' then becomes available in the Medical review step."
                ),
                FieldPanel("author"),
                FieldPanel("medical_reviewer"),
                FieldRowPanel([FieldPanel("last_reviewed"), FieldPanel("next_review_due")]),
            ],
            heading="Authorship and medical review",
        ),
        MultiFieldPanel([FieldPanel("conditions"), FieldPanel("techniques")], heading="Topics"),
    ]
    content_panels = content_panels + review_panels
    base_form_class = ArticlePageForm

    search_fields = Page.search_fields + [
        index.SearchField("summary"),
        index.SearchField("body"),
        index.RelatedFields("conditions", [index.SearchField("name"), index.SearchField("synonyms")]),
        index.RelatedFields("techniques", [index.SearchField("name"), index.SearchField("synonyms")]),
        index.FilterField("last_reviewed"),
        index.FilterField("next_review_due"),
    ]

    parent_page_types = ["articles.ArticleIndexPage"]
    subpage_types: list[str] = []

    def save(self, *args, **kwargs):
        if self.last_reviewed and not self.next_review_due:
            self.next_review_due = self.last_reviewed + DEFAULT_REVIEW_INTERVAL
        return super().save(*args, **kwargs)

    def publish(self, revision, *args, **kwargs):
        # The one gate every publishing path goes through: the editor's button, workflow approval,
        # bulk actions, scheduled publishing and scripts.
        ensure_publishable(revision.as_object())
        return super().publish(revision, *args, **kwargs)

    @property
    def reading_minutes(self) -> int:
        words = len(f"{self.summary} {plain_text(self.body)}".split())
        return max(1, math.ceil(words / READING_WPM))

    @cached_property
    def table_of_contents(self) -> list[dict]:
        """The body's headings in order: [{"text", "anchor", "level"}], for the on-page contents list."""
        return [
            {"text": block.value["text"], "anchor": heading_anchor(block.value), "level": block.value["level"]}
            for block in self.body
            if block.block_type == "heading"
        ]

    @property
    def faqs(self) -> list[tuple[str, object]]:
        return [
            (item["question"], item["answer"])
            for block in self.body
            if block.block_type == "faq"
            for item in block.value["questions"]
        ]

    @property
    def review_status(self) -> str:
        """'current', 'due' (within 30 days) or 'overdue' for the next review."""
        if not self.next_review_due:
            return "current"
        today = datetime.date.today()
        if self.next_review_due < today:
            return "overdue"
        if self.next_review_due <= today + datetime.timedelta(days=30):
            return "due"
        return "current"

    def related_articles(self, limit: int = 3, conditions=None, techniques=None):
        """Other live articles, those sharing most conditions first, then techniques, then the most recently reviewed.

        One query whatever the number of candidates: counting happens in the database.
        """
        condition_ids = [c.pk for c in (self.conditions.all() if conditions is None else conditions)]
        technique_ids = [t.pk for t in (self.techniques.all() if techniques is None else techniques)]
        return (
            ArticlePage.objects.live()
            .public()
            .exclude(pk=self.pk)
            .annotate(
                shared_conditions=Count("conditions", filter=Q(conditions__in=condition_ids), distinct=True),
                shared_techniques=Count("techniques", filter=Q(techniques__in=technique_ids), distinct=True),
            )
            .order_by("-shared_conditions", "-shared_techniques", "-last_reviewed", "pk")[:limit]
        )

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # Each fetched once, so the template and the JSON-LD share the same rows; and lazily, because
        # the template keeps the parts that show them as cached fragments: a fragment found in the
        # cache needs none of them.
        conditions = SimpleLazyObject(lambda: list(self.conditions.all()))
        techniques = SimpleLazyObject(lambda: list(self.techniques.all()))
        # The home page and up: the Wagtail root (depth 1) is not something readers visit.
        breadcrumbs = SimpleLazyObject(lambda: list(self.get_ancestors().filter(depth__gt=1)))
        context.update(
            conditions=conditions,
            techniques=techniques,
            related_articles=SimpleLazyObject(
                lambda: list(self.related_articles(conditions=conditions, techniques=techniques))
            ),
            breadcrumbs=breadcrumbs,
            structured_data=SimpleLazyObject(
                lambda: [
                    item
                    for item in (
                        structured_data.medical_web_page(self, request, conditions),
                        structured_data.breadcrumb_list(self, request, breadcrumbs),
                        structured_data.faq_page(self),
                    )
                    if item
                ]
            ),
        )
        return context


class ReviewReminder(models.Model):
    """One review-reminder e-mail sent to one reviewer on one day: what makes the daily command idempotent."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    article_count = models.PositiveIntegerField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["user", "sent_on"], name="one_review_reminder_per_user_per_day")]

    def __str__(self) -> str:
        return f"Review reminder to {self.user} on {self.sent_on}"


class MedicalReviewTask(AbstractGroupApprovalTask):
    """Approval by a group (the Medical reviewers) that can only approve a reviewed version.

    'Approve' is offered only once the version under review names its medical reviewer and review
    date, so approving from the dashboard can never reach a publish that the review rule refuses.
    """

    def get_actions(self, obj, user):
        actions = super().get_actions(obj, user)
        latest = obj.get_latest_revision_as_object() if hasattr(obj, "get_latest_revision_as_object") else obj
        if isinstance(latest, ArticlePage) and missing_review_fields(latest):
            actions = [action for action in actions if action[0] != "approve"]
        return actions

    @classmethod
    def get_description(cls):
        return "Members of the chosen groups approve articles once the reviewer and review date are recorded"

    class Meta:
        verbose_name = "Medical review task"
        verbose_name_plural = "Medical review tasks"
