"""The contract suite's one fixture set: a small directory whose right answers are known.

Clinics sit at the gazetteer's own coordinates for their cities, so "near Toronto" puts Toronto
clinics at distance 0 — and several therapists at exactly the same distance, which is what
pins the tie-break (id). Some therapists are deliberately not listed: no back end may show them.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils import timezone

CONDITIONS = {
    "sciatica": ("Sciatica", "sciatic nerve pain\npain down the leg\nsciatic pain"),
    "low-back-pain": ("Low back pain", "lumbago\nlower back pain"),
    "piriformis-syndrome": ("Piriformis syndrome", "piriformis\ndeep buttock pain"),
    "neck-pain": ("Neck pain", "stiff neck"),
}
TECHNIQUES = {
    "deep-tissue": ("Deep tissue", "deep tissue massage"),
    "myofascial-release": ("Myofascial release", "myofascial\nfascia release"),
    "neuromuscular-therapy": ("Neuromuscular therapy", "trigger point therapy\nNMT"),
    "swedish": ("Swedish massage", "relaxation massage"),
}
LANGUAGES = {"en": "English", "pt": "Portuguese", "fr": "French", "es": "Spanish"}


@dataclass
class Person:
    title: str
    conditions: list[str] = field(default_factory=list)
    techniques: list[str] = field(default_factory=list)
    languages: list[str] = field(default_factory=lambda: ["en"])
    gender: str = ""
    accepting: bool = True
    direct_billing: bool = False
    home_visits: bool = False
    fee_min: str | None = "90"
    clinics: list[tuple[str, bool]] = field(default_factory=list)  # (city, wheelchair)
    bio: str = ""
    status: str = "verified"
    expired: bool = False
    live: bool = True
    designation: str = "RMT"
    # Availability and restrictions: days since "accepting" was confirmed (None: never); restrictions on practice
    # as (kind, days since it started, days until it ends or None).
    confirmed_days_ago: int | None = 0
    restrictions: list[tuple[str, int, int | None]] = field(default_factory=list)


PEOPLE = [
    Person(
        "Ana Silva",
        ["sciatica", "piriformis-syndrome"],
        ["deep-tissue"],
        ["en", "pt"],
        "Female",
        direct_billing=True,
        clinics=[("Toronto", True)],
        bio="<p>Calm, thorough treatment.</p>",
    ),
    Person(
        "Bruno Costa",
        ["sciatica"],
        ["myofascial-release"],
        ["pt"],
        "Male",
        accepting=False,
        fee_min="110",
        clinics=[("Mississauga", False)],
        bio="<p>Former athlete.</p>",
    ),
    Person(
        "Chloé Tremblay",
        ["low-back-pain"],
        ["swedish"],
        ["fr", "en"],
        "Female",
        fee_min="80",
        clinics=[("Montreal", True), ("Ottawa", False)],
        bio="<p>Bilingual practice.</p>",
    ),
    Person(
        "David Chen",
        ["neck-pain"],
        ["neuromuscular-therapy"],
        ["en"],
        "Male",
        home_visits=True,
        fee_min="100",
        clinics=[("Toronto", False)],
        bio="<p>Office workers and posture.</p>",
        restrictions=[("condition", 400, -10), ("alert", -5, None)],  # ended; not started yet
    ),
    Person(
        "Emma Wilson",
        ["sciatica", "low-back-pain"],
        ["deep-tissue", "neuromuscular-therapy"],
        ["en"],
        "Female",
        direct_billing=True,
        fee_min="120",
        clinics=[("Hamilton", True)],
        bio="<p>Twenty years in sports clinics.</p>",
    ),
    Person(
        "Farah Khan",
        [],
        ["swedish"],
        ["en"],
        "Female",
        fee_min="70",
        clinics=[("Toronto", False)],
        bio="<p>Many of my clients come with sciatica after pregnancy.</p>",
    ),
    Person(
        "Gabriel Santos",
        ["piriformis-syndrome"],
        ["myofascial-release"],
        ["pt", "es"],
        "male",
        direct_billing=True,
        fee_min="95",
        clinics=[("Toronto", False), ("Hamilton", False)],
        bio="<p>Runners and cyclists.</p>",
    ),
    Person(
        "Hannah Müller",
        ["low-back-pain"],
        ["deep-tissue"],
        ["en"],
        "Female",
        accepting=False,
        fee_min="85",
        clinics=[("Ottawa", False)],
        bio="<p>Gentle and patient.</p>",
    ),
    Person(
        "Isaac Brown",
        ["sciatica"],
        ["swedish"],
        ["en"],
        "Male",
        home_visits=True,
        fee_min="60",
        clinics=[("Vancouver", False)],
        bio="<p>Home visits across the city.</p>",
        confirmed_days_ago=45,  # says "accepting", but stale: the accepting filter leaves him out
    ),
    Person(
        "Julia Rossi",
        ["neck-pain", "sciatica"],
        ["myofascial-release"],
        ["en", "es"],
        "Female",
        direct_billing=True,
        fee_min="105",
        clinics=[("Mississauga", True)],
        bio="<p>Desk workers welcome.</p>",
    ),
    Person(
        "Kenji Sato",
        ["low-back-pain"],
        ["neuromuscular-therapy"],
        ["en"],
        "Male",
        fee_min="90",
        clinics=[("Vancouver", False)],
        bio="<p>Trigger points and stretching.</p>",
        restrictions=[("condition", 30, None)],  # in force
    ),
    Person(
        "Lucia Fernandes",
        ["sciatica"],
        ["deep-tissue"],
        ["pt"],
        "Non-binary",
        home_visits=True,
        fee_min="75",
        clinics=[("Toronto", False)],
        bio="<p>Portuguese-speaking clients welcome.</p>",
    ),
    Person(
        "Mateo Alvarez",
        ["neck-pain"],
        ["swedish"],
        ["es"],
        "Male",
        fee_min=None,
        clinics=[("Montreal", False)],
        bio="<p>Relaxing, unhurried sessions.</p>",
    ),
    # Never listed: each breaks one part of the listing rule.
    Person("Nora Pending", ["sciatica"], ["deep-tissue"], clinics=[("Toronto", True)], status="pending"),
    Person("Oscar Expired", ["sciatica"], ["deep-tissue"], clinics=[("Toronto", True)], expired=True),
    Person("Paula Draft", ["sciatica"], ["deep-tissue"], clinics=[("Toronto", True)], live=False),
    Person("Quinn Lapsed", ["sciatica"], ["deep-tissue"], clinics=[("Toronto", True)], status="lapsed"),
]
LISTED = [p.title for p in PEOPLE if p.status == "verified" and not p.expired and p.live]


@dataclass
class Directory:
    pages: dict[str, object]

    def id(self, title: str) -> int:
        return self.pages[title].pk

    def ids(self, *titles: str) -> set[int]:
        return {self.pages[t].pk for t in titles}

    def titles(self, ids) -> list[str]:
        by_id = {page.pk: title for title, page in self.pages.items()}
        return [by_id[i] for i in ids]


def build_directory(site_tree) -> Directory:
    from articles.models import Condition, Technique
    from directory.geocoding import get_geocoder
    from directory.models import Language, Regulator, TherapistPage
    from search.text import invalidate_vocabulary
    from tests.factories import TherapistPageFactory

    conditions = {
        slug: Condition.objects.create(slug=slug, name=name, synonyms=syn) for slug, (name, syn) in CONDITIONS.items()
    }
    techniques = {
        slug: Technique.objects.create(slug=slug, name=name, synonyms=syn) for slug, (name, syn) in TECHNIQUES.items()
    }
    languages = {code: Language.objects.create(code=code, name=name) for code, name in LANGUAGES.items()}
    regulator = Regulator.objects.create(name="College of Massage Therapists", jurisdiction="Canada")
    geocoder = get_geocoder()
    today = timezone.localdate()
    pages = {}
    for number, person in enumerate(PEOPLE, start=1):
        clinics = []
        for city, wheelchair in person.clinics:
            place = geocoder.geocode(f"{city}, CA")
            clinics.append(
                {
                    "city": city,
                    "region": "",
                    "latitude": place.latitude,
                    "longitude": place.longitude,
                    "location_source": "gazetteer",
                    "wheelchair_access": wheelchair,
                }
            )
        page = TherapistPageFactory(
            parent=site_tree.directory,
            title=person.title,
            designation=person.designation,
            bio=person.bio,
            gender=person.gender,
            contact_email="",
            accepting_new_clients=person.accepting,
            accepting_confirmed_on=(
                today - datetime.timedelta(days=person.confirmed_days_ago)
                if person.confirmed_days_ago is not None
                else None
            ),
            direct_billing=person.direct_billing,
            home_visits=person.home_visits,
            fee_min=Decimal(person.fee_min) if person.fee_min else None,
            fee_max=Decimal(person.fee_min) + 30 if person.fee_min else None,
            conditions=[conditions[s] for s in person.conditions],
            techniques=[techniques[s] for s in person.techniques],
            languages=[languages[c] for c in person.languages],
            clinics=clinics,
            live=person.live,
            published=person.live,
            registration__regulator=regulator,
            registration__number=f"R{number:04d}",
            registration__status=person.status,
            registration__verified_on=None,
            registration__expires_on=(
                today - datetime.timedelta(days=1) if person.expired else today + datetime.timedelta(days=365)
            ),
        )
        for kind, started, ends in person.restrictions:
            page.registration.restrictions.create(
                kind=kind,
                text=f"{kind} for {person.title}",
                starts_on=today - datetime.timedelta(days=started),
                ends_on=today + datetime.timedelta(days=ends) if ends is not None else None,
            )
        pages[person.title] = TherapistPage.objects.get(pk=page.pk)
    invalidate_vocabulary()
    return Directory(pages)
