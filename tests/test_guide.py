"""The user guide (issue 7, point 6): a page per task; every picture it shows is a real
screenshot, and every command, key, section, button and menu it tells a person to use is one the
program has, so the guide cannot drift from the program unnoticed."""

from __future__ import annotations

import ast
import re
import shlex
import struct
from pathlib import Path

import pytest
from PySide6.QtGui import QImage

import microoffice
from microoffice.cli import build_parser
from microoffice.ui.app.main_window import PAGES
from microoffice.ui.app.menus import SHORTCUTS

GUIDE = Path(__file__).resolve().parents[1] / "docs" / "guide"
UI = Path(microoffice.__file__).parent / "ui"
PAGES_OF_GUIDE = [
    "01-set-up.md",
    "02-add-a-client.md",
    "03-plan-visits.md",
    "04-confirm-the-day.md",
    "05-run-invoices.md",
    "06-record-a-payment.md",
    "07-prepare-for-an-inspection.md",
    "08-back-up-and-restore.md",
]
IMAGE = re.compile(r"!\[[^\]]+\]\(([^)]+)\)")
BOLD = re.compile(r"\*\*([^*]+)\*\*")
CODE = re.compile(r"`([^`]+)`")
KEY = re.compile(r"^(Ctrl\+|Shift\+|Alt\+)*(F\d+|Esc|Enter|Tab|[A-Z0-9])$")
SECTION_KEY = re.compile(r"\*\*([^*]+)\*\* \(\*\*Ctrl\+(\d)\*\*\)")
# Bold words that are emphasis, not something on the screen (the guide's own words).
EMPHASIS = {
    "plans",
    "leave those rows out on purpose",
    "fix it here",
    "every day",
    "each time it closes",
    "archived",
    "Windows",
    "Mac",
    "Linux",
    "CSV",
    ".xlsx",
}
KEYS_EVERY_WINDOW_HAS = {"Tab", "Enter", "Esc"}
# Keys Qt gives a widget set up for them: F2 edits a table cell whose edit triggers allow it.
KEYS_QT_GIVES = {"F2": "EditTrigger.EditKeyPressed"}


def guide_pages() -> list[Path]:
    return sorted(GUIDE.glob("*.md"))


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from a PNG's header, or ValueError if it is not a PNG."""
    if data[:8] != b"\x89PNG\r\n\x1a\n" or data[12:16] != b"IHDR":
        raise ValueError("not a PNG")
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_every_task_has_its_page() -> None:
    index = (GUIDE / "README.md").read_text(encoding="utf-8")
    for page in PAGES_OF_GUIDE:
        assert f"({page})" in index, f"{page} is not linked from the guide's index"
        assert IMAGE.findall((GUIDE / page).read_text(encoding="utf-8")), f"{page}: no picture"


def test_the_png_reader_refuses_what_is_not_a_png() -> None:
    with pytest.raises(ValueError):
        png_size(b"GIF89a" + bytes(30))
    header = b"\x89PNG\r\n\x1a\n" + b"\x00\x00\x00\rIHDR" + struct.pack(">II", 1180, 760)
    assert png_size(header) == (1180, 760)


@pytest.mark.parametrize("page", guide_pages(), ids=lambda p: p.name)
def test_every_picture_is_a_real_screenshot(qapp: object, page: Path) -> None:
    """A PNG (read by its header, then decoded by Qt as a second reader) the size of a window,
    a dialog or a progress strip (the smallest, 380 x 92): not a placeholder, not an empty or
    cut-off file."""
    for picture in IMAGE.findall(page.read_text(encoding="utf-8")):
        path = page.parent / picture
        assert path.is_file(), f"{page.name}: {picture} does not exist"
        width, height = png_size(path.read_bytes())
        assert 200 <= width <= 3840 and 60 <= height <= 2400, f"{picture}: {width}x{height}"
        image = QImage(str(path))
        assert not image.isNull(), f"{picture} cannot be decoded"
        assert (image.width(), image.height()) == (width, height)


def test_the_main_screens_are_pictured_light_and_dark() -> None:
    for name in ("today", "clients", "invoice-run", "compliance", "import-problems"):
        for variant in (name, f"{name}-dark"):
            png_size((GUIDE / "img" / f"{variant}.png").read_bytes())


def test_a_section_key_goes_where_the_guide_says() -> None:
    """ "Go to **Invoices** (**Ctrl+5**)": the fifth section on the left is Invoices."""
    titles = [title for _key, title, _path in PAGES]
    said = [m for page in guide_pages() for m in SECTION_KEY.findall(page.read_text("utf-8"))]
    assert len(said) >= 5
    for name, digit in said:
        assert titles[int(digit) - 1] == name, f"Ctrl+{digit} goes to {titles[int(digit) - 1]}"


def _listed_keys() -> set[str]:
    keys = {k for k, _what in SHORTCUTS if "…" not in k}
    keys |= {f"Ctrl+{n}" for n in range(1, len(PAGES) + 1)}  # "Ctrl+1 … Ctrl+9"
    return keys


def test_every_key_the_guide_names_is_one_the_program_has() -> None:
    named = {bold for page in guide_pages() for bold in BOLD.findall(page.read_text("utf-8"))}
    keys = {b for b in named if KEY.match(b)}
    assert {"Ctrl+1", "Ctrl+5", "F1"} <= keys
    window = "".join(p.read_text(encoding="utf-8") for p in UI.rglob("*.py"))
    given = {key for key, setting in KEYS_QT_GIVES.items() if setting in window}
    assert keys - _listed_keys() - KEYS_EVERY_WINDOW_HAS - given == set()


def _plain(text: str) -> str:
    """One line, & (a keyboard accelerator) taken out: as a person reads it on screen."""
    return " ".join(text.replace("&&", "\0").replace("&", "").replace("\0", "&").split())


def window_words(source: str) -> tuple[set[str], list[re.Pattern[str]]]:
    """The texts a module can show: its string constants, and each f-string as a pattern whose
    values may be any text (f"New {noun}…" shows "New client…")."""
    exact: set[str] = set()
    patterns: list[re.Pattern[str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            exact.add(_plain(node.value))
        elif isinstance(node, ast.JoinedStr):
            literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            if sum(ch.isalpha() for ch in literal) < 3:
                continue  # f"{label}…" would match any words at all
            parts = [
                re.escape(_plain(v.value)) if isinstance(v, ast.Constant) else r"[^\n]{1,40}"
                for v in node.values
            ]
            patterns.append(re.compile("".join(parts)))
    return exact, patterns


def test_the_window_words_reader_finds_a_planted_button() -> None:
    exact, patterns = window_words('b = "&Save plan"\nn = f"New {noun}…"\n')
    assert "Save plan" in exact
    assert any(p.fullmatch("New client…") for p in patterns)
    assert not any(p.fullmatch("Old client…") for p in patterns)
    _exact, loose = window_words('t = f"{label}…"\n')
    assert loose == []  # a pattern of values alone would let any words pass


# Buttons Qt itself puts on the first-run wizard (a QWizard), not written in our code.
QT_WIZARD_BUTTONS = {"Next", "Back", "Finish", "Cancel"}


def test_every_button_section_and_menu_the_guide_names_is_in_the_window() -> None:
    exact: set[str] = {title for _key, title, _path in PAGES} | QT_WIZARD_BUTTONS
    patterns: list[re.Pattern[str]] = []
    for path in UI.rglob("*.py"):
        more, shapes = window_words(path.read_text(encoding="utf-8"))
        exact |= more
        patterns += shapes

    def shown(text: str) -> bool:
        return text in exact or any(p.fullmatch(text) for p in patterns)

    missing = {}
    for page in guide_pages():
        for bold in BOLD.findall(page.read_text("utf-8")):
            name = _plain(bold)
            if KEY.match(name) or name in EMPHASIS:
                continue
            if not all(shown(part.strip()) for part in name.split(">")):  # File > Back up now
                missing.setdefault(page.name, []).append(name)
    assert missing == {}


def test_every_command_the_guide_gives_is_one_the_program_takes() -> None:
    """Each `microoffice ...` line parses with the program's own parser, and each option the
    guide names beside it is an option of a command on that page."""
    parser = build_parser()
    commands = dict(parser._subparsers._group_actions[0].choices.items())  # type: ignore[union-attr]
    seen = 0
    for page in [*guide_pages()]:
        text = page.read_text("utf-8")
        named: list[str] = []
        lines = [  # a fenced block (it starts on a new line) gives one command per line
            line
            for code in CODE.findall(text)
            for line in (code.splitlines() if code.startswith("\n") else [" ".join(code.split())])
        ]
        for line in lines:
            words = shlex.split(line)
            if words and words[0] == "microoffice" and len(words) > 1:
                named.append(words[1])
                assert words[1] in commands, f"{page.name}: no command {words[1]!r}"
                parser.parse_args(words[1:])  # exits (fails the test) if it does not parse
                seen += 1
        for code in CODE.findall(text):
            option = code.split("=")[0].split()[0]
            if option.startswith("--") and named:
                options = {
                    o for name in named for a in commands[name]._actions for o in a.option_strings
                }
                assert option in options, f"{page.name}: {option} is not an option of {named}"
    assert seen >= 3
