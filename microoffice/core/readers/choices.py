"""Yes or no, and the words people use for each coded choice (a nation, a role, a kind of
employment), read into the stored code.

A choice is read loosely: case, spaces and punctuation do not matter ('Care worker',
'care_worker', 'CARE-WORKER'), and the label a form shows for a choice reads back to its code,
so a list copied from the program reads in again.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from enum import StrEnum

from microoffice.core.models.enums import EmploymentType, Nation, StaffRole
from microoffice.core.vocabulary import EMPLOYMENT_LABELS, ROLE_LABELS

YES = frozenset({"1", "y", "yes", "true", "x", "ticked", "✓", "✔"})
NO = frozenset({"0", "n", "no", "false", ""})


def read_yes_no(text: str | bool) -> bool:
    """'yes', 'y', 'true', '1', 'x' or a tick mean yes; 'no', 'n', 'false', '0' or blank mean
    no. A tick box's own True or False is taken as it is."""
    if isinstance(text, bool):
        return text
    key = text.strip().lower()
    if key in YES:
        return True
    if key in NO:
        return False
    raise ValueError(f"'{text.strip()}' is not yes or no")


def loose(text: str) -> str:
    """'Post Code', 'post_code' and 'POSTCODE:' all compare as 'postcode'."""
    return re.sub(r"[^a-z0-9]", "", text.lower())


def words_for(enum: type[StrEnum], labels: Iterable[str] = (), **extra: str) -> dict[str, str]:
    """Every word that means a code: the code itself, its label, and the extra words."""
    words = {loose(member.value): member.value for member in enum}
    words |= {
        loose(label): code for label, code in zip(labels, (m.value for m in enum), strict=True)
    }
    return words | extra


NATION_WORDS = words_for(
    Nation,
    (n.label for n in Nation),
    uk="england",
    eng="england",
    ni="northern_ireland",
    nireland="northern_ireland",
    cymru="wales",
    alba="scotland",
)
ROLE_WORDS = words_for(
    StaffRole,
    (ROLE_LABELS[r] for r in StaffRole),
    carer="care_worker",
    careassistant="care_worker",
    supportworker="care_worker",
    homecareworker="care_worker",
    seniorcareworker="senior_carer",
    senior="senior_carer",
    manager="registered_manager",
    rm="registered_manager",
    director="owner",
    proprietor="owner",
    administrator="admin",
    office="admin",
)
EMPLOYMENT_WORDS = words_for(
    EmploymentType,
    (EMPLOYMENT_LABELS[e] for e in EmploymentType),
    permanent="employee",
    parttime="employee",
    fulltime="employee",
    zerohour="zero_hours",
    zerohours="zero_hours",
    zerohourscontract="zero_hours",
    selfemployed="self_employed",
    casual="bank",
    relief="bank",
)


def read_choice(text: str, words: dict[str, str], noun: str) -> str:
    """The stored code for a word a person typed ('Northern Ireland', 'Carer')."""
    key = loose(text)
    if key in words:
        return words[key]
    raise ValueError(f"'{text.strip()}' is not a {noun} microoffice knows")


def choice_reader(words: dict[str, str], noun: str) -> Callable[[str], str]:
    """read_choice for one kind of choice, as a one-argument reader."""

    def read(text: str) -> str:
        return read_choice(text, words, noun)

    read.__name__ = f"read_{noun.replace(' ', '_')}"
    return read


read_nation = choice_reader(NATION_WORDS, "nation")
read_role = choice_reader(ROLE_WORDS, "role")
read_employment = choice_reader(EMPLOYMENT_WORDS, "kind of employment")
