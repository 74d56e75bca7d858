"""Demo therapists: 200 profiles over real cities, a few of which must stay hidden.

A generator over the data files in ``demo/data/`` (cities, languages, regulators, names, clinics,
fees, hidden registrations). Everything is derived from seeds (names, bios, fees, portraits), so
every load produces the same directory, and a second load adds nothing. ``load(count=100_000)`` builds a benchmark-sized
directory: pages are bulk-inserted with their tree paths computed in one go, not one
``add_child`` at a time.

The regulators are fictional and say so: a demo must never show a made-up number next to a real
regulator's name.
"""

from __future__ import annotations

import datetime
import random
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal

import zipcodes
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import CharField, F, OuterRef, Subquery
from django.db.models.functions import Cast
from django.utils import timezone
from django.utils.text import slugify
from tqdm import tqdm
from wagtail.images import get_image_model
from wagtail.models import Page, Revision
from wagtail.search.backends import get_search_backend

from articles.models import Condition, Technique
from demo.data import read_csv, read_json
from demo.portraits import create_portrait_image
from demo.users import DEMO_THERAPIST_USERNAME
from directory.geocoding import get_geocoder
from directory.models import (
    Clinic,
    DirectoryIndexPage,
    Language,
    Registration,
    RegistrationStatusChange,
    Regulator,
    TherapistPage,
)

DEFAULT_COUNT = 200
# Below this many profiles the demo is all listed; from it on, HIDDEN's examples are part of the count.
HIDDEN_FROM = 20
MAX_COUNT = 100_000
PORTRAIT_COUNT = 30
BATCH_SIZE = 500
# Up to this many, the demo therapists also go into Wagtail's own search index at load time; above
# it (benchmarks) rebuild the indexes with the search app's command afterwards.
INDEX_AT_LOAD_LIMIT = 2_000


@dataclass(frozen=True)
class City:
    name: str
    country: str
    region: str
    state_code: str  # US cities: the state's postal code, to find a ZIP code
    currency: str
    languages: tuple[str, ...]  # local languages, most common first


def _read_cities() -> list[City]:
    return [
        City(
            row["name"],
            row["country"],
            row["region"],
            row["state_code"],
            row["currency"],
            tuple(row["languages"].split()),
        )
        for row in read_csv("cities.csv")
    ]


# The generator's vocabulary, from demo/data/: the order of every list matters, since seeded choices
# pick from it (the same data files always give the same directory).
CITIES = _read_cities()
LANGUAGES = {row["code"]: row["name"] for row in read_csv("languages.csv")}
# (country, region) → jurisdiction label of a fictional regulator; region "" covers the whole country.
REGULATORS = {(row["country"], row["region"]): row["jurisdiction"] for row in read_csv("regulators.csv")}
DESIGNATIONS: dict[str, list[str]] = read_json("practice.json")["designations"]
FEES: dict[str, list[int]] = read_json("practice.json")["fees"]
# First names with the gender most people would read from them; a third of therapists leave gender blank.
FIRST_NAMES: dict[str, list[str]] = read_json("names.json")["first_names"]
LAST_NAMES: list[str] = read_json("names.json")["last_names"]
CLINICS = read_json("clinics.json")
# Registrations that must never be public, whatever else the demo contains.
HIDDEN = [
    (row["status"], int(row["expires_in_days"]) if row["expires_in_days"] else None)
    for row in read_csv("hidden_registrations.csv")
]


def _write(stdout, message: str) -> None:
    if stdout is not None:
        stdout.write(message)


def _ensure_languages() -> dict[str, Language]:
    existing = {language.code: language for language in Language.objects.all()}
    missing = [Language(code=code, name=name) for code, name in LANGUAGES.items() if code not in existing]
    Language.objects.bulk_create(missing)
    return {language.code: language for language in Language.objects.all()}


def _ensure_regulators() -> dict[tuple[str, str], Regulator]:
    regulators = {}
    for key, label in REGULATORS.items():
        regulators[key] = Regulator.objects.get_or_create(
            name=f"{label} Massage Therapy Register (demo)",
            defaults={
                "jurisdiction": label,
                "register_url": f"https://register.example/{slugify(label)}",
            },
        )[0]
    return regulators


def _regulator_for(city: City, regulators) -> Regulator:
    return regulators.get((city.country, city.region)) or regulators[(city.country, "")]


def _ensure_taxonomy() -> tuple[list[Condition], list[Technique]]:
    # demo.articles loads the real taxonomy first; these are only a fallback for a bare database.
    if not Condition.objects.exists():
        for slug, name in [("sciatica", "Sciatica"), ("low-back-pain", "Low back pain")]:
            Condition.objects.get_or_create(slug=slug, defaults={"name": name})
    if not Technique.objects.exists():
        for slug, name in [("deep-tissue-massage", "Deep tissue massage"), ("swedish-massage", "Swedish massage")]:
            Technique.objects.get_or_create(slug=slug, defaults={"name": name})
    return list(Condition.objects.order_by("pk")), list(Technique.objects.order_by("pk"))


def _ensure_portraits(count: int = PORTRAIT_COUNT) -> list:
    Image = get_image_model()
    titles = [f"Demo portrait {n + 1}" for n in range(count)]
    existing = {image.title: image for image in Image.objects.filter(title__in=titles)}
    return [existing.get(title) or create_portrait_image(seed=n, title=title) for n, title in enumerate(titles)]


def _city_places() -> dict[str, object]:
    geocoder = get_geocoder()
    places = {}
    for city in CITIES:
        query = f"{city.name}, {city.region}" if city.region else city.name
        place = geocoder.geocode(query, country=city.country) or geocoder.geocode(city.name, country=city.country)
        if place is None:  # a gazetteer change must not break the demo; skip that city
            continue
        places[city.name] = place
    return places


def _us_zip(city: City) -> str:
    matches = [
        z for z in zipcodes.filter_by(city=city.name, state=city.state_code) if z.get("zip_code_type") == "STANDARD"
    ]
    return matches[0]["zip_code"] if matches else ""


@dataclass
class Spec:
    """Everything about one demo therapist, derived from its seed."""

    key: str
    slug: str
    title: str
    city: City
    status: str
    expires_in_days: int | None
    live: bool = True


def _name(rng: random.Random) -> str:
    group = rng.choices(list(FIRST_NAMES), weights=[10, 8, 1])[0]
    return f"{rng.choice(FIRST_NAMES[group])} {rng.choice(LAST_NAMES)}"


def _gender(title: str, rng: random.Random) -> str:
    first = title.split()[0]
    gender = next(group for group, names in FIRST_NAMES.items() if first in names)
    return gender if rng.random() < 0.67 else ""


def _listed_specs(count: int) -> Iterator[Spec]:
    for n in range(count):
        rng = random.Random(f"therapist:{n}")
        title = _name(rng)
        city = CITIES[n % len(CITIES)]
        # Most registrations run a year or two; a few expire within the month (the admin report shows them).
        expires = rng.choice([None, 20, 200, 400, 700]) if n % 25 else 10 + n % 20
        yield Spec(f"t{n}", f"{slugify(title)}-{n + 1}", title, city, "verified", expires)


def _hidden_specs() -> Iterator[Spec]:
    for n, (status, expires) in enumerate(HIDDEN):
        rng = random.Random(f"hidden:{n}")
        title = _name(rng)
        yield Spec(f"h{n}", f"{slugify(title)}-h{n + 1}", title, CITIES[(n * 5) % len(CITIES)], status, expires)
    rng = random.Random("hidden:draft")
    title = _name(rng)
    yield Spec("hd", f"{slugify(title)}-draft", title, CITIES[0], "verified", None, live=False)


def _bio(rng: random.Random, title: str, city: City, conditions, techniques, years: int) -> str:
    first = title.split()[0]
    technique_names = [t.name.lower() for t in techniques] or ["therapeutic massage"]
    condition_names = [c.name.lower() for c in conditions] or ["back pain"]
    openers = [
        f"{first} has practised massage therapy in {city.name} for {years} years.",
        f"After {years} years of practice in {city.name}, {first} still starts every first visit with a careful "
        "assessment.",
        f"{first} works with people whose pain has made everyday things — sitting, sleeping, walking — hard.",
    ]
    middles = [
        f"Sessions combine {', '.join(technique_names[:-1]) + ' and ' if len(technique_names) > 1 else ''}"
        f"{technique_names[-1]}, adjusted to what your body tolerates on the day.",
        f"Much of {first}'s work is with clients living with {' and '.join(condition_names[:2])}.",
        "Treatment plans are short and reviewed often; you will leave with a couple of simple things to do at home.",
    ]
    closers = [
        "If anything in your symptoms suggests you should see a doctor first, you will be told so plainly.",
        "Pressure is always your choice, and you can stop or change a session at any point.",
        "Receipts are provided for insurance claims.",
    ]
    paragraphs = [f"{rng.choice(openers)} {rng.choice(middles)}", rng.choice(closers)]
    return "".join(f"<p>{paragraph}</p>" for paragraph in paragraphs)


def planned_specs(count: int) -> list[Spec]:
    """The demo directory of ``count`` profiles in all: the hidden examples, once it is big enough to
    spare them, and listed therapists for the rest."""
    hidden = list(_hidden_specs()) if count >= HIDDEN_FROM else []
    return [*_listed_specs(count - len(hidden)), *hidden]


def load(count: int | None = None, stdout=None) -> dict[str, int]:
    """Create the demo directory (idempotent): ``count`` therapist profiles in all, default 200."""
    count = DEFAULT_COUNT if count is None else count
    if not 0 <= count <= MAX_COUNT:
        raise ValueError(f"count must be between 0 and {MAX_COUNT}, not {count}")
    directory = DirectoryIndexPage.objects.first()
    if directory is None:
        raise RuntimeError("No directory index page: run home.site_tree.ensure_site_tree() first.")

    with transaction.atomic():
        languages = _ensure_languages()
        regulators = _ensure_regulators()
        conditions, techniques = _ensure_taxonomy()
    portraits = _ensure_portraits()
    places = _city_places()
    zips = {city.name: _us_zip(city) for city in CITIES if city.country == "US"}

    existing_slugs = set(TherapistPage.objects.child_of(directory).values_list("slug", flat=True))
    specs = [s for s in planned_specs(count) if s.slug not in existing_slugs and s.city.name in places]
    if not specs:
        _write(stdout, f"Demo therapists already loaded: {len(existing_slugs)} in the directory.")
        return {"created": 0}

    owner = get_user_model().objects.filter(username=DEMO_THERAPIST_USERNAME).first()
    owner_has_profile = owner is not None and TherapistPage.objects.filter(owner=owner).exists()
    context = _BulkContext(directory, languages, regulators, conditions, techniques, portraits, places, zips)

    created = 0
    with tqdm(
        total=len(specs), desc="Demo therapists", unit="page", disable=True if stdout is None else None
    ) as progress:
        for start in range(0, len(specs), BATCH_SIZE):
            batch = specs[start : start + BATCH_SIZE]
            with transaction.atomic():
                pages = context.create(batch, owner=None if owner_has_profile else owner)
            if owner is not None and not owner_has_profile:
                owner_has_profile = True
            created += len(pages)
            progress.update(len(batch))
    if count <= INDEX_AT_LOAD_LIMIT:
        _index_listed(directory)
    listed = TherapistPage.objects.child_of(directory).listed().count()
    total = len(existing_slugs) + created
    _write(stdout, f"Demo therapists: {created} created; {total} in the directory, {listed} of them listed.")
    return {"created": created}


def _index_listed(directory) -> None:
    """Bulk inserts skip Wagtail's save signals; put the listed demo therapists in its search index."""
    listed = list(TherapistPage.objects.child_of(directory).listed())
    if listed:
        get_search_backend().add_bulk(TherapistPage, listed)


class _BulkContext:
    """Bulk-inserts therapist pages with their tree paths computed here (treebeard's materialised path)."""

    def __init__(self, directory, languages, regulators, conditions, techniques, portraits, places, zips):
        self.directory = directory
        self.languages = languages
        self.regulators = regulators
        self.conditions = conditions
        self.techniques = techniques
        self.portraits = portraits
        self.places = places
        self.zips = zips
        self.content_type = ContentType.objects.get_for_model(TherapistPage)
        self.today = timezone.localdate()
        self.now = timezone.now()

    def _next_positions(self, how_many: int) -> list[str]:
        parent = Page.objects.get(pk=self.directory.pk)  # fresh numchild and path
        last = parent.get_last_child()
        start = Page._str2int(last.path[-Page.steplen :]) if last else 0
        return [Page._get_path(parent.path, parent.depth + 1, start + offset) for offset in range(1, how_many + 1)]

    def create(self, specs: list[Spec], owner=None) -> list[TherapistPage]:
        paths = self._next_positions(len(specs))
        pages, therapist_rows, rngs = [], [], []
        for index, (spec, path) in enumerate(zip(specs, paths, strict=True)):
            rng = random.Random(f"profile:{spec.key}")
            rngs.append(rng)
            page_owner = owner if index == 0 and spec.status == "verified" and spec.live else None
            pages.append(
                Page(
                    title=spec.title,
                    draft_title=spec.title,
                    slug=spec.slug,
                    content_type=self.content_type,
                    path=path,
                    depth=self.directory.depth + 1,
                    numchild=0,
                    url_path=f"{self.directory.url_path}{spec.slug}/",
                    live=spec.live,
                    has_unpublished_changes=not spec.live,
                    first_published_at=self.now if spec.live else None,
                    last_published_at=self.now if spec.live else None,
                    locale_id=self.directory.locale_id,
                    translation_key=uuid.uuid4(),
                    owner=page_owner,
                    search_description=f"{spec.title}, massage therapist in {spec.city.name}.",
                )
            )
        Page.objects.bulk_create(pages)
        if any(page.pk is None for page in pages):  # databases that cannot return ids from bulk inserts
            by_path = dict(Page.objects.filter(path__in=paths).values_list("path", "pk"))
            for page in pages:
                page.pk = page.id = by_path[page.path]
        Page.objects.filter(pk=self.directory.pk).update(numchild=F("numchild") + len(pages))

        clinics, registrations, condition_links, technique_links, language_links = [], [], [], [], []
        for spec, page, rng in zip(specs, pages, rngs, strict=True):
            therapist, extra = self._therapist(spec, page, rng)
            therapist_rows.append(therapist)
            clinics.extend(self._clinics(spec, page, rng))
            registrations.append(self._registration(spec, page, rng))
            condition_links += [(page.pk, term.pk) for term in extra["conditions"]]
            technique_links += [(page.pk, term.pk) for term in extra["techniques"]]
            language_links += [(page.pk, language.pk) for language in extra["languages"]]

        # Multi-table inheritance: Django's bulk_create refuses child models, so the child table rows are
        # inserted directly, with the parent rows' ids as their primary keys.
        fields = list(TherapistPage._meta.local_concrete_fields)
        TherapistPage._base_manager._insert(therapist_rows, fields=fields, raw=True)
        Clinic.objects.bulk_create(clinics)
        Registration.objects.bulk_create(registrations)
        self._history(registrations)
        for field_name, links, column in (
            ("conditions", condition_links, "condition_id"),
            ("techniques", technique_links, "technique_id"),
            ("languages", language_links, "language_id"),
        ):
            through = TherapistPage._meta.get_field(field_name).remote_field.through
            through.objects.bulk_create([through(therapistpage_id=a, **{column: b}) for a, b in links])
        self._revisions([page.pk for page in pages])
        return therapist_rows

    def _revisions(self, page_ids: list[int]) -> None:
        """One revision per page, as saving it in the admin would make: the portal and the admin's
        history and compare views start from it, and a live page's revision is its live one."""
        base_type = ContentType.objects.get_for_model(Page)
        pages = TherapistPage.objects.filter(pk__in=page_ids).prefetch_related(
            "clinics", "conditions", "techniques", "languages", "wagtail_admin_comments"
        )
        Revision.objects.bulk_create(
            Revision(
                content_type=self.content_type,
                base_content_type=base_type,
                object_id=str(page.pk),
                created_at=self.now,
                object_str=page.title,
                content=page.serializable_data(),
            )
            for page in pages
        )
        revision = Revision.objects.filter(base_content_type=base_type, object_id=Cast(OuterRef("pk"), CharField()))
        first = Subquery(revision.order_by("pk").values("pk")[:1])
        Page.objects.filter(pk__in=page_ids).update(latest_revision=first, latest_revision_created_at=self.now)
        Page.objects.filter(pk__in=page_ids, live=True).update(live_revision=first)

    def _therapist(self, spec: Spec, page: Page, rng: random.Random) -> tuple[TherapistPage, dict]:
        city = spec.city
        conditions = rng.sample(self.conditions, k=min(len(self.conditions), rng.randint(2, 5)))
        if self.conditions and self.conditions[0] not in conditions and rng.random() < 0.8:
            conditions.insert(0, self.conditions[0])  # most demo therapists treat the first condition (sciatica)
        techniques = rng.sample(self.techniques, k=min(len(self.techniques), rng.randint(2, 4)))
        language_codes = [city.languages[0]]
        if "en" not in language_codes and rng.random() < 0.7:
            language_codes.append("en")
        if len(city.languages) > 1 and rng.random() < 0.45:
            language_codes.append(rng.choice(city.languages[1:]))
        languages = [self.languages[code] for code in dict.fromkeys(language_codes) if code in self.languages]
        years = rng.randint(1, 30)
        low, high = FEES[city.currency]
        fee_min = Decimal(rng.randrange(low, high - 20, 5))
        fee_max = fee_min + Decimal(rng.choice([0, 10, 20, 30, 40]))
        therapist = TherapistPage(
            page_ptr_id=page.pk,
            designation=rng.choice(DESIGNATIONS.get(city.country, ["MT"])),
            photo_id=rng.choice(self.portraits).pk if self.portraits and rng.random() < 0.92 else None,
            bio=_bio(rng, spec.title, city, conditions, techniques, years),
            gender=_gender(spec.title, rng),
            years_in_practice=years,
            fee_min=fee_min,
            fee_max=fee_max,
            currency=city.currency,
            direct_billing=rng.random() < 0.55,
            accepting_new_clients=rng.random() < 0.8,
            home_visits=rng.random() < 0.25,
            booking_url=f"https://booking.example/{spec.slug}" if rng.random() < 0.5 else "",
            website=f"https://{spec.slug}.example" if rng.random() < 0.3 else "",
            phone=f"+1 555 01{rng.randint(0, 99):02d}" if city.country in ("CA", "US") else "",
            contact_email=f"{spec.slug}@therapists.example",
        )
        return therapist, {"conditions": conditions, "techniques": techniques, "languages": languages}

    def _clinics(self, spec: Spec, page: Page, rng: random.Random) -> list[Clinic]:
        place = self.places[spec.city.name]
        clinics = []
        for order in range(1 if rng.random() < 0.8 else 2):
            street = rng.choice(CLINICS["streets"])
            number = rng.randint(2, 480)
            if spec.city.country == "PT":
                street_address = f"Rua do {street} {number}"
            else:
                kinds = CLINICS["street_kinds"].get(spec.city.country) or CLINICS["street_kinds"]["default"]
                street_address = f"{number} {street} {rng.choice(kinds)}"
            clinic = Clinic(
                therapist_id=page.pk,
                sort_order=order,
                name=f"{street} {rng.choice(CLINICS['name_endings'])}",
                street_address=street_address,
                city=spec.city.name,
                region=spec.city.region,
                postcode=self.zips.get(spec.city.name, ""),
                country=spec.city.country,
                # Spread clinics around the city centre (within ~6 km) so the map shows separate pins.
                latitude=round(place.latitude + rng.uniform(-0.05, 0.05), 5),
                longitude=round(place.longitude + rng.uniform(-0.07, 0.07), 5),
                location_source=Clinic.LocationSource.MANUAL,
                phone="",
                opening_hours=rng.choice(CLINICS["opening_hours"]),
                wheelchair_access=rng.random() < 0.6,
                parking=rng.choice(CLINICS["parking"]),
            )
            clinics.append(clinic)
        return clinics

    def _registration(self, spec: Spec, page: Page, rng: random.Random) -> Registration:
        expires_on = None
        if spec.expires_in_days is not None:
            expires_on = self.today + datetime.timedelta(days=spec.expires_in_days)
        verified = spec.status in ("verified", "lapsed", "suspended", "revoked")
        return Registration(
            therapist_id=page.pk,
            regulator=_regulator_for(spec.city, self.regulators),
            number=f"D{page.pk:06d}",
            status=spec.status,
            verified_on=self.today - datetime.timedelta(days=rng.randint(5, 400)) if verified else None,
            expires_on=expires_on,
        )

    def _history(self, registrations: list[Registration]) -> None:
        saved = {
            r.therapist_id: r
            for r in Registration.objects.filter(therapist_id__in=[r.therapist_id for r in registrations])
        }
        changes = []
        for registration in saved.values():
            changes.append(
                RegistrationStatusChange(
                    registration=registration,
                    regulator_id=registration.regulator_id,
                    from_status="",
                    to_status="pending",
                    note="Demo data: registration added.",
                )
            )
            if registration.status != "pending":
                changes.append(
                    RegistrationStatusChange(
                        registration=registration,
                        regulator_id=registration.regulator_id,
                        from_status="pending",
                        to_status="verified",
                        note="Demo data: checked against the (fictional) register.",
                    )
                )
            if registration.status not in ("pending", "verified"):
                changes.append(
                    RegistrationStatusChange(
                        registration=registration,
                        regulator_id=registration.regulator_id,
                        from_status="verified",
                        to_status=registration.status,
                        note=f"Demo data: {registration.get_status_display().lower()} to show a hidden profile.",
                    )
                )
        RegistrationStatusChange.objects.bulk_create(changes)
