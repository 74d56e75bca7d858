"""Bulk-verify registrations from a regulator's public register export (CSV).

All or nothing: any malformed row stops the import before anything is written, with one line per
problem naming the CSV line. ``--dry-run`` runs the whole import and rolls it back, so its report is
exactly what a real run would do.
"""

import csv
import datetime
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from tqdm import tqdm

from directory.models import Registration, RegistrationRestriction, Regulator

Status = Registration.Status

# How registers word a status, folded to lower case, mapped to ours.
STATUS_WORDS = {
    "active": Status.VERIFIED,
    "current": Status.VERIFIED,
    "registered": Status.VERIFIED,
    "verified": Status.VERIFIED,
    "good standing": Status.VERIFIED,
    "in good standing": Status.VERIFIED,
    "practising": Status.VERIFIED,
    "lapsed": Status.LAPSED,
    "expired": Status.LAPSED,
    "inactive": Status.LAPSED,
    "resigned": Status.LAPSED,
    "not renewed": Status.LAPSED,
    "suspended": Status.SUSPENDED,
    "revoked": Status.REVOKED,
    "cancelled": Status.REVOKED,
    "canceled": Status.REVOKED,
    "struck off": Status.REVOKED,
    "pending": Status.PENDING,
}

# Decisions an editor took that an import must not silently undo.
EDITOR_HOLDS = {Status.SUSPENDED, Status.REVOKED}


@dataclass
class Row:
    line: int
    number: str
    status: str
    expires_on: datetime.date | None
    restriction: str = ""  # a term/condition/limitation or "Alert: …" the register states


@dataclass
class Report:
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    unmatched: list[str] = field(default_factory=list)
    conflicting: list[str] = field(default_factory=list)

    @property
    def matched(self) -> int:
        return len(self.updated) + len(self.unchanged)


class Command(BaseCommand):
    help = "Verify, lapse or suspend registrations from a regulator's register export (CSV)."

    def add_arguments(self, parser):
        parser.add_argument("csv_path", metavar="CSV", help="The register export, UTF-8 CSV with a header row.")
        parser.add_argument("--regulator", required=True, help="The regulator's name (or id) as in the admin.")
        parser.add_argument("--number-column", default="number", help="Column holding the registration number.")
        parser.add_argument("--status-column", default="status", help="Column holding the register status.")
        parser.add_argument("--expiry-column", default=None, help="Column holding the expiry date (optional).")
        parser.add_argument(
            "--date-format", default="%Y-%m-%d", help="strptime format of the expiry dates (default ISO, 2026-12-31)."
        )
        parser.add_argument(
            "--restriction-column",
            default=None,
            help=(
                "Column holding a restriction on practice (optional). Non-empty text is recorded as a term, "
                "condition or limitation from today, or as an alert when it starts with 'Alert:'; text already in "
                "force is left alone. Restrictions are never ended by an import (an editor does that)."
            ),
        )
        parser.add_argument("--user", default=None, help="Username recorded in the audit trail (default: system).")
        parser.add_argument("--dry-run", action="store_true", help="Report what would change, then roll back.")

    def handle(self, *args, **options):
        regulator = self._regulator(options["regulator"])
        user = self._user(options["user"])
        rows, errors = self._read(Path(options["csv_path"]), options)
        if errors:
            for error in errors:
                self.stderr.write(error)
            raise CommandError(f"{len(errors)} malformed row(s); nothing was imported. Fix the file and run again.")

        source = Path(options["csv_path"]).name
        with transaction.atomic():
            report = self._apply(rows, regulator, user, source)
            if options["dry_run"]:
                transaction.set_rollback(True)
        self._print(report, dry_run=options["dry_run"])

    def _regulator(self, value: str) -> Regulator:
        lookup = Regulator.objects.filter(pk=int(value)) if value.isdigit() else Regulator.objects.filter(name=value)
        regulator = lookup.first()
        if regulator is None:
            names = ", ".join(Regulator.objects.values_list("name", flat=True)) or "none yet"
            raise CommandError(f"No regulator {value!r}. Known regulators: {names}.")
        return regulator

    def _user(self, username: str | None):
        if not username:
            return None
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist:
            raise CommandError(f"No user {username!r}.") from None

    def _read(self, path: Path, options) -> tuple[list[Row], list[str]]:
        number_column, status_column = options["number_column"], options["status_column"]
        expiry_column, date_format = options["expiry_column"], options["date_format"]
        restriction_column = options.get("restriction_column")
        try:
            handle = path.open(newline="", encoding="utf-8-sig")  # -sig: spreadsheet exports start with a BOM
        except OSError as error:
            raise CommandError(f"Cannot open {path}: {error.strerror}.") from None
        rows: list[Row] = []
        errors: list[str] = []
        with handle:
            reader = csv.DictReader(handle)
            header = reader.fieldnames or []
            missing = [
                c for c in (number_column, status_column, expiry_column, restriction_column) if c and c not in header
            ]
            if missing:
                raise CommandError(f"{path.name} line 1: no column {', '.join(map(repr, missing))} (found: {header}).")
            try:
                for record in tqdm(reader, desc="Reading", unit="row", disable=None):
                    line = reader.line_num
                    if None in record or any(value is None for value in record.values()):
                        errors.append(f"{path.name} line {line}: wrong number of columns.")
                        continue
                    number = record[number_column].strip()
                    word = " ".join(record[status_column].split()).lower()
                    if not number:
                        errors.append(f"{path.name} line {line}: empty registration number.")
                        continue
                    if word not in STATUS_WORDS:
                        errors.append(f"{path.name} line {line}: unknown status {record[status_column]!r}.")
                        continue
                    expires_on = None
                    if expiry_column and record[expiry_column].strip():
                        try:
                            expires_on = datetime.datetime.strptime(record[expiry_column].strip(), date_format).date()
                        except ValueError:
                            errors.append(
                                f"{path.name} line {line}: expiry {record[expiry_column]!r} is not a date "
                                f"in the format {date_format}."
                            )
                            continue
                    restriction = " ".join(record[restriction_column].split()) if restriction_column else ""
                    if len(restriction) > 2000:
                        errors.append(f"{path.name} line {line}: restriction text longer than 2000 characters.")
                        continue
                    rows.append(Row(line, number, STATUS_WORDS[word], expires_on, restriction))
            except (csv.Error, UnicodeDecodeError) as error:
                errors.append(f"{path.name} line {reader.line_num}: unreadable CSV ({error}).")
        return rows, errors

    def _apply(self, rows: list[Row], regulator: Regulator, user, source: str) -> Report:
        report = Report()
        by_number: dict[str, list[Row]] = {}
        for row in rows:
            by_number.setdefault(row.number, []).append(row)
        registrations = {
            r.number: r
            for r in Registration.objects.filter(regulator=regulator, number__in=by_number).select_related("therapist")
        }
        for number, same_number in tqdm(by_number.items(), desc="Applying", unit="reg", disable=None):
            row = same_number[0]
            label = f"line {row.line}: #{number}"
            if len({(r.status, r.expires_on, r.restriction) for r in same_number}) > 1:
                lines = ", ".join(str(r.line) for r in same_number)
                report.conflicting.append(f"lines {lines}: #{number} appears with different statuses or dates")
                continue
            registration = registrations.get(number)
            if registration is None:
                report.unmatched.append(f"{label} is not registered with us")
                continue
            label = f"{label} ({registration.therapist.title})"
            if registration.status in EDITOR_HOLDS and row.status != registration.status:
                report.conflicting.append(
                    f"{label}: we hold it {registration.status}, the register says {row.status}; left for an editor"
                )
                continue
            changes = []
            if row.expires_on is not None and row.expires_on != registration.expires_on:
                registration.expires_on = row.expires_on
                registration.save(update_fields=["expires_on", "updated_at"])
                changes.append(f"expiry {row.expires_on:%Y-%m-%d}")
            if row.status != registration.status:
                changes.append(f"{registration.status} → {row.status}")
                registration.change_status(row.status, user, f"Imported from {source}, line {row.line}.")
            if row.restriction and add_imported_restriction(registration, row.restriction, user, source, row.line):
                changes.append("restriction added")
            (report.updated if changes else report.unchanged).append(
                f"{label}: {', '.join(changes)}" if changes else label
            )
        return report

    def _print(self, report: Report, dry_run: bool) -> None:
        for heading, items in (
            ("Updated", report.updated),
            ("Unmatched", report.unmatched),
            ("Conflicting", report.conflicting),
        ):
            if items:
                self.stdout.write(f"{heading}:")
                for item in items:
                    self.stdout.write(f"  {item}")
        self.stdout.write(
            f"Matched {report.matched} ({len(report.updated)} updated, {len(report.unchanged)} unchanged), "
            f"unmatched {len(report.unmatched)}, conflicting {len(report.conflicting)}."
        )
        if dry_run:
            self.stdout.write(self.style.WARNING("Dry run: nothing was changed."))
        else:
            self.stdout.write(self.style.SUCCESS("Import complete."))


# --- restrictions on practice the register states ---
def add_imported_restriction(registration, text: str, user, source: str, line: int) -> bool:
    """Record the register's restriction unless the same text is already in force; audited. True if added."""
    kind = RegistrationRestriction.Kind.CONDITION
    if text.lower().startswith("alert:"):
        kind, text = RegistrationRestriction.Kind.ALERT, text[len("alert:") :].strip()
    if not text or registration.restrictions.in_force().filter(kind=kind, text=text).exists():
        return False
    restriction = registration.restrictions.create(kind=kind, text=text)
    restriction.record(f"added (imported from {source}, line {line})", user)
    return True
