"""The CQC's five key questions and 34 quality statements, and which records evidence which.

Loaded from microoffice/resources/reference/quality_statements.json (or the user's copy), so the wording and
the tagging can follow CQC's revisions without a new release. EvidenceLink rows add tags to single
records on top of the default tags for their type.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from microoffice.core.errors import ValidationError
from microoffice.core.models.records import EvidenceLink
from microoffice.core.people.guard import needs
from microoffice.core.people.rights import Right
from microoffice.core.records.rules import load_reference


@dataclass(frozen=True)
class KeyQuestion:
    id: str
    name: str
    letter: str


@dataclass(frozen=True)
class Statement:
    id: str
    key_question: str
    name: str
    summary: str


def key_questions() -> list[KeyQuestion]:
    data = load_reference("quality_statements.json")
    return [KeyQuestion(k["id"], k["name"], k["letter"]) for k in data["key_questions"]]


def statements() -> list[Statement]:
    data = load_reference("quality_statements.json")
    return [
        Statement(s["id"], s["key_question"], s["name"], s.get("summary", ""))
        for s in data["statements"]
    ]


def statement(statement_id: str) -> Statement:
    for s in statements():
        if s.id == statement_id:
            return s
    raise ValidationError({"statement": f"There is no quality statement {statement_id}"})


def key_question_of(statement_id: str) -> KeyQuestion:
    kq = statement(statement_id).key_question
    return next(k for k in key_questions() if k.id == kq)


def by_key_question() -> dict[str, list[Statement]]:
    grouped: dict[str, list[Statement]] = defaultdict(list)
    for s in statements():
        grouped[s.key_question].append(s)
    return dict(grouped)


def artefact_tags(artefact_type: str) -> list[str]:
    tags: dict[str, list[str]] = load_reference("quality_statements.json")["artefact_tags"]
    return list(tags.get(artefact_type, []))


@needs(Right.GOVERNANCE)
def tag_record(
    session: Session, artefact_type: str, artefact_id: int, statement_ids: list[str], note: str = ""
) -> EvidenceLink:
    """Tag one record (an audit, a compliment, a note) to extra quality statements."""
    known = {s.id for s in statements()}
    unknown = [s for s in statement_ids if s not in known]
    if unknown or not statement_ids:
        raise ValidationError(
            {"statement_ids": "Choose quality statements from S1-S8, E1-E6, C1-C5, R1-R7, W1-W8"}
        )
    link = EvidenceLink(
        artefact_type=artefact_type,
        artefact_id=artefact_id,
        statement_ids=sorted(set(statement_ids)),
        note=note.strip(),
    )
    session.add(link)
    session.flush()
    return link


@needs(Right.GOVERNANCE)
def extra_tags(session: Session) -> dict[tuple[str, int], list[str]]:
    out: dict[tuple[str, int], list[str]] = defaultdict(list)
    for link in session.scalars(select(EvidenceLink)):
        out[(link.artefact_type, link.artefact_id)] += link.statement_ids
    return dict(out)
