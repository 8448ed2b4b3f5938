"""Who is signed in, and how their name appears in the audit trail and on records.

The audit trail's `actor` names the person: "person:3 Anna Lee" (id and name) once people sign
in, or "owner:Barbara Whitmore" for a sole trader who has added nobody (her name from the business
record). Rows written before sign-in existed say "app" or "cli"; they read "before sign-in was
used". Pure data: the window imports it.
"""

from __future__ import annotations

from dataclasses import dataclass

from microoffice.core.models.enums import PersonRole
from microoffice.core.people.rights import Right, Scope, scope_of

SIGNED = "signed"  # session.info: who the program signed in (a Signed, or None)
ACTOR = "actor"  # session.info: a system writer instead of a person ("setup", "demo")
BEFORE_SIGN_IN = "before sign-in was used"
PROGRAM_ACTORS = frozenset({"app", "cli", ""})  # how rows were signed before issue 15
# Writers that are not a person at a keyboard: filling a new office, the demo, an upgrade.
SYSTEM_ACTORS = {
    "setup": "microoffice (setting up the office)",
    "demo": "the demo",
    "upgrade": "microoffice (an upgrade)",
    "sign-in": "microoffice (counting a wrong PIN)",
}


@dataclass(frozen=True)
class Signed:
    """The person a program acts for. `person_id` is None for a sole trader with nobody added,
    who holds every right and signs with the name in the business record."""

    person_id: int | None
    name: str
    role: PersonRole
    staff_id: int | None = None

    @classmethod
    def sole(cls, business_name: str) -> Signed:
        return cls(None, business_name.strip(), PersonRole.OWNER)

    @property
    def is_sole(self) -> bool:
        return self.person_id is None

    @property
    def actor(self) -> str:
        if self.person_id is None:
            return f"owner:{self.name}"[:100]
        return f"person:{self.person_id} {self.name}"[:100]

    @property
    def shown_name(self) -> str:
        return self.name or "the owner"

    def scope(self, right: Right) -> Scope | None:
        return scope_of(self.role, right)

    def may(self, right: Right) -> bool:
        """Holds the right at all (perhaps only over their own)."""
        return self.scope(right) is not None

    def may_all(self, right: Right) -> bool:
        return self.scope(right) is Scope.ALL

    def own_staff(self, right: Right = Right.OWN_VISITS) -> int | None:
        """The staff id to narrow everyone's visits to: a carer's own (-1 with no staff
        record: nobody's); None for someone who may see everyone's."""
        if self.scope(right) is Scope.OWN:
            return self.staff_id if self.staff_id is not None else -1
        return None


def actor_name(actor: str) -> str:
    """The name an audit entry's actor stands for, as a person reads it."""
    if actor in PROGRAM_ACTORS:
        return BEFORE_SIGN_IN
    if actor.startswith("person:"):
        _, _, name = actor.partition(" ")
        return name or actor
    if actor.startswith("owner:"):
        return actor.removeprefix("owner:") or "the owner"
    return SYSTEM_ACTORS.get(actor, actor)


def actor_person_id(actor: str) -> int | None:
    """The person id an audit entry names, if it names one."""
    if not actor.startswith("person:"):
        return None
    head = actor.removeprefix("person:").split(" ", 1)[0]
    return int(head) if head.isdigit() else None


def author_name(author: str) -> str:
    """Who wrote a record, from its `author` column (a name; "app"/"cli" before sign-in)."""
    return BEFORE_SIGN_IN if author.strip() in PROGRAM_ACTORS else author


def written_by(author: str, on_behalf_of: str = "") -> str:
    """How a record's writer reads in its history."""
    if author.strip() in PROGRAM_ACTORS:
        return f"written {BEFORE_SIGN_IN}"
    if on_behalf_of:
        return f"written by {author} on behalf of {on_behalf_of}"
    return f"written by {author}"
