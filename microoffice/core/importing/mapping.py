"""Which column fills which field: guessed from the headings, then changed by the person.

A mapping is a list as long as the header row: the field name each column fills, or None to leave
the column out. The window shows it as one drop-down per column; the command line takes
`--map "Surname=last_name,DOB=date_of_birth,Notes=-"`.
"""

from __future__ import annotations

from microoffice.core.errors import UserError
from microoffice.core.importing.targets import FULL_NAME, Target, targets_for
from microoffice.core.readers.choices import loose

Mapping = list[str | None]
IGNORE_WORDS = frozenset({"", "-", "ignore", "skip", "none"})


def _lookup(kind: str) -> dict[str, str]:
    """Every loose spelling (field name, label, alias) -> field name."""
    found: dict[str, str] = {}
    for target in targets_for(kind):
        for spelling in (target.name, target.label, *target.aliases):
            found.setdefault(loose(spelling), target.name)
    return found


def guess_mapping(headers: list[str], kind: str) -> Mapping:
    """Map each heading to at most one field, and each field from at most one column."""
    lookup = _lookup(kind)
    mapping: Mapping = []
    used: set[str] = set()
    for heading in headers:
        name = lookup.get(loose(heading))
        if name is None or name in used:
            mapping.append(None)
            continue
        used.add(name)
        mapping.append(name)
    if FULL_NAME in used and {"first_name", "last_name"} <= used:
        mapping = [None if m == FULL_NAME else m for m in mapping]
    return mapping


def target_names(kind: str) -> list[str]:
    return [t.name for t in targets_for(kind)]


def target(kind: str, name: str) -> Target:
    return next(t for t in targets_for(kind) if t.name == name)


def apply_overrides(headers: list[str], mapping: Mapping, spec: str, kind: str) -> Mapping:
    """Change a mapping by 'Heading=field' pairs; the field may be named by its label too."""
    lookup = _lookup(kind)
    changed = list(mapping)
    by_heading = {loose(h): i for i, h in enumerate(headers)}
    for pair in filter(None, (p.strip() for p in spec.split(","))):
        heading, sep, wanted = pair.partition("=")
        if not sep:
            raise UserError(
                f"'{pair}' in --map should look like Heading=field, e.g. DOB=date_of_birth."
            )
        column = by_heading.get(loose(heading))
        if column is None:
            raise UserError(
                f"--map names a column '{heading.strip()}' that is not in the file. Its columns "
                f"are: {', '.join(headers)}."
            )
        if loose(wanted) in IGNORE_WORDS:
            changed[column] = None
            continue
        name = lookup.get(loose(wanted))
        if name is None:
            raise UserError(
                f"--map: '{wanted.strip()}' is not a field microoffice can fill. Choose one of: "
                f"{', '.join(target_names(kind))} (or - to leave the column out)."
            )
        changed = [None if m == name else m for m in changed]
        changed[column] = name
    return changed


def describe_mapping(headers: list[str], mapping: Mapping, kind: str) -> list[str]:
    """'Surname -> Last name' lines, for the command line's dry run and the log of an import."""
    lines = []
    for heading, name in zip(headers, mapping, strict=True):
        label = target(kind, name).label if name else "(left out)"
        lines.append(f"{heading} -> {label}")
    return lines
