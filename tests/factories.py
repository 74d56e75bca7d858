"""Factories for the suite's content: therapist profiles (Wagtail pages), their registrations, regulators
and clinics. One way to build a therapist, so a new required field or a new step of publishing is
added here once rather than in every test module.

    TherapistPageFactory(title="Ann Archer")                        # live, verified, one Toronto clinic
    TherapistPageFactory(registration__status="pending")            # live, not listed
    TherapistPageFactory(registration=None, published=False, live=False)  # a bare draft
"""

import datetime

import factory
import wagtail_factories
from django.utils import timezone
from factory.django import DjangoModelFactory

from directory.models import Clinic, DirectoryIndexPage, Registration, Regulator, TherapistPage


class RegulatorFactory(DjangoModelFactory):
    class Meta:
        model = Regulator
        django_get_or_create = ("name",)

    name = "College of Massage Therapists of Ontario"
    jurisdiction = "Ontario, Canada"


class RegistrationFactory(DjangoModelFactory):
    """A registration, verified ten days ago unless another status is asked for."""

    class Meta:
        model = Registration

    regulator = factory.SubFactory(RegulatorFactory)
    number = factory.LazyAttribute(lambda registration: f"R{registration.therapist.pk:05d}")
    status = Registration.Status.VERIFIED
    verified_on = factory.LazyAttribute(
        lambda registration: (
            timezone.localdate() - datetime.timedelta(days=10)
            if registration.status == Registration.Status.VERIFIED
            else None
        )
    )
    expires_on = None


class ClinicFactory(DjangoModelFactory):
    class Meta:
        model = Clinic

    city = "Toronto"
    region = "Ontario"
    country = "CA"


def the_directory() -> DirectoryIndexPage:
    return DirectoryIndexPage.objects.get()


class TherapistPageFactory(wagtail_factories.PageFactory):
    """A therapist's profile under the directory; published through a revision (as an editor's
    approval publishes it) and with a verified registration, so listed, unless told otherwise.

    ``clinics``: field dicts, saved in order after the page; ``published=False``: no revision is
    published (the page keeps the ``live`` it was given); ``registration=None``: no registration;
    ``registration__<field>``: anything of the registration.
    """

    class Meta:
        model = TherapistPage

    parent = factory.LazyFunction(the_directory)
    title = factory.Sequence(lambda n: f"Therapist {n:03d}")
    contact_email = factory.Sequence(lambda n: f"therapist{n}@private.example")

    @factory.post_generation
    def clinics(page, create, extracted, **kwargs):
        for index, fields in enumerate(({"city": "Toronto"},) if extracted is None else extracted):
            ClinicFactory(therapist=page, sort_order=index, **fields)

    @factory.post_generation
    def published(page, create, extracted, **kwargs):
        if create and extracted is not False:
            page.save_revision(user=page.owner).publish()

    registration = factory.RelatedFactory(RegistrationFactory, factory_related_name="therapist")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        # Each step above saves what it makes; saving the page again would bypass its revisions.
        pass
