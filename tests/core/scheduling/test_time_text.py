"""Times as people type them into a plan or a visit."""

from __future__ import annotations

from datetime import time

import pytest

from microoffice.core.readers.times import parse_time


@pytest.mark.parametrize(
    ("typed", "meant"),
    [
        ("08:30", time(8, 30)),
        ("8.30", time(8, 30)),
        ("8:30pm", time(20, 30)),
        ("9am", time(9)),
        ("12am", time(0)),
        ("12pm", time(12)),
        (" 14:00 ", time(14)),
    ],
)
def test_the_ways_people_write_a_time(typed: str, meant: time) -> None:
    assert parse_time(typed) == meant


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("", "Type the time, like 08:30"),
        ("   ", "Type the time, like 08:30"),
        ("25:00", "'25:00' is not a time; type it like 08:30"),
        ("13pm", "'13pm' is not a time; type it like 08:30"),
        ("half eight", "'half eight' is not a time; type it like 08:30"),
    ],
)
def test_what_is_not_a_time_is_said_plainly(typed: str, message: str) -> None:
    with pytest.raises(ValueError) as refused:
        parse_time(typed)
    assert str(refused.value) == message
