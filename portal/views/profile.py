"""Editing one's own profile: save draft (a revision), preview, submit for review, withdraw."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.shortcuts import redirect, render
from django.views import View
from wagtail.images import get_image_model
from wagtail.models import Revision

from directory.availability import confirm_accepting
from directory.models import TherapistPage
from portal.access import PortalAccessMixin
from portal.moderation import NothingToSubmit, profile_status, submit_for_review, withdraw_from_review
from portal.notifications import silence_admin_notifications
from portal.photo_storage import remove_unused_photos, store_portal_photo, too_many_uploads
from portal.profile_forms import ProfileForm
from portal.profile_sections import overview


class StaleRevision(Exception):
    """The profile got a newer revision after the form was opened (another tab, or an editor)."""

    def __init__(self, latest_revision_id):
        super().__init__(latest_revision_id)
        self.latest_revision_id = latest_revision_id


class InReview(Exception):
    """The profile went to an editor after the form was checked (submitted from another tab)."""


IN_REVIEW_PROBLEM = (
    "Your profile is with an editor right now, so it cannot be changed. Take it back "
    "from review on your dashboard, then save again: what you typed is still here."
)


class ProfileEditView(PortalAccessMixin, View):
    profile_required = True
    template_name = "portal/profile_form.html"

    def get(self, request):
        status = profile_status(self.profile)
        if not status.can_edit:
            messages.info(request, "Your profile is with an editor. Take it back from review to change it.")
            return redirect("portal:dashboard")
        draft = self.profile.get_latest_revision_as_object()
        form = ProfileForm(instance=draft, initial={"based_on": self.profile.latest_revision_id})
        return self.render(form, draft)

    def post(self, request):
        draft = self.profile.get_latest_revision_as_object()
        form = ProfileForm(request.POST, request.FILES, instance=draft)
        if not profile_status(self.profile).can_edit:
            return self.render(form, draft, status=409, problem=IN_REVIEW_PROBLEM)
        if request.FILES.get("photo_upload") and too_many_uploads(request.user):
            form.is_valid()  # keep what was typed, with its own errors
            form.add_error("photo_upload", "You have uploaded several photos in the last hour. Please try again later.")
            return self.render(form, draft, status=429)
        if not form.is_valid():
            self.keep_valid_photo(form)
            return self.render(form, draft, status=400)
        try:
            page = self.save(form)
        except InReview:
            self.keep_valid_photo(form)
            return self.render(form, draft, status=409, problem=IN_REVIEW_PROBLEM)
        except StaleRevision as stale:
            # Nothing saved. Show what they typed, now based on the newest version, so saving
            # again is a deliberate choice made after looking at the newer version.
            form.data = form.data.copy()
            form.data["based_on"] = str(stale.latest_revision_id)
            self.keep_valid_photo(form)
            latest = Revision.objects.select_related("user").filter(pk=stale.latest_revision_id).first()
            return self.render(form, draft, status=409, stale=True, latest_revision=latest)
        self.report_locations(page)
        if "submit" in request.POST:
            return SubmitView.submit(request, TherapistPage.objects.get(pk=page.pk))
        messages.success(request, "Your changes are saved as a draft. Submit them for review when you're ready.")
        return redirect("portal:profile_edit")

    @transaction.atomic
    def save(self, form) -> TherapistPage:
        # Lock the page row: two tabs saving at the same moment cannot both pass the check.
        current = TherapistPage.objects.select_for_update().only("latest_revision_id").get(pk=self.profile.pk)
        if current.latest_revision_id != form.cleaned_data["based_on"]:
            raise StaleRevision(current.latest_revision_id)
        # Checked again under the lock (submit_for_review takes it too): a review that started
        # since the check in post() would otherwise publish this revision unseen on approval.
        if not profile_status(self.profile).can_edit:
            raise InReview
        page = form.save_to_draft()
        photo = self.new_photo(form, page)
        if photo is not None:
            page.photo = photo
        elif form.cleaned_data.get("remove_photo"):
            page.photo = None
        for clinic in page.clinics.all():
            clinic.locate()
        if form.cleaned_data.get("accepting_new_clients"):
            # Saving the form with "Accepting new clients" ticked is the therapist saying so today: the
            # same confirmation as the dashboard's button (the live row's date, no moderation round).
            confirm_accepting(page)
        # A revision only: the live page and its row stay as they are until an editor approves.
        page.save_revision(user=self.request.user, log_action=True)
        # Photos this account uploaded that neither the live page nor this draft shows: replaced ones,
        # and those kept for forms that were re-shown.
        remove_unused_photos(user=self.request.user)
        return page

    def new_photo(self, form, page):
        upload = form.cleaned_data.get("photo_upload")
        if upload is not None:
            return self.store_photo(upload, page.title)
        kept = form.cleaned_data.get("kept_photo")
        if kept:
            return self.kept_photo_image(kept)
        return None

    def store_photo(self, content, title):
        return store_portal_photo(content, title=title, user=self.request.user)

    def kept_photo_image(self, image_id):
        # Only an image this account uploaded can be attached this way.
        return get_image_model().objects.filter(pk=image_id, uploaded_by_user=self.request.user).first()

    def keep_valid_photo(self, form):
        """A photo that passed its own checks is stored now, so a re-shown form still has it."""
        content = form.cleaned_data.get("photo_upload") if hasattr(form, "cleaned_data") else None
        if content is None:
            return
        image = self.store_photo(content, form.cleaned_data.get("title") or self.profile.title)
        # The photo kept by an earlier re-shown form is superseded: one kept photo per account.
        remove_unused_photos(user=self.request.user, keep=[image.pk])
        form.data = form.data.copy()
        form.data["kept_photo"] = str(image.pk)
        form.kept_photo_image = image

    def report_locations(self, page):
        for clinic in page.clinics.all():
            label = clinic.name or clinic.city
            if clinic.has_location:
                messages.info(
                    self.request, f"{label}: placed on the map ({clinic.latitude:.4f}, {clinic.longitude:.4f})."
                )
            else:
                messages.warning(
                    self.request,
                    f"{label}: we couldn't place this address on the map. Check the city and postcode; "
                    "an editor can also place it by hand.",
                )

    def render(self, form, draft, status=200, stale=False, problem="", latest_revision=None):
        kept_image = getattr(form, "kept_photo_image", None)
        if kept_image is None and form.is_bound and form.data.get("kept_photo"):
            try:
                kept_image = self.kept_photo_image(int(form.data["kept_photo"]))
            except (TypeError, ValueError):
                kept_image = None
        removing = form.is_bound and form["remove_photo"].value()
        has_photo = kept_image is not None or (draft.photo_id is not None and not removing)
        # Read with the profile (profile_for): shown, never edited here.
        registration = self.profile.load_registration()
        context = {
            "form": form,
            "clinic_formset": form.formsets["clinics"],
            "draft": draft,
            "profile": self.profile,
            "stale": stale,
            "problem": problem,
            "kept_image": kept_image,
            "latest_revision": latest_revision,
            "registration": registration,
            "sections": overview(form, form.formsets["clinics"], has_photo=has_photo, registration=registration),
        }
        return render(self.request, self.template_name, context, status=status)


class PreviewView(PortalAccessMixin, View):
    """The latest revision rendered by the public template, exactly as it will look when approved."""

    profile_required = True

    def get(self, request):
        revision = self.profile.latest_revision
        if revision is None:
            return redirect("portal:dashboard")
        page = revision.as_object()
        return page.make_preview_request(original_request=request, preview_mode=page.default_preview_mode)


class SubmitView(PortalAccessMixin, View):
    profile_required = True

    def post(self, request):
        return self.submit(request, self.profile)

    @staticmethod
    def submit(request, page):
        if not profile_status(page).can_submit:
            messages.info(request, "There are no changes to submit: your profile is as an editor last saw it.")
            return redirect("portal:dashboard")
        silence_admin_notifications(request.user)
        try:
            submit_for_review(page, request.user)
        except (NothingToSubmit, PermissionDenied) as reason:
            messages.warning(request, str(reason) or "There is nothing to submit.")
        else:
            messages.success(request, "Thank you: your profile is with an editor. We'll e-mail you when they decide.")
        return redirect("portal:dashboard")


class WithdrawView(PortalAccessMixin, View):
    profile_required = True

    def post(self, request):
        withdraw_from_review(self.profile, request.user)
        messages.info(request, "Your profile is back with you. Nothing was published.")
        return redirect("portal:dashboard")
