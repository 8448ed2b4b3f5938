"""Making a day-activity group and giving it sessions.

Thin, like the visit dialogs: a few fields, one core call through `ops.run`, and core's messages
shown at the field they name (`name`, `capacity`, `end_time`, `weeks`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtWidgets import QWidget

from microoffice.core import clock
from microoffice.core.readers.times import parse_time
from microoffice.core.scheduling import groups
from microoffice.core.services.forms import Checker
from microoffice.ui.app.runner import Ops
from microoffice.ui.widgets.form_dialog import FormDialog

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


class _FormDialog(FormDialog):
    min_width = 440


class NewGroupDialog(_FormDialog):
    def __init__(self, ops: Ops, parent: QWidget | None = None):
        super().__init__(
            ops,
            "New day-activity group",
            "A group that meets regularly, such as a lunch club. Add its sessions next.",
            "Create group",
            parent,
        )
        self.setObjectName("newGroupDialog")
        f = self.form
        f.text("name", "Group name", "e.g. Thursday lunch club", 120)
        f.text("location", "Place", "e.g. Village hall, Church Street", 200)
        f.spin("capacity", "Places per session", 1, 100, " people")
        f.set_values({"capacity": 8})

    def write(self, session: Session, values: dict[str, Any]) -> object:
        group = groups.create_group(
            session, values["name"], capacity=values["capacity"], location=values["location"]
        )
        return group.id


def _time(c: Checker, field: str, text: str, what: str, example: str) -> Any:
    if not text.strip():
        c.fail(field, f"Type the time the session {what}, like {example}")
        return None
    return c.check(field, parse_time, text)


class AddSessionsDialog(_FormDialog):
    """Weekly sessions from a first date; places default to the group's own number."""

    def __init__(
        self,
        ops: Ops,
        choices: list[groups.GroupRow],
        group_id: int | None = None,
        parent: QWidget | None = None,
    ):
        super().__init__(
            ops,
            "Add group sessions",
            "Sessions on the first date and on the same weekday for the weeks after it. "
            "Times are UK clock times.",
            "Add sessions",
            parent,
        )
        self.setObjectName("addSessionsDialog")
        self.capacities = {g.id: g.capacity for g in choices}
        f = self.form
        self.group_combo = f.combo("group_id", "Group", [(g.id, g.name) for g in choices])
        f.date("first_day", "First date")
        f.text("start_time", "Starts at", "e.g. 10:00", 8)
        f.text("end_time", "Ends at", "e.g. 14:00", 8)
        f.spin("weeks", "Number of weeks", 1, 104)
        f.spin("capacity", "Places", 1, 100, " people")
        f.set_values({"group_id": group_id, "first_day": clock.today(), "weeks": 1})
        self.group_combo.currentIndexChanged.connect(lambda _i: self._default_places())
        self._default_places()

    def _default_places(self) -> None:
        places = self.capacities.get(self.group_combo.currentData())
        if places is not None:
            self.form.set_values({"capacity": places})

    def write(self, session: Session, values: dict[str, Any]) -> object:
        c = Checker()
        first = c.date_text("first_day", values["first_day"])
        if first is None and "first_day" not in c.errors:
            c.fail("first_day", "Type the date of the first session, like 10/12/2026")
        start = _time(c, "start_time", values["start_time"], "starts", "10:00")
        end = _time(c, "end_time", values["end_time"], "ends", "14:00")
        if values["group_id"] is None:
            c.fail("group_id", "Create a group first")
        c.done()
        assert first is not None and start is not None and end is not None
        made = groups.add_sessions(
            session,
            values["group_id"],
            first,
            start,
            end,
            weeks=values["weeks"],
            capacity=values["capacity"],
        )
        return len(made)
