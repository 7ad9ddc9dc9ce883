"""What a fix is made of: ``Edit``\\ s made on astroid node positions, the ``Fix`` that groups
them, and the ``FixSafety`` a checker declares for a message's fixes.

A check that can rewrite what it reports builds a ``Fix`` from edits (``replace``,
``insert_before``, ``insert_after``, ``wrap``, ``dagster_reference``, ``remove_argument``,
``remove_statement``) and reports it with its message (``checkers/base.py``)::

    self.add_message("deps-not-a-list", node=deps, args=(...), fix=Fix(wrap(deps, "[", "]")))

Every checker imports this module, and every pylint run loads it, so it is kept small: the
rest of the fix machinery (the edits that read the module's source or imports, applying fixes,
collecting them) is ``fixes``, which the last three functions here load on their first call,
when a check reports a finding whose fix needs them. The records are plain classes rather than
dataclasses for the same reason: a frozen dataclass costs a millisecond or more to define.

Positions are astroid's (Python's ``ast``'s): a line counted from 1 and a column counted in
UTF-8 bytes of that line, so "é" is two columns; pylint reports them unchanged.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Iterable

    from astroid import nodes

#: (line from 1, column in UTF-8 bytes of the line), as astroid gives node positions.
Position = tuple[int, int]

SAFE = "safe"
UNSAFE = "unsafe"


class Edit:
    """Replace the text from ``start`` up to ``end`` of the original source with ``text``
    (``start == end`` inserts)."""

    __slots__ = ("start", "end", "text")

    def __init__(self, start: Position, end: Position, text: str) -> None:
        self.start = start
        self.end = end
        self.text = text

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.start, self.end, self.text) == (other.start, other.end, other.text)

    def __hash__(self) -> int:
        return hash((self.start, self.end, self.text))

    def __repr__(self) -> str:  # in the note of a fix that does not fit the text
        return f"Edit(start={self.start!r}, end={self.end!r}, text={self.text!r})"


class Fix:
    """The edits that fix one finding, applied together or not at all.

    ``safe`` is final once the base checker has recorded the fix: the message's declared
    safety, which a check can only lower (``Fix(edits, safe=False)`` for a case that changes
    behaviour where the message's fix usually does not). ``description`` defaults to what the
    declaration says the fix does.
    """

    __slots__ = ("edits", "safe", "description")

    def __init__(self, edits: Iterable[Edit], safe: bool = True, description: str = "") -> None:
        self.edits: tuple[Edit, ...] = tuple(edits)
        self.safe = safe
        self.description = description
        if not self.edits:
            raise ValueError("a Fix needs at least one Edit")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.edits, self.safe, self.description) == (
            other.edits, other.safe, other.description
        )

    def __hash__(self) -> int:
        return hash((self.edits, self.safe, self.description))

    def __repr__(self) -> str:
        return f"Fix(edits={self.edits!r}, safe={self.safe!r}, description={self.description!r})"


class FixSafety:
    """A message's fix as its checker declares it: ``level`` is ``"safe"`` (applied by
    ``--fix``) or ``"unsafe"`` (only with ``--unsafe-fixes``); ``does`` says what the fix
    writes, and for an unsafe fix what it changes, in a phrase ("wraps the value in a list:
    deps=[...]"). The one source of the docs' "Fix" section."""

    __slots__ = ("level", "does")

    def __init__(self, level: str, does: str) -> None:
        if level not in (SAFE, UNSAFE):
            raise ValueError(f"fix safety is {SAFE!r} or {UNSAFE!r}, not {level!r}")
        self.level = level
        self.does = does

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.level, self.does) == (other.level, other.does)

    def __hash__(self) -> int:
        return hash((self.level, self.does))

    def __repr__(self) -> str:
        return f"FixSafety(level={self.level!r}, does={self.does!r})"

    @property
    def safe(self) -> bool:
        """Whether ``--fix`` applies the fix without ``--unsafe-fixes``."""
        return self.level == SAFE

    def recorded(self, fix: Fix) -> Fix:
        """``fix`` as the collector keeps it: never safer than declared, described."""
        return Fix(fix.edits, fix.safe and self.safe, fix.description or self.does)


# --- edits from node positions ------------------------------------------------------------------


def start_of(node: nodes.NodeNG) -> Position:
    """Where ``node``'s source starts."""
    return (node.lineno, node.col_offset)


def end_of(node: nodes.NodeNG) -> Position:
    """Where ``node``'s source ends."""
    if node.end_lineno is None or node.end_col_offset is None:
        raise ValueError(f"{type(node).__name__} node without an end position")
    return (node.end_lineno, node.end_col_offset)


def replace(node: nodes.NodeNG, text: str) -> Edit:
    """Replace ``node``'s source with ``text``."""
    return Edit(start_of(node), end_of(node), text)


def insert_before(node: nodes.NodeNG, text: str) -> Edit:
    """Insert ``text`` where ``node``'s source starts."""
    return Edit(start_of(node), start_of(node), text)


def insert_after(node: nodes.NodeNG, text: str) -> Edit:
    """Insert ``text`` where ``node``'s source ends."""
    return Edit(end_of(node), end_of(node), text)


def wrap(node: nodes.NodeNG, before: str, after: str) -> tuple[Edit, Edit]:
    """Put ``before`` and ``after`` around ``node``'s source, which stays as written."""
    return (insert_before(node, before), insert_after(node, after))


# --- edits that read the module, made by ``fixes`` ---------------------------------------------


def dagster_reference(node: nodes.NodeNG, name: str) -> tuple[str, tuple[Edit, ...]]:
    """``fixes.dagster_reference``: how ``node``'s module writes the Dagster name ``name``,
    and the edits that import it there."""
    from pylint_dagster_migration import fixes  # pylint: disable=import-outside-toplevel

    return fixes.dagster_reference(node, name)


def remove_argument(call: nodes.Call, keyword: nodes.Keyword) -> Edit:
    """``fixes.remove_argument``: the removal of ``keyword`` from ``call``'s arguments, with
    its comma (``ValueError`` where the source cannot be read)."""
    from pylint_dagster_migration import fixes  # pylint: disable=import-outside-toplevel

    return fixes.remove_argument(call, keyword)


def remove_statement(statement: nodes.NodeNG) -> Edit | None:
    """``fixes.remove_statement``: the removal of a top-level statement's lines, or None."""
    from pylint_dagster_migration import fixes  # pylint: disable=import-outside-toplevel

    return fixes.remove_statement(statement)
