"""What the Compliance page's tables list, as frozen rows: the training matrix, the staff files,
the register of policies and renewals, and the answer to the registration-scope questions."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy.orm import Session

from microoffice.core import clock
from microoffice.core.compliance import policies, renewals, scope, staff_files, training
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.vocabulary import format_date, role_label


@dataclass(frozen=True)
class MatrixLine:
    id: int
    name: str
    role: str
    care_certificate: str
    cells: tuple[training.Cell, ...]


@needs(Right.STAFF)
def matrix_view(session: Session) -> tuple[list[str], list[MatrixLine]]:
    matrix = training.training_matrix(session)
    courses = [
        c
        for c in matrix.courses
        if not c.name.startswith(training.CARE_CERTIFICATE_PREFIX) and c.mandatory
    ]
    lines = []
    for row in matrix.rows:
        done, total = matrix.care_certificate(row)
        lines.append(
            MatrixLine(
                row.staff_id,
                row.name,
                role_label(row.role),
                f"{done}/{total}",
                tuple(row.cells[c.id] for c in courses),
            )
        )
    return [c.name for c in courses], lines


@dataclass(frozen=True)
class FileLine:
    id: int
    name: str
    items: tuple[staff_files.FileItem, ...]


@needs(Right.STAFF)
def file_lines(session: Session) -> list[FileLine]:
    people = training.active_staff(session, clock.today())
    files = staff_files.all_staff_files(session, [p.id for p in people])
    return [FileLine(p.id, p.display_name, tuple(files[p.id])) for p in people]


@dataclass(frozen=True)
class RegisterLine:
    id: int
    kind: str
    title: str
    owner: str
    version: str
    due: date | None


@needs(Right.GOVERNANCE)
def register_lines(session: Session) -> list[RegisterLine]:
    lines = [
        RegisterLine(p.id, "Policy", p.title, p.owner, p.version_label, p.review_due)
        for p in policies.list_policies(session)
    ]
    lines += [
        RegisterLine(
            r.id + 1_000_000,
            "Renewal",
            renewals.RENEWAL_KINDS.get(r.kind, r.name),
            r.provider,
            r.reference,
            r.expires_on,
        )
        for r in renewals.list_renewals(session)
    ]
    return lines


@needs(Right.GOVERNANCE)
def scope_text(session: Session) -> str:
    latest = scope.latest_scope(session)
    if latest is None:
        return "The registration-scope questions have not been answered yet."
    words = {
        "required": "Registration needed",
        "not_required": "Registration not needed",
        "verify": "Check with the CQC",
    }
    when = clock.to_local(latest.created_at)
    return f"{words.get(latest.result, latest.result)} (answered {format_date(when)} by {latest.answered_by}): {latest.reason}"
