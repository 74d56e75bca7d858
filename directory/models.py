"""The therapist directory: index page, therapist profiles, clinics and registrations.

The one rule that matters most lives here: who is *listed*. A therapist is public only when their
page is live and their registration is verified and unexpired (`listing_q`). Every place that shows
therapists — page views, listings, the sitemap, search indexes — asks `TherapistPage.objects.listed()`
or `page.is_listed`, never its own copy of the rule.
"""

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.db import models, transaction
from django.db.models import Prefetch, Q
from django.http import Http404
from django.utils import timezone
from django.utils.functional import SimpleLazyObject
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from wagtail.admin.panels import (
    FieldPanel,
    FieldRowPanel,
    HelpPanel,
    InlinePanel,
    MultiFieldPanel,
    ObjectList,
    TabbedInterface,
)
from wagtail.contrib.routable_page.models import RoutablePageMixin, path
from wagtail.fields import RichTextField
from wagtail.models import Orderable, Page, PageManager
from wagtail.query import PageQuerySet
from wagtail.search import index
from wagtail.snippets.models import register_snippet

from articles.child_routing import route_to_child
from articles.images import rendition_url_or_blank
from articles.models import Condition
from articles.page_privacy import KnownPublicPageMixin
from directory.availability import AvailabilityFields
from directory.cards import TherapistCard, places
from directory.contact import contact_view
from directory.countries import country_name
from directory.forms import TherapistPageForm
from directory.geocoding import Geocoder, get_geocoder, normalize
from directory.structured_data import therapist_graph

# A bio is prose, not a layout: paragraphs, lists, emphasis and links only.
BIO_FEATURES = ["bold", "italic", "ol", "ul", "link"]

CURRENCIES = [
    ("CAD", "Canadian dollar"),
    ("USD", "US dollar"),
    ("GBP", "Pound sterling"),
    ("EUR", "Euro"),
    ("AUD", "Australian dollar"),
    ("NZD", "New Zealand dollar"),
]


@register_snippet
class Language(models.Model):
    """A language a therapist works in."""

    name = models.CharField(max_length=60, unique=True)
    code = models.CharField(max_length=8, unique=True, help_text="ISO 639-1 code, e.g. 'pt'.")

    panels = [FieldPanel("name"), FieldPanel("code")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@register_snippet
class Regulator(models.Model):
    """A body that keeps a public register of massage therapists (e.g. a provincial college)."""

    name = models.CharField(max_length=200, unique=True)
    jurisdiction = models.CharField(max_length=100, help_text="Where its register applies, e.g. 'Ontario, Canada'.")
    register_url = models.URLField(blank=True, help_text="The public register, where anyone can check a number.")

    panels = [FieldPanel("name"), FieldPanel("jurisdiction"), FieldPanel("register_url")]

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} ({self.jurisdiction})"


def works_in_admin(user) -> bool:
    """An editor's or administrator's account, not a therapist's own: a profile an editor entered in
    the admin is owned by the editor, whose address and account are not the therapist's."""
    return user.is_superuser or user.has_perm("wagtailadmin.access_admin")


def listing_q(prefix: str = "", today: datetime.date | None = None) -> Q:
    """THE listing rule as a filter: live, verified, not expired. `prefix` reaches it through a relation."""
    today = today or timezone.localdate()
    return Q(**{f"{prefix}live": True, f"{prefix}registration__status": Registration.Status.VERIFIED}) & (
        Q(**{f"{prefix}registration__expires_on__isnull": True})
        | Q(**{f"{prefix}registration__expires_on__gte": today})
    )


class TherapistPageQuerySet(PageQuerySet):
    def listed(self, today: datetime.date | None = None):
        """Therapists the public may see."""
        return self.filter(listing_q(today=today))


TherapistPageManager = PageManager.from_queryset(TherapistPageQuerySet)


class DirectoryIndexPage(KnownPublicPageMixin, Page):
    """The directory's landing page: the search form and the listed therapists."""

    intro = RichTextField(blank=True, features=["bold", "italic", "link"])

    content_panels = Page.content_panels + [FieldPanel("intro")]

    parent_page_types = ["home.HomePage"]
    max_count = 1
    subpage_types = ["directory.TherapistPage"]

    therapists_per_page = 24

    def listed_therapists(self):
        """This directory's listed therapists, with everything a result card shows fetched up front."""
        return (
            TherapistPage.objects.child_of(self)
            .listed()
            .select_related("photo", "registration__regulator")
            .prefetch_related("clinics", "conditions", "languages", "photo__renditions")
            .order_by("title", "pk")
        )

    def route(self, request, path_components):
        """A profile's URL as the therapist's page in its own type (Wagtail's routing fetches a child as a
        plain page, then again as its type), with what the profile shows fetched along: the photo, the
        registration and its regulator (which decide whether it is listed), clinics, languages and
        terms. The page found is kept by the cached routing (home/routing.py), these with it."""
        if path_components:
            therapists = TherapistPage.objects.select_related("photo", "registration__regulator").prefetch_related(
                "clinics",
                "languages",
                "techniques",
                Prefetch("conditions", queryset=Condition.objects.select_related("main_article")),
            )
            found = route_to_child(self, request, path_components, therapists)
            if found is not None:
                return found
        return super().route(request, path_components)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        paginator = Paginator(self.listed_therapists(), self.therapists_per_page)

        def therapists():
            try:
                return paginator.page(request.GET.get("page") or 1)
            except (PageNotAnInteger, EmptyPage):
                # A mistyped or stale page number shows the first page rather than an error.
                return paginator.page(1)

        # Lazy: the template keeps the listing as a cached fragment for each page number asked for
        # (`listing_page`), and a fragment found in the cache needs no query at all.
        page_of_therapists = SimpleLazyObject(therapists)
        context["therapists"] = page_of_therapists
        context["cards"] = SimpleLazyObject(lambda: self.cards(page_of_therapists, request))
        page_number = request.GET.get("page") or "1"
        context["listing_page"] = page_number if page_number.isdigit() and len(page_number) <= 6 else "1"
        return context

    @staticmethod
    def cards(therapists, request) -> list[TherapistCard]:
        """Result cards (directory.cards) for therapists fetched by ``listed_therapists``."""
        restrictions = RegistrationRestriction.objects.in_force().kinds_by_therapist(t.pk for t in therapists)
        return [
            TherapistCard(
                id=therapist.pk,
                title=therapist.title,
                url=therapist.get_url(request) or "",
                designation=therapist.designation,
                photo=therapist.photo,
                city=places(therapist),
                accepting_new_clients=therapist.accepting_new_clients,
                accepting_confirmed_on=therapist.accepting_confirmed_on,
                restrictions=restrictions.get(therapist.pk, ()),
                treats=tuple(condition.name for condition in therapist.conditions.all()),
            )
            for therapist in therapists
        ]


class TherapistPage(KnownPublicPageMixin, AvailabilityFields, RoutablePageMixin, Page):
    """One therapist's public profile. The page's Wagtail `owner` is the therapist's own account."""

    designation = models.CharField(
        max_length=40, blank=True, help_text="Professional designation as registered, e.g. RMT, LMT, MT."
    )
    photo = models.ForeignKey("wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    bio = RichTextField(blank=True, features=BIO_FEATURES)
    conditions = ParentalManyToManyField("articles.Condition", blank=True, related_name="therapists")
    techniques = ParentalManyToManyField("articles.Technique", blank=True, related_name="therapists")
    languages = ParentalManyToManyField("directory.Language", blank=True, related_name="therapists")
    gender = models.CharField(max_length=60, blank=True, help_text="Optional, in the therapist's own words.")
    years_in_practice = models.PositiveSmallIntegerField(null=True, blank=True)
    fee_min = models.DecimalField(
        "lowest fee", max_digits=8, decimal_places=2, null=True, blank=True, help_text="Per 60-minute session."
    )
    fee_max = models.DecimalField(
        "highest fee", max_digits=8, decimal_places=2, null=True, blank=True, help_text="Per 60-minute session."
    )
    currency = models.CharField(max_length=3, choices=CURRENCIES, default="CAD")
    direct_billing = models.BooleanField("direct billing / insurance accepted", default=False)
    accepting_new_clients = models.BooleanField(default=True)
    home_visits = models.BooleanField(default=False)
    booking_url = models.URLField(blank=True)
    website = models.URLField(blank=True)
    phone = models.CharField(max_length=40, blank=True)
    # Private: the contact form writes to it; it is never rendered on a public page.
    contact_email = models.EmailField(blank=True, help_text="Private. Receives the contact form; never shown.")

    objects = TherapistPageManager()

    base_form_class = TherapistPageForm

    content_panels = Page.content_panels + [
        HelpPanel(
            template="directory/admin/registration_panel.html",
            heading="Registration",
        ),
        MultiFieldPanel(
            [FieldPanel("designation"), FieldPanel("photo"), FieldPanel("bio"), FieldPanel("gender")],
            heading="Profile",
        ),
        MultiFieldPanel(
            [
                FieldPanel("conditions"),
                FieldPanel("techniques"),
                FieldPanel("languages"),
                FieldPanel("years_in_practice"),
            ],
            heading="Practice",
        ),
        MultiFieldPanel(
            [
                FieldRowPanel([FieldPanel("fee_min"), FieldPanel("fee_max"), FieldPanel("currency")]),
                FieldPanel("direct_billing"),
                FieldPanel("accepting_new_clients"),
                FieldPanel("home_visits"),
            ],
            heading="Fees and availability",
        ),
        MultiFieldPanel(
            [FieldPanel("booking_url"), FieldPanel("website"), FieldPanel("phone"), FieldPanel("contact_email")],
            heading="Contact",
        ),
    ]
    clinic_panels = [
        HelpPanel(
            content=(
                "<p>Clinics are placed on the map from their address when you publish. If an address cannot be "
                "found, the clinic is saved without a map pin and a warning is shown: enter the latitude and "
                "longitude by hand (they will be marked 'Set by hand' and never overwritten).</p>"
            )
        ),
        InlinePanel("clinics", heading="Clinics", label="Clinic", min_num=0),
    ]
    edit_handler = TabbedInterface(
        [
            ObjectList(content_panels, heading="Profile"),
            ObjectList(clinic_panels, heading="Clinics"),
            ObjectList(Page.promote_panels, heading="Promote"),
            ObjectList(Page.settings_panels, heading="Settings"),
        ]
    )

    search_fields = Page.search_fields + [
        index.SearchField("designation"),
        index.SearchField("bio"),
        index.RelatedFields("conditions", [index.SearchField("name"), index.SearchField("synonyms")]),
        index.RelatedFields("techniques", [index.SearchField("name"), index.SearchField("synonyms")]),
        index.RelatedFields("clinics", [index.SearchField("city")]),
        index.FilterField("accepting_new_clients"),
    ]

    parent_page_types = ["directory.DirectoryIndexPage"]
    subpage_types: list[str] = []

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=Q(fee_min__isnull=True) | Q(fee_max__isnull=True) | Q(fee_min__lte=models.F("fee_max")),
                name="therapist_fee_range_ordered",
            )
        ]

    @property
    def is_listed(self) -> bool:
        """The listing rule for this one page (same rule as `listing_q`)."""
        if not self.live:
            return False
        try:
            registration = self.registration
        except Registration.DoesNotExist:
            return False
        return registration.is_current

    @classmethod
    def get_indexed_objects(cls):
        # Wagtail's own search index holds only listed therapists.
        return super().get_indexed_objects().filter(listing_q())

    def get_sitemap_urls(self, request=None):
        if request is None:
            listed = self.is_listed
        else:
            # The sitemap asks every page in turn: look the listed ids up once per request, not once per page.
            if not hasattr(request, "_listed_therapist_ids"):
                request._listed_therapist_ids = set(TherapistPage.objects.listed().values_list("pk", flat=True))
            listed = self.pk in request._listed_therapist_ids
        return super().get_sitemap_urls(request) if listed else []

    def load_registration(self) -> "Registration | None":
        """The registration with its regulator, in one query, cached where `self.registration` looks."""
        cache_name = type(self).registration.related.cache_name
        if cache_name not in self._state.fields_cache:
            self._state.fields_cache[cache_name] = (
                Registration.objects.select_related("regulator").filter(therapist=self).first()
            )
        return self._state.fields_cache[cache_name]

    def serve(self, request, *args, **kwargs):
        self.load_registration()
        # Unlisted profiles do not exist for the public (404, not 403: no hint that they exist).
        # Editors' previews go through here too, flagged by Wagtail with request.is_preview.
        if not getattr(request, "is_preview", False) and not self.is_listed:
            raise Http404
        return super().serve(request, *args, **kwargs)

    @path("contact/")
    def contact(self, request):
        return contact_view(request, self)

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        # One query per relation whatever the number of clinics, conditions or languages; none when
        # the page came through the directory's routing, which fetched them along (`route`).
        clinics = list(self.clinics.all())
        languages = list(self.languages.all())
        registration = self.load_registration()

        def graph():
            # Blank (and logged) when the photo's file is gone: the page still answers, without a photo.
            photo_url = rendition_url_or_blank(self.photo, "fill-480x480-c100|format-jpeg") if self.photo_id else ""
            if photo_url:
                photo_url = request.build_absolute_uri(photo_url)
            return therapist_graph(self, clinics, languages, registration, request, photo_url)

        context.update(
            clinics=clinics,
            conditions=list(
                self.conditions.all()
                if "conditions" in getattr(self, "_prefetched_objects_cache", {})
                else self.conditions.select_related("main_article")
            ),
            techniques=list(self.techniques.all()),
            languages=languages,
            registration=registration,
            map_markers=[
                {
                    "name": str(clinic),
                    "address": ", ".join(clinic.address_lines),
                    "lat": clinic.latitude,
                    "lng": clinic.longitude,
                }
                for clinic in clinics
                if clinic.has_location
            ],
            map_tile_url=settings.MAP_TILE_URL,
            map_tile_attribution=settings.MAP_TILE_ATTRIBUTION,
            # A callable, called only when the template renders the JSON-LD, which it keeps as a cached
            # fragment (it reads the photo's renditions).
            structured_data=graph,
        )
        return context


class Clinic(Orderable):
    """A place where the therapist sees clients. Coordinates are null until geocoded — never 0,0."""

    class LocationSource(models.TextChoices):
        NONE = "", "Not located"
        GAZETTEER = "gazetteer", "Found from the address"
        MANUAL = "manual", "Set by hand"

    therapist = ParentalKey(TherapistPage, on_delete=models.CASCADE, related_name="clinics")
    name = models.CharField(max_length=200, blank=True)
    street_address = models.CharField(max_length=255, blank=True)
    city = models.CharField(max_length=100)
    region = models.CharField(max_length=100, blank=True, help_text="Province, state or county.")
    postcode = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, default="CA", help_text="ISO 3166 two-letter code, e.g. CA, GB, US.")
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    location_source = models.CharField(
        max_length=10,
        choices=LocationSource.choices,
        blank=True,
        default="",
        help_text="'Set by hand' coordinates are never replaced by the address lookup.",
    )
    # The address the coordinates were looked up from, so an edited address is looked up again.
    geocoded_address = models.CharField(max_length=400, blank=True, editable=False)
    phone = models.CharField(max_length=40, blank=True)
    opening_hours = models.TextField(blank=True, help_text="One line per day or range, e.g. 'Mon–Fri 9:00–17:00'.")
    wheelchair_access = models.BooleanField(default=False)
    parking = models.CharField(max_length=200, blank=True, help_text="e.g. 'Free street parking'.")

    panels = [
        FieldPanel("name"),
        FieldPanel("street_address"),
        FieldRowPanel([FieldPanel("city"), FieldPanel("region")]),
        FieldRowPanel([FieldPanel("postcode"), FieldPanel("country")]),
        FieldRowPanel([FieldPanel("latitude"), FieldPanel("longitude"), FieldPanel("location_source")]),
        FieldPanel("phone"),
        FieldPanel("opening_hours"),
        FieldPanel("wheelchair_access"),
        FieldPanel("parking"),
    ]

    class Meta(Orderable.Meta):
        constraints = [
            models.CheckConstraint(
                condition=(Q(latitude__isnull=True) & Q(longitude__isnull=True))
                | (Q(latitude__gte=-90) & Q(latitude__lte=90) & Q(longitude__gte=-180) & Q(longitude__lte=180)),
                name="clinic_coordinates_valid_or_both_null",
            )
        ]
        # The directory search's radius prefilter is a latitude/longitude box: a range scan here.
        indexes = [models.Index(fields=["latitude", "longitude"], name="clinic_lat_lng")]

    def __str__(self) -> str:
        return self.name or f"{self.city} clinic"

    @property
    def has_location(self) -> bool:
        return self.latitude is not None and self.longitude is not None

    @property
    def address_lines(self) -> list[str]:
        locality = " ".join(part for part in (self.city, self.region, self.postcode) if part)
        return [line for line in (self.street_address, locality, country_name(self.country)) if line]

    def address_key(self) -> str:
        return normalize(" | ".join((self.street_address, self.city, self.region, self.postcode, self.country)))

    def clean(self):
        super().clean()
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError("Enter both latitude and longitude, or leave both empty to look up the address.")
        if self.location_source == self.LocationSource.MANUAL and not self.has_location:
            raise ValidationError({"location_source": "'Set by hand' needs a latitude and a longitude."})

    def locate(self, geocoder: Geocoder | None = None) -> bool:
        """Fill in coordinates from the address unless an editor set them; True when the clinic is mapped.

        A failed lookup leaves the coordinates empty (never 0,0) so the profile says "not mapped".
        """
        if self.location_source == self.LocationSource.MANUAL and self.has_location:
            return True
        key = self.address_key()
        if self.location_source == self.LocationSource.GAZETTEER and self.has_location:
            if self.geocoded_address == key:
                return True
        elif self.has_location:
            # Coordinates typed without a source: an editor placed the pin by hand.
            self.location_source = self.LocationSource.MANUAL
            return True
        place = self.lookup_place(geocoder or get_geocoder())
        if place is None:
            self.latitude = self.longitude = None
            self.location_source = self.LocationSource.NONE
            self.geocoded_address = ""
            return False
        self.latitude, self.longitude = place.latitude, place.longitude
        self.location_source = self.LocationSource.GAZETTEER
        self.geocoded_address = key
        return True

    def lookup_place(self, geocoder: Geocoder):
        country = (self.country or "").upper() or None
        queries = []
        if self.postcode and country == "US":
            queries.append(self.postcode)
        if self.city and self.region:
            queries.append(f"{self.city}, {self.region}")
        if self.city:
            queries.append(self.city)
        for query in queries:
            place = geocoder.geocode(query, country=country)
            if place is not None:
                return place
        return None

    def save(self, *args, **kwargs):
        self.locate()
        super().save(*args, **kwargs)


class Registration(models.Model):
    """A therapist's registration with their regulator. Editors control it; it is outside page revisions,
    so nothing a therapist edits can ever change it."""

    class Status(models.TextChoices):
        PENDING = "pending", "Pending verification"
        VERIFIED = "verified", "Verified"
        LAPSED = "lapsed", "Lapsed"
        SUSPENDED = "suspended", "Suspended"
        REVOKED = "revoked", "Revoked"

    therapist = models.OneToOneField(TherapistPage, on_delete=models.CASCADE, related_name="registration")
    regulator = models.ForeignKey(Regulator, on_delete=models.PROTECT, related_name="registrations")
    number = models.CharField("registration number", max_length=60)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.PENDING)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_on = models.DateField(null=True, blank=True)
    expires_on = models.DateField(null=True, blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["regulator", "number"], name="registration_number_unique_per_regulator")
        ]

    def __str__(self) -> str:
        return f"{self.regulator.name} #{self.number} ({self.get_status_display()})"

    def is_expired(self, today: datetime.date | None = None) -> bool:
        return self.expires_on is not None and self.expires_on < (today or timezone.localdate())

    @property
    def is_current(self) -> bool:
        return self.status == self.Status.VERIFIED and not self.is_expired()

    @transaction.atomic
    def change_status(self, new_status: str, user=None, note: str = "") -> "RegistrationStatusChange | None":
        """Move to `new_status`, recording who did it and why. The only way status should change."""
        new_status = self.Status(new_status)
        old_status = self.status
        if new_status == old_status and not note:
            return None
        self.status = new_status
        if new_status == self.Status.VERIFIED:
            self.verified_by = user
            self.verified_on = timezone.localdate()
        self.save()  # post_save sends registration_changed (directory/signals.py) once the transaction commits
        return RegistrationStatusChange.objects.create(
            registration=self,
            regulator=self.regulator,
            changed_by=user,
            from_status=old_status,
            to_status=new_status,
            note=note,
        )


class RegistrationStatusChange(models.Model):
    """The audit trail of registration decisions. Kept (anonymised) even when an account is deleted."""

    # SET_NULL: when a therapist deletes their account the decisions stay on record, anonymised.
    registration = models.ForeignKey(
        Registration, null=True, blank=True, on_delete=models.SET_NULL, related_name="history"
    )
    regulator = models.ForeignKey(Regulator, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    changed_at = models.DateTimeField(default=timezone.now)
    from_status = models.CharField(max_length=10, choices=Registration.Status.choices, blank=True)
    to_status = models.CharField(max_length=10, choices=Registration.Status.choices)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status} ({self.changed_at:%Y-%m-%d})"


class ContactMessage(models.Model):
    """A message sent through a therapist's contact form. Stored before any e-mail is attempted, so a
    mail failure loses nothing; editors can see and resend undelivered ones."""

    class Delivery(models.TextChoices):
        PENDING = "pending", "Not sent yet"
        SENT = "sent", "Sent"
        FAILED = "failed", "Sending failed"

    therapist = models.ForeignKey(TherapistPage, on_delete=models.CASCADE, related_name="contact_messages")
    sender_name = models.CharField(max_length=120)
    sender_email = models.EmailField()
    sender_phone = models.CharField(max_length=40, blank=True)
    message = models.TextField(max_length=5000)
    created_at = models.DateTimeField(default=timezone.now)
    delivery = models.CharField(max_length=10, choices=Delivery.choices, default=Delivery.PENDING)
    delivered_at = models.DateTimeField(null=True, blank=True)
    delivery_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"From {self.sender_name} to {self.therapist.title} ({self.get_delivery_display()})"


# --- Restrictions on practice and clinics' exception hours ---
# (Availability confirmation dates are fields of TherapistPage via `AvailabilityFields`, availability.py.)


class RestrictionQuerySet(models.QuerySet):
    def in_force(self, today: datetime.date | None = None):
        """Restrictions that apply today: started, and not yet ended (an end date is the last day)."""
        today = today or timezone.localdate()
        return self.filter(Q(starts_on__lte=today) & (Q(ends_on__isnull=True) | Q(ends_on__gte=today)))

    def kinds_by_therapist(self, therapist_ids: Iterable[int]) -> dict[int, tuple[str, ...]]:
        """Each therapist's kinds of restriction among these, alerts first (a card's badge: alerts are
        what a reader most needs to see), for a whole list in one query."""
        kinds: dict[int, set[str]] = defaultdict(set)
        rows = self.filter(registration__therapist_id__in=list(therapist_ids)).values_list(
            "registration__therapist_id", "kind"
        )
        for therapist_id, kind in rows:
            kinds[therapist_id].add(kind)
        return {pk: tuple(sorted(found, key=lambda kind: kind != self.model.Kind.ALERT)) for pk, found in kinds.items()}


class RegistrationRestriction(models.Model):
    """A term, condition or limitation on a registration, or an alert (e.g. under investigation),
    as the regulator's public register states it. Editors record it; it is shown on the profile and
    as a badge in search results while in force. Creating, changing and ending one is audited in
    the registration's history, like a status change."""

    class Kind(models.TextChoices):
        CONDITION = "condition", "Term, condition or limitation"
        ALERT = "alert", "Alert (e.g. under investigation)"

    registration = models.ForeignKey(Registration, on_delete=models.CASCADE, related_name="restrictions")
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.CONDITION)
    text = models.TextField(help_text="As published by the regulator, in plain words.")
    starts_on = models.DateField(default=timezone.localdate)
    ends_on = models.DateField(
        null=True, blank=True, help_text="The last day it applies. Leave empty while it is open-ended."
    )
    source_url = models.URLField(blank=True, help_text="The register entry that states it.")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = RestrictionQuerySet.as_manager()

    panels = [
        FieldPanel("registration"),
        FieldPanel("kind"),
        FieldPanel("text"),
        FieldRowPanel([FieldPanel("starts_on"), FieldPanel("ends_on")]),
        FieldPanel("source_url"),
    ]

    class Meta:
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__isnull=True) | Q(ends_on__gte=models.F("starts_on")),
                name="restriction_ends_after_it_starts",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.text[:60]}"

    def clean(self):
        super().clean()
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            raise ValidationError({"ends_on": "The end date cannot be before the start date."})

    def is_in_force(self, today: datetime.date | None = None) -> bool:
        today = today or timezone.localdate()
        return self.starts_on <= today and (self.ends_on is None or self.ends_on >= today)

    @property
    def in_force_label(self) -> str:
        return "Yes" if self.is_in_force() else "No"

    def describe(self) -> str:
        period = f"from {self.starts_on:%Y-%m-%d}" + (f" to {self.ends_on:%Y-%m-%d}" if self.ends_on else "")
        return f"{self.get_kind_display()} “{self.text}” {period}"

    def record(self, action: str, user=None) -> "RegistrationStatusChange":
        """Audit a change in the registration's history (the same trail as status changes)."""
        registration = self.registration
        return RegistrationStatusChange.objects.create(
            registration=registration,
            regulator=registration.regulator,
            changed_by=user,
            from_status=registration.status,
            to_status=registration.status,
            note=f"Restriction {action}: {self.describe()}",
        )


class ClinicHoursExceptionQuerySet(models.QuerySet):
    def upcoming(self, today: datetime.date | None = None, days: int = 30):
        """Exceptions from today for ``days`` days; past ones drop out on their own."""
        today = today or timezone.localdate()
        return self.filter(date__gte=today, date__lte=today + datetime.timedelta(days=days)).order_by("date", "pk")


class ClinicHoursException(models.Model):
    """A dated exception to a clinic's weekly hours: closed (a holiday) or special hours that day."""

    clinic = models.ForeignKey(Clinic, on_delete=models.CASCADE, related_name="hours_exceptions")
    date = models.DateField()
    closed = models.BooleanField(default=True, help_text="Closed all day. Untick to give special hours instead.")
    special_hours = models.CharField(max_length=100, blank=True, help_text="e.g. '10:00–14:00'.")
    note = models.CharField(max_length=200, blank=True, help_text="Shown to the public, e.g. 'Canada Day'.")

    objects = ClinicHoursExceptionQuerySet.as_manager()

    panels = [
        FieldPanel("clinic"),
        FieldPanel("date"),
        FieldPanel("closed"),
        FieldPanel("special_hours"),
        FieldPanel("note"),
    ]

    class Meta:
        ordering = ["date", "pk"]
        constraints = [models.UniqueConstraint(fields=["clinic", "date"], name="one_hours_exception_per_clinic_day")]

    def __str__(self) -> str:
        return f"{self.clinic}: {self.date:%Y-%m-%d} {self.hours_label}"

    @property
    def hours_label(self) -> str:
        return "Closed" if self.closed else (self.special_hours or "Special hours")

    def clean(self):
        super().clean()
        if not self.closed and not self.special_hours.strip():
            raise ValidationError({"special_hours": "Give the special hours, or tick 'closed'."})
