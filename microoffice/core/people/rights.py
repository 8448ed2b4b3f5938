"""What each role may do: the role-by-action table of docs/people.md, as data.

A right is a kind of action. Each role holds some rights, either over everything (ALL) or only
over what is theirs (OWN: a carer's own visits, and the clients those visits are for). The guard
(core/people/guard.py) checks the right a service declares; the window reads the same table to
leave out what a person may not do. Nothing here touches the database, so the window imports it.
"""

from __future__ import annotations

from enum import StrEnum

from microoffice.core.models.enums import PersonRole


class Right(StrEnum):
    ANYONE = "anyone"
    OWN_VISITS = "own_visits"
    CARE_NOTES = "care_notes"
    SEE_CARE = "see_care"
    SEE_CLIENTS = "see_clients"
    CLIENTS = "clients"
    CARE_PLANS = "care_plans"
    ROTA = "rota"
    STAFF = "staff"
    MONEY = "money"
    BUSINESS = "business"
    GOVERNANCE = "governance"
    OFFICE_FILE = "office_file"
    PASSWORD = "office_password"
    PEOPLE = "people"
    OWN_SECRET = "own_secret"


class Scope(StrEnum):
    ALL = "all"
    OWN = "own"  # a carer's own visits and the clients they visit


# What each right lets a person do, as the end of "Only ... can <action>."
ACTIONS: dict[Right, str] = {
    Right.ANYONE: "use the office (its settings, rules and the business's name)",
    Right.OWN_VISITS: "see visits and confirm them",
    Right.CARE_NOTES: "write daily notes and MAR entries",
    Right.SEE_CARE: "see care plans, risk assessments, notes and medicines",
    Right.SEE_CLIENTS: "see clients' details",
    Right.CLIENTS: "add or change clients and their contacts",
    Right.CARE_PLANS: "write care plans, risk assessments, medicines lists and consent records",
    Right.ROTA: "plan visits, change the rota or see everyone's rota",
    Right.STAFF: "see or change staff files",
    Right.MONEY: "see or change invoices, payments, rate cards and other money",
    Right.BUSINESS: "see or change the business details and bank details",
    Right.GOVERNANCE: (
        "see or change incidents, complaints, CQC evidence, retention and the growth figures"
    ),
    Right.OFFICE_FILE: "export, back up, restore or check the whole office",
    Right.PASSWORD: "set, change or remove the office password",
    Right.PEOPLE: "add, change or remove the people who use the office",
    Right.OWN_SECRET: "change their own PIN or password",
}

# What OWN means for each right a role holds only over its own.
OWN_LIMITS: dict[Right, str] = {
    Right.OWN_VISITS: "A carer sees and confirms only their own visits.",
    Right.CARE_NOTES: (
        "A carer writes notes and MAR entries only for the clients they visit, as the carer "
        "who gave the care."
    ),
    Right.SEE_CARE: "A carer sees the records of the clients they visit only.",
    Right.SEE_CLIENTS: "A carer sees the clients they visit only.",
}

_EVERYTHING = {right: Scope.ALL for right in Right}
ROLE_RIGHTS: dict[PersonRole, dict[Right, Scope]] = {
    PersonRole.OWNER: dict(_EVERYTHING),
    PersonRole.MANAGER: {
        r: s for r, s in _EVERYTHING.items() if r not in (Right.PASSWORD, Right.PEOPLE)
    },
    PersonRole.CARER: {
        Right.ANYONE: Scope.ALL,
        Right.OWN_SECRET: Scope.ALL,
        Right.OWN_VISITS: Scope.OWN,
        Right.CARE_NOTES: Scope.OWN,
        Right.SEE_CARE: Scope.OWN,
        Right.SEE_CLIENTS: Scope.OWN,
    },
    PersonRole.BOOKKEEPER: {
        Right.ANYONE: Scope.ALL,
        Right.OWN_SECRET: Scope.ALL,
        Right.MONEY: Scope.ALL,
        Right.SEE_CLIENTS: Scope.ALL,
    },
}

_ROLE_WORDS = {
    PersonRole.OWNER: "the owner",
    PersonRole.MANAGER: "a manager",
    PersonRole.CARER: "a carer",
    PersonRole.BOOKKEEPER: "the bookkeeper",
}


def scope_of(role: PersonRole, right: Right) -> Scope | None:
    """How far a role holds a right: ALL, OWN, or None (not at all)."""
    return ROLE_RIGHTS[role].get(right)


def holders(right: Right) -> list[PersonRole]:
    return [role for role in PersonRole if right in ROLE_RIGHTS[role]]


def refusal(right: Right) -> str:
    """The one sentence a person reads when their role does not hold `right` at all."""
    words = [_ROLE_WORDS[role] for role in holders(right)]
    who = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " or " + words[-1]
    return f"Only {who} can {ACTIONS[right]}."
