"""expire_registrations and import_register."""

import datetime
import io

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from directory.models import Registration, RegistrationStatusChange

pytestmark = pytest.mark.django_db


def today() -> datetime.date:
    # At run time, not import time: a run crossing midnight must agree with the code under test.
    return timezone.localdate()


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command(*args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


# --- expire_registrations -------------------------------------------------------------------


def test_expire_registrations_lapses_only_past_expiry_and_is_idempotent(client, make_therapist):
    expired = make_therapist("Expired Person", expires_on=today() - datetime.timedelta(days=1))
    last_day = make_therapist("Last Day", expires_on=today())
    open_ended = make_therapist("Open Ended")
    suspended = make_therapist("Suspended Person", status="suspended", expires_on=today() - datetime.timedelta(days=9))

    out, _ = run("expire_registrations")
    assert "1 expired registration(s) lapsed." in out
    statuses = dict(Registration.objects.values_list("therapist__title", "status"))
    assert statuses == {
        "Expired Person": "lapsed",
        "Last Day": "verified",
        "Open Ended": "verified",
        "Suspended Person": "suspended",
    }
    change = RegistrationStatusChange.objects.get()
    assert (change.registration.therapist_id, change.from_status, change.to_status) == (
        expired.pk,
        "verified",
        "lapsed",
    )
    assert "lapsed automatically" in change.note
    assert client.get(last_day.url).status_code == 200
    assert client.get(open_ended.url).status_code == 200
    assert suspended.pk

    out, _ = run("expire_registrations")
    assert "0 expired registration(s) lapsed." in out
    assert RegistrationStatusChange.objects.count() == 1


def test_expire_registrations_dry_run_changes_nothing(make_therapist):
    make_therapist("Expired Person", expires_on=today() - datetime.timedelta(days=3))
    out, _ = run("expire_registrations", "--dry-run")
    assert "Would lapse: Expired Person" in out
    assert Registration.objects.get().status == "verified"


# --- import_register ------------------------------------------------------------------------


@pytest.fixture
def registrations(make_therapist):
    """Three therapists we know: A-1 pending, A-2 verified, A-3 suspended by an editor."""
    pages = {
        "A-1": make_therapist("Ana One", status="pending"),
        "A-2": make_therapist("Ben Two"),
        "A-3": make_therapist("Cy Three", status="suspended"),
    }
    for number, page in pages.items():
        Registration.objects.filter(therapist=page).update(number=number)
    return pages


def write_csv(tmp_path, text):
    path = tmp_path / "register.csv"
    path.write_text(text, encoding="utf-8")
    return str(path)


def import_args(path, regulator, *extra):
    return (
        "import_register",
        path,
        "--regulator",
        regulator.name,
        "--number-column",
        "Registration #",
        "--status-column",
        "Status",
        "--expiry-column",
        "Expires",
        *extra,
    )


GOOD_CSV = """Name,Registration #,Status,Expires
Ana One,A-1,Active,2027-03-31
Ben Two,A-2,Expired,2026-01-31
Cy Three,A-3,Active,2027-03-31
Dee Four,A-9,Active,2027-03-31
"""


def test_import_applies_matched_rows_and_reports_unmatched_and_conflicting(tmp_path, regulator, registrations, client):
    out, _ = run(*import_args(write_csv(tmp_path, GOOD_CSV), regulator))
    assert "Matched 2 (2 updated, 0 unchanged), unmatched 1, conflicting 1." in out
    assert "line 5: #A-9 is not registered with us" in out
    assert "#A-3 (Cy Three): we hold it suspended, the register says verified" in out
    by_number = {r.number: r for r in Registration.objects.all()}
    assert (by_number["A-1"].status, by_number["A-1"].expires_on) == ("verified", datetime.date(2027, 3, 31))
    assert by_number["A-2"].status == "lapsed"
    assert by_number["A-3"].status == "suspended"  # an editor's decision is not undone
    note = by_number["A-1"].history.get().note
    assert note == "Imported from register.csv, line 2."
    assert client.get(registrations["A-1"].url).status_code == 200
    assert client.get(registrations["A-2"].url).status_code == 404

    # Running the same file again changes nothing more.
    out, _ = run(*import_args(write_csv(tmp_path, GOOD_CSV), regulator))
    assert "Matched 2 (0 updated, 2 unchanged)" in out
    assert RegistrationStatusChange.objects.count() == 2


def test_import_dry_run_reports_the_same_and_rolls_back(tmp_path, regulator, registrations):
    out, _ = run(*import_args(write_csv(tmp_path, GOOD_CSV), regulator, "--dry-run"))
    assert "Matched 2 (2 updated, 0 unchanged), unmatched 1, conflicting 1." in out
    assert "Dry run: nothing was changed." in out
    statuses = dict(Registration.objects.values_list("number", "status"))
    assert statuses == {"A-1": "pending", "A-2": "verified", "A-3": "suspended"}
    assert not RegistrationStatusChange.objects.exists()


def test_import_with_malformed_rows_applies_nothing_and_names_each_line(tmp_path, regulator, registrations):
    text = """Name,Registration #,Status,Expires
Ana One,A-1,Active,2027-03-31
Ben Two,A-2,Sort of active,2027-03-31
No Number,,Active,2027-03-31
Ben Two,A-2,Active,31/12/2027
Short,A-1
"""
    with pytest.raises(CommandError, match="4 malformed row"):
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command(*import_args(write_csv(tmp_path, text), regulator), stdout=out, stderr=err)
        finally:
            errors = err.getvalue()
    assert "register.csv line 3: unknown status 'Sort of active'." in errors
    assert "register.csv line 4: empty registration number." in errors
    assert "register.csv line 5: expiry '31/12/2027' is not a date in the format %Y-%m-%d." in errors
    assert "register.csv line 6: wrong number of columns." in errors
    assert Registration.objects.get(number="A-1").status == "pending"  # line 2 was fine, but not applied
    assert not RegistrationStatusChange.objects.exists()


def test_import_reports_a_number_listed_twice_with_different_data_as_conflicting(tmp_path, regulator, registrations):
    text = "Registration #,Status,Expires\nA-1,Active,2027-01-01\nA-1,Suspended,2027-01-01\n"
    out, _ = run(*import_args(write_csv(tmp_path, text), regulator))
    assert "lines 2, 3: #A-1 appears with different statuses or dates" in out
    assert Registration.objects.get(number="A-1").status == "pending"


def test_import_refuses_missing_columns_unknown_regulator_and_missing_file(tmp_path, regulator, registrations):
    path = write_csv(tmp_path, "Number,State\nA-1,Active\n")
    with pytest.raises(CommandError, match="line 1: no column 'Registration #'"):
        run(*import_args(path, regulator))
    with pytest.raises(CommandError, match="No regulator 'Nope'"):
        run("import_register", path, "--regulator", "Nope")
    with pytest.raises(CommandError, match="Cannot open"):
        run(*import_args(str(tmp_path / "missing.csv"), regulator))


def test_import_custom_date_format_and_user(tmp_path, regulator, registrations, editor):
    text = "Registration #,Status,Expires\nA-1,In good standing,31/12/2027\n"
    run(*import_args(write_csv(tmp_path, text), regulator, "--date-format", "%d/%m/%Y", "--user", editor.username))
    registration = Registration.objects.get(number="A-1")
    assert registration.expires_on == datetime.date(2027, 12, 31)
    assert registration.verified_by == editor
    assert registration.history.get().changed_by == editor
