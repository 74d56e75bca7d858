"""import_register --restriction-column: the register's restrictions recorded, audited, never duplicated."""

from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from directory.models import Registration, RegistrationRestriction

pytestmark = pytest.mark.django_db

CSV = """Registration #,Status,Restrictions
R-1,Active,Must not perform internal techniques
R-2,Active,
R-3,Active,Alert: under investigation by the college
"""


@pytest.fixture
def known(make_therapist):
    pages = {number: make_therapist(f"Person {number}") for number in ("R-1", "R-2", "R-3")}
    for number, page in pages.items():
        Registration.objects.filter(therapist=page).update(number=number)
    return pages


def run(path, regulator, *extra):
    out = StringIO()
    call_command(
        "import_register",
        path,
        "--regulator",
        regulator.name,
        "--number-column",
        "Registration #",
        "--status-column",
        "Status",
        "--restriction-column",
        "Restrictions",
        *extra,
        stdout=out,
        stderr=StringIO(),
    )
    return out.getvalue()


def test_import_records_restrictions_once_with_audit(tmp_path, regulator, known, client):
    path = tmp_path / "register.csv"
    path.write_text(CSV, encoding="utf-8")
    output = run(str(path), regulator)
    assert "line 2: #R-1 (Person R-1): restriction added" in output
    assert "line 4: #R-3 (Person R-3): restriction added" in output
    rows = sorted(RegistrationRestriction.objects.values_list("registration__number", "kind", "text"))
    assert rows == [
        ("R-1", "condition", "Must not perform internal techniques"),
        ("R-3", "alert", "under investigation by the college"),
    ]
    note = Registration.objects.get(number="R-1").history.get().note
    assert note.startswith("Restriction added (imported from register.csv, line 2)")
    assert "Must not perform internal techniques" in client.get(known["R-1"].url).content.decode()

    # A daily re-run adds nothing.
    output = run(str(path), regulator)
    assert "restriction added" not in output
    assert RegistrationRestriction.objects.count() == 2


def test_dry_run_adds_nothing(tmp_path, regulator, known):
    path = tmp_path / "register.csv"
    path.write_text(CSV, encoding="utf-8")
    assert "restriction added" in run(str(path), regulator, "--dry-run")
    assert not RegistrationRestriction.objects.exists()


def test_missing_restriction_column_is_named(tmp_path, regulator, known):
    path = tmp_path / "register.csv"
    path.write_text("Registration #,Status\nR-1,Active\n", encoding="utf-8")
    with pytest.raises(CommandError, match="no column 'Restrictions'"):
        run(str(path), regulator)
