"""The shapes of the API's answers. They document the schema and check every answer against it:
views build plain dicts (``api/representations.py``) and pass them through these serializers."""

from __future__ import annotations

from rest_framework import serializers

from directory.availability import Availability
from directory.models import RegistrationRestriction
from search.query import SORTS


class RenditionSerializer(serializers.Serializer):
    filter = serializers.CharField(help_text="The Wagtail image filter that made it: fill-480x480-c100|format-webp.")
    url = serializers.URLField()
    width = serializers.IntegerField()
    height = serializers.IntegerField()
    format = serializers.CharField(help_text="webp, jpeg…")


class ImageSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    alt = serializers.CharField(allow_blank=True, help_text="Alternative text; empty when the image is decorative.")
    renditions = RenditionSerializer(many=True)


# --- taxonomy ------------------------------------------------------------------------------------


class TermLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    slug = serializers.CharField()
    name = serializers.CharField()
    url = serializers.URLField(help_text="This term in the API.")


class TaxonomyTermSerializer(TermLinkSerializer):
    summary = serializers.CharField(allow_blank=True)
    synonyms = serializers.ListField(
        child=serializers.CharField(), help_text="Words people use for it; the directory search understands them."
    )
    symptoms = serializers.ListField(
        child=serializers.CharField(),
        help_text="How people describe what they feel (English and French); the directory search maps them here.",
    )
    therapists_url = serializers.URLField(help_text="The API's therapist search filtered by this term.")


class ArticleLinkSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    title = serializers.CharField()
    url = serializers.URLField(help_text="The article in the API.")
    page_url = serializers.URLField(help_text="The article on the site.")


class ConditionSerializer(TaxonomyTermSerializer):
    main_article = ArticleLinkSerializer(allow_null=True, help_text="The reviewed article about it, when published.")


class TechniqueSerializer(TaxonomyTermSerializer):
    pass


# --- therapists ----------------------------------------------------------------------------------

RESTRICTION_KINDS = RegistrationRestriction.Kind.values
AVAILABILITY_STATES = [Availability.ACCEPTING, Availability.STALE, Availability.NOT_ACCEPTING]


class AvailabilitySerializer(serializers.Serializer):
    state = serializers.ChoiceField(
        choices=AVAILABILITY_STATES,
        help_text="accepting: accepting new clients, confirmed recently; stale: says so, but not confirmed "
        "recently; not-accepting.",
    )
    accepting_new_clients = serializers.BooleanField(help_text="What the profile says, however old.")
    confirmed_on = serializers.DateField(allow_null=True, help_text="When the therapist last confirmed it.")


class RegulatorSerializer(serializers.Serializer):
    name = serializers.CharField()
    jurisdiction = serializers.CharField()
    register_url = serializers.URLField(allow_blank=True, help_text="The public register, to check a number.")


class RegistrationSerializer(serializers.Serializer):
    regulator = RegulatorSerializer()
    number = serializers.CharField()
    status = serializers.ChoiceField(choices=["verified"], help_text="Always verified: nobody else is listed.")
    verified_on = serializers.DateField(allow_null=True)
    expires_on = serializers.DateField(allow_null=True)


class RestrictionSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=RESTRICTION_KINDS)
    text = serializers.CharField()
    starts_on = serializers.DateField()
    ends_on = serializers.DateField(allow_null=True, help_text="The last day it applies; null while open-ended.")
    source_url = serializers.URLField(allow_blank=True)


class HoursExceptionSerializer(serializers.Serializer):
    date = serializers.DateField()
    closed = serializers.BooleanField()
    hours = serializers.CharField(help_text="'Closed', or the special hours that day.")
    note = serializers.CharField(allow_blank=True)


class AddressSerializer(serializers.Serializer):
    street_address = serializers.CharField(allow_blank=True)
    city = serializers.CharField()
    region = serializers.CharField(allow_blank=True)
    postcode = serializers.CharField(allow_blank=True)
    country = serializers.CharField(help_text="ISO 3166 two-letter code.")


class ClinicSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    name = serializers.CharField()
    address = AddressSerializer()
    latitude = serializers.FloatField(allow_null=True, help_text="Null when the address could not be mapped.")
    longitude = serializers.FloatField(allow_null=True)
    phone = serializers.CharField(allow_blank=True)
    opening_hours = serializers.ListField(child=serializers.CharField(), help_text="One line per day or range.")
    hours_exceptions = HoursExceptionSerializer(many=True, help_text="Changes to the hours in the next 30 days.")
    wheelchair_access = serializers.BooleanField()
    parking = serializers.CharField(allow_blank=True)


class FeesSerializer(serializers.Serializer):
    min = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    max = serializers.DecimalField(max_digits=8, decimal_places=2, allow_null=True)
    currency = serializers.CharField(help_text="ISO 4217 code.")
    per = serializers.CharField(help_text="What the amounts buy.")


class LanguageSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()


class TherapistLinkFieldsSerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Stable: the profile's id never changes.")
    slug = serializers.CharField()
    name = serializers.CharField()
    url = serializers.URLField(help_text="This therapist in the API.")
    profile_url = serializers.URLField(help_text="The public profile on the site.")
    designation = serializers.CharField(allow_blank=True)


class TherapistSerializer(TherapistLinkFieldsSerializer):
    bio = serializers.CharField(allow_blank=True, help_text="HTML, sanitised: p, b, i, ul, ol, li, a, br.")
    gender = serializers.CharField(allow_blank=True, help_text="In the therapist's own words.")
    years_in_practice = serializers.IntegerField(allow_null=True)
    registration = RegistrationSerializer()
    restrictions = RestrictionSerializer(many=True, help_text="Restrictions on practice in force today.")
    availability = AvailabilitySerializer()
    fees = FeesSerializer()
    direct_billing = serializers.BooleanField()
    home_visits = serializers.BooleanField()
    booking_url = serializers.URLField(allow_blank=True)
    website = serializers.URLField(allow_blank=True)
    phone = serializers.CharField(allow_blank=True)
    clinics = ClinicSerializer(many=True)
    conditions = TermLinkSerializer(many=True)
    techniques = TermLinkSerializer(many=True)
    languages = LanguageSerializer(many=True)
    photo = ImageSerializer(allow_null=True)
    last_published_at = serializers.DateTimeField(allow_null=True)


MATCH_REASON_KINDS = ["condition", "technique", "mention", "city"]


class MatchReasonSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=MATCH_REASON_KINDS)
    label = serializers.CharField()
    via = serializers.CharField(allow_blank=True, help_text="The words searched, when they differ from the label.")


class TherapistHitSerializer(TherapistLinkFieldsSerializer):
    city = serializers.CharField(allow_blank=True, help_text="The nearest clinic's city (or the first clinic's).")
    distance_km = serializers.FloatField(allow_null=True, help_text="To the nearest clinic, when a place was given.")
    matched = serializers.ListField(child=serializers.CharField(), help_text="Conditions/techniques matched.")
    availability = AvailabilitySerializer()
    restrictions = serializers.ListField(
        child=serializers.ChoiceField(choices=RESTRICTION_KINDS),
        help_text="Kinds of restriction on practice in force (alerts first).",
    )
    why = MatchReasonSerializer(many=True, help_text="Why this therapist is in the results.")


class FacetValueSerializer(serializers.Serializer):
    value = serializers.CharField()
    label = serializers.CharField()
    count = serializers.IntegerField()
    selected = serializers.BooleanField()


class FacetsSerializer(serializers.Serializer):
    conditions = FacetValueSerializer(many=True, required=False)
    techniques = FacetValueSerializer(many=True, required=False)
    languages = FacetValueSerializer(many=True, required=False)
    gender = FacetValueSerializer(many=True, required=False)
    accepting = FacetValueSerializer(many=True, required=False)
    direct_billing = FacetValueSerializer(many=True, required=False)
    home_visits = FacetValueSerializer(many=True, required=False)
    wheelchair = FacetValueSerializer(many=True, required=False)
    unrestricted = FacetValueSerializer(many=True, required=False)


class WiderSearchSerializer(serializers.Serializer):
    label = serializers.CharField()
    total = serializers.IntegerField(allow_null=True)
    url = serializers.URLField(help_text="The wider search in the API.")


class PageFieldsSerializer(serializers.Serializer):
    count = serializers.IntegerField(help_text="How many in all, on every page.")
    page = serializers.IntegerField()
    page_count = serializers.IntegerField()
    next = serializers.URLField(allow_null=True)
    previous = serializers.URLField(allow_null=True)


class TherapistSearchSerializer(PageFieldsSerializer):
    query = serializers.DictField(
        child=serializers.JSONField(), help_text="The search as understood, in the same parameters."
    )
    place = serializers.CharField(allow_blank=True, help_text="The place searched near, as the gazetteer knows it.")
    sort = serializers.ChoiceField(choices=list(SORTS))
    notices = serializers.ListField(child=serializers.CharField(), help_text="'Showing results for …' and the like.")
    results = TherapistHitSerializer(many=True)
    facets = FacetsSerializer()
    wider_searches = WiderSearchSerializer(many=True, help_text="Searches that find more, when this one found none.")


# --- articles ------------------------------------------------------------------------------------


class PersonSerializer(serializers.Serializer):
    name = serializers.CharField()
    credentials = serializers.CharField(allow_blank=True)
    role = serializers.CharField(allow_blank=True)


class ArticleSummarySerializer(serializers.Serializer):
    id = serializers.IntegerField(help_text="Stable: the article's id never changes.")
    slug = serializers.CharField()
    title = serializers.CharField()
    url = serializers.URLField(help_text="This article in the API.")
    page_url = serializers.URLField(help_text="The article on the site.")
    summary = serializers.CharField(allow_blank=True)
    author = PersonSerializer(allow_null=True)
    medical_reviewer = PersonSerializer(allow_null=True)
    last_reviewed = serializers.DateField(allow_null=True)
    next_review_due = serializers.DateField(allow_null=True)
    review_status = serializers.ChoiceField(choices=["current", "due", "overdue"])
    first_published_at = serializers.DateTimeField(allow_null=True)
    last_published_at = serializers.DateTimeField(allow_null=True)
    reading_minutes = serializers.IntegerField()
    conditions = TermLinkSerializer(many=True)
    techniques = TermLinkSerializer(many=True)


BLOCK_TYPES = ["heading", "paragraph", "image", "red_flags", "key_points", "faq", "references"]


class BlockSerializer(serializers.Serializer):
    type = serializers.ChoiceField(choices=BLOCK_TYPES)
    id = serializers.CharField(allow_null=True, help_text="The block's own stable id within the article.")
    value = serializers.JSONField(
        help_text="The block's fields: rich text as HTML with public links; an image as {id, alt, renditions}."
    )


class ArticleSerializer(ArticleSummarySerializer):
    hero_image = ImageSerializer(allow_null=True)
    body = BlockSerializer(many=True, help_text="The article body as structured blocks, in order.")


# --- lists and errors ----------------------------------------------------------------------------


class ArticleListSerializer(PageFieldsSerializer):
    results = ArticleSummarySerializer(many=True)


class ConditionListSerializer(PageFieldsSerializer):
    results = ConditionSerializer(many=True)


class TechniqueListSerializer(PageFieldsSerializer):
    results = TechniqueSerializer(many=True)


class ParameterErrorSerializer(serializers.Serializer):
    parameter = serializers.CharField()
    detail = serializers.CharField()


class ProblemSerializer(serializers.Serializer):
    type = serializers.CharField()
    title = serializers.CharField()
    status = serializers.IntegerField()
    detail = serializers.CharField(allow_blank=True)
    instance = serializers.CharField()
    errors = ParameterErrorSerializer(many=True, required=False, help_text="One message per bad parameter.")


class IndexSerializer(serializers.Serializer):
    therapists = serializers.URLField()
    articles = serializers.URLField()
    conditions = serializers.URLField()
    techniques = serializers.URLField()
    schema = serializers.URLField()
    docs = serializers.URLField()
