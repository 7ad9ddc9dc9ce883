"""Fixes: the edits a check attaches to a finding, and how they are applied to the source.

A check that can rewrite what it reports builds a ``Fix`` from ``Edit``\\ s made on astroid
node positions (``replace``, ``insert_before``, ``insert_after``, ``wrap``) and reports it with
its message (``checkers/base.py``)::

    self.add_message("deps-not-a-list", node=deps, args=(...), fix=Fix(wrap(deps, "[", "]")))

The checker declares, once per message, whether its fixes are safe and what they do
(``FixSafety`` in the checker's ``fixes`` dict): the documentation and the command read that
declaration, and a fix reported with the message takes its safety from it. A safe fix keeps
the code's evident intent with Dagster's own API; an unsafe one changes behaviour and is
applied only with ``--unsafe-fixes``.

Positions are astroid's (Python's ``ast``'s): a line counted from 1 and a column counted in
UTF-8 bytes of that line, so "é" is two columns; pylint reports them unchanged. ``apply``
turns them into offsets in the text, so a check never needs the text. Replacement text is
written with ``\\n``; ``apply`` writes the file's own line ending instead.

pylint's ``Message`` cannot carry a fix, and a finding can be dropped after the check reports
it (a ``# pylint: disable`` comment, a disabled message). ``FixCollector`` is the reporter of a
fix run: the base checker attaches a fix to the message the collector has just received, so
only fixes of findings really reported are ever applied. In any other run (plain pylint, the
``-j`` workers) the fix is dropped.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from astroid import nodes
from pylint.reporters import CollectingReporter

#: (line from 1, column in UTF-8 bytes of the line), as astroid gives node positions.
Position = tuple[int, int]

_LINE_ENDING = re.compile(r"\r\n|\r|\n")  # what Python's tokenizer ends a line at
SAFE = "safe"
UNSAFE = "unsafe"


@dataclass(frozen=True)
class Edit:
    """Replace the text from ``start`` up to ``end`` of the original source with ``text``
    (``start == end`` inserts)."""

    start: Position
    end: Position
    text: str


@dataclass(frozen=True)
class Fix:
    """The edits that fix one finding, applied together or not at all.

    ``safe`` is final once the base checker has recorded the fix: the message's declared
    safety, which a check can only lower (``Fix(edits, safe=False)`` for a case that changes
    behaviour where the message's fix usually does not). ``description`` defaults to what the
    declaration says the fix does.
    """

    edits: tuple[Edit, ...]
    safe: bool = True
    description: str = ""

    def __post_init__(self) -> None:
        object.__setattr__(self, "edits", tuple(self.edits))
        if not self.edits:
            raise ValueError("a Fix needs at least one Edit")


@dataclass(frozen=True)
class FixSafety:
    """A message's fix as its checker declares it: ``level`` is ``"safe"`` (applied by
    ``--fix``) or ``"unsafe"`` (only with ``--unsafe-fixes``); ``does`` says what the fix
    writes, and for an unsafe fix what it changes, in a phrase ("wraps the value in a list:
    deps=[...]"). The one source of the docs' "Fix" section."""

    level: str
    does: str

    def __post_init__(self) -> None:
        if self.level not in (SAFE, UNSAFE):
            raise ValueError(f"fix safety is {SAFE!r} or {UNSAFE!r}, not {self.level!r}")

    @property
    def safe(self) -> bool:
        return self.level == SAFE

    def recorded(self, fix: Fix) -> Fix:
        """``fix`` as the collector keeps it: never safer than declared, described."""
        return Fix(fix.edits, fix.safe and self.safe, fix.description or self.does)


# --- edits from node positions ------------------------------------------------------------------


def start_of(node: nodes.NodeNG) -> Position:
    return (node.lineno, node.col_offset)


def end_of(node: nodes.NodeNG) -> Position:
    if node.end_lineno is None or node.end_col_offset is None:
        raise ValueError(f"{type(node).__name__} node without an end position")
    return (node.end_lineno, node.end_col_offset)


def replace(node: nodes.NodeNG, text: str) -> Edit:
    """Replace ``node``'s source with ``text``."""
    return Edit(start_of(node), end_of(node), text)


def insert_before(node: nodes.NodeNG, text: str) -> Edit:
    return Edit(start_of(node), start_of(node), text)


def insert_after(node: nodes.NodeNG, text: str) -> Edit:
    return Edit(end_of(node), end_of(node), text)


def wrap(node: nodes.NodeNG, before: str, after: str) -> tuple[Edit, Edit]:
    """Put ``before`` and ``after`` around ``node``'s source, which stays as written."""
    return (insert_before(node, before), insert_after(node, after))


# --- collecting the fixes of a run -------------------------------------------------------------


class FixCollector(CollectingReporter):
    """The reporter of a fix run: the messages, and the fixes attached to them."""

    name = "dagster-migration-fix-collector"

    def __init__(self) -> None:
        super().__init__()
        #: Index in ``messages`` -> the fix of that finding.
        self.fixes: dict[int, Fix] = {}

    def reset(self) -> None:
        super().reset()
        self.fixes = {}

    def attach_to_last_message(self, fix: Fix) -> None:
        self.fixes[len(self.messages) - 1] = fix

    def fixes_by_file(self) -> dict[str, list[tuple[str, Fix]]]:
        """(symbol, fix) of every fixable finding, by absolute path of the linted file."""
        by_file: dict[str, list[tuple[str, Fix]]] = {}
        for index, fix in sorted(self.fixes.items()):
            message = self.messages[index]
            by_file.setdefault(os.path.abspath(message.abspath), []).append((message.symbol, fix))
        return by_file


# --- applying fixes to a text -------------------------------------------------------------------


@dataclass(frozen=True)
class Applied:
    """The text with ``applied`` made; ``deferred`` overlap one of them and wait for a pass
    over the new text, where their findings are found again (if they still are)."""

    text: str
    applied: tuple[Fix, ...] = ()
    deferred: tuple[Fix, ...] = ()


def apply(text: str, fixes: Iterable[Fix]) -> str:
    """``text`` with the fixes that do not overlap applied (see ``apply_fixes``)."""
    return apply_fixes(text, fixes).text


def apply_fixes(text: str, fixes: Iterable[Fix]) -> Applied:
    """Apply to ``text`` (the original source: its positions are the edits') every fix that
    neither overlaps nor touches one applied before it, in the order of their positions, as
    ruff does; the others are deferred. A fix is applied whole: its span runs from its first
    edit's start to its last edit's end. Text outside the edited ranges is kept as it is,
    line endings included. Raises ``ValueError`` for an edit that does not fit the text (a
    position past a line's end or inside a character, a fix whose own edits overlap)."""
    lines = _LineIndex(text)
    planned = sorted(
        ((lines.ranges(fix), fix) for fix in fixes),
        key=lambda item: (item[0][0][0], item[0][-1][1]),  # the span: first start, last end
    )
    newline = lines.newline
    pieces: list[str] = []
    applied: list[Fix] = []
    deferred: list[Fix] = []
    copied_up_to = 0
    for ranges, fix in planned:
        if applied and ranges[0][0] <= copied_up_to:
            deferred.append(fix)
            continue
        for start, end, replacement in ranges:
            pieces += [text[copied_up_to:start], replacement.replace("\n", newline)]
            copied_up_to = end
        applied.append(fix)
    pieces.append(text[copied_up_to:])
    return Applied("".join(pieces), tuple(applied), tuple(deferred))


class _LineIndex:
    """Where each line of a text starts, to turn (line, UTF-8 column) into a text offset."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.starts = [0, *(match.end() for match in _LINE_ENDING.finditer(text))]
        first_ending = _LINE_ENDING.search(text)
        self.newline = first_ending.group() if first_ending else "\n"

    def offset(self, position: Position) -> int:
        line, column = position
        if not 1 <= line <= len(self.starts) or column < 0:
            raise ValueError(f"position {position} is outside the text")
        start = self.starts[line - 1]
        end = self.starts[line] if line < len(self.starts) else len(self.text)
        content = _LINE_ENDING.sub("", self.text[start:end])
        if content.isascii():
            if column > len(content):
                raise ValueError(f"position {position} is past the end of its line")
            return start + column
        encoded = content.encode("utf-8")
        if column > len(encoded):
            raise ValueError(f"position {position} is past the end of its line")
        try:
            return start + len(encoded[:column].decode("utf-8"))
        except UnicodeDecodeError as error:
            raise ValueError(f"position {position} is inside a character") from error

    def ranges(self, fix: Fix) -> Sequence[tuple[int, int, str]]:
        """The fix's edits as (start, end, text) offsets, in order; checked not to overlap."""
        ranges = sorted(
            ((self.offset(edit.start), self.offset(edit.end), edit.text) for edit in fix.edits),
            key=lambda item: (item[0], item[1]),
        )
        previous_end = -1
        for start, end, _ in ranges:
            if end < start:
                raise ValueError(f"edit ends before it starts: {fix}")
            if start < previous_end:
                raise ValueError(f"the edits of one fix overlap: {fix}")
            previous_end = end
        return ranges
