"""What an unexpected error leaves in the log: where it happened, never what it was about.

An exception's message can quote a client's name, an address typed into a form, or the
parameters of an SQL statement; the log is read by support and copied into e-mails. So the
report keeps the exception's type and every frame of its trace (file, line, function and the
line of code), for each exception in the chain, and drops every message and every value.
"""

from __future__ import annotations

import traceback
from datetime import datetime
from pathlib import Path

from microoffice.core import paths


def scrubbed_trace(exc: BaseException) -> str:
    """The trace of `exc` and of what caused it, with no exception message in it."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen and len(chain) < 20:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or current.__context__
    parts: list[str] = []
    for link in reversed(chain):
        if parts:
            parts.append("which led to:")
        parts.append("Traceback (most recent call last):")
        for frame in traceback.extract_tb(link.__traceback__):
            parts.append(f'  File "{frame.filename}", line {frame.lineno}, in {frame.name}')
            if frame.line:
                parts.append(f"    {frame.line.strip()}")
        parts.append(f"{type(link).__module__}.{type(link).__qualname__} (message not logged)")
    return "\n".join(parts)


def write_crash_report(exc: BaseException, where: str) -> Path | None:
    """Append the scrubbed trace to the log file; its path, or None if it cannot be written."""
    path = paths.log_file()
    stamp = datetime.now().astimezone().isoformat(timespec="seconds")
    entry = f"{stamp} ERROR microoffice.{where}: unexpected error\n{scrubbed_trace(exc)}\n"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as log:
            log.write(entry)
    except OSError:
        return None
    return path
