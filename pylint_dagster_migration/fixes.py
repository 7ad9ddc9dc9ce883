"""Fixes: the edits a check attaches to a finding, and how they are applied to the source.

A check that can rewrite what it reports builds a ``Fix`` from ``Edit``\\ s made on astroid
node positions (``replace``, ``insert_before``, ``insert_after``, ``wrap``, and here the edits
that read the module: ``dagster_reference``, ``remove_argument``, ``remove_statement``) and
reports it with its message (``checkers/base.py``)::

    self.add_message("deps-not-a-list", node=deps, args=(...), fix=Fix(wrap(deps, "[", "]")))

Checkers import all of these from ``edits``, which holds the records (``Edit``, ``Fix``,
``FixSafety``) and the edits made from a node's position, and loads this module on the first
call of an edit made here: a pylint run that reports no finding with such a fix, and does not
apply fixes, never pays for loading it. The records are offered here too, with the rest of
the API.

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

import io
import math
import os
import re
import tokenize
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from astroid import nodes
from pylint.reporters import CollectingReporter

from pylint_dagster_migration import names

# Offered here with the rest of the API of fixes (the tests, fixing.py and catalog.py read
# them from here).
from pylint_dagster_migration.edits import (  # pylint: disable=unused-import
    SAFE,
    UNSAFE,
    Edit,
    Fix,
    FixSafety,
    Position,
    end_of,
    insert_after,
    insert_before,
    replace,
    start_of,
    wrap,
)

_LINE_ENDING = re.compile(r"\r\n|\r|\n")  # what Python's tokenizer ends a line at


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


# --- edits that fixes share -----------------------------------------------------------------------


def dagster_reference(node: nodes.NodeNG, name: str) -> tuple[str, tuple[Edit, ...]]:
    """How the module of ``node`` writes the Dagster name ``name`` (``RetryPolicy``), and the
    edits that make it importable there: ``dg.RetryPolicy`` after ``import dagster as dg`` (no
    edit); ``RetryPolicy`` where the module already imports it ``from dagster``; else
    ``RetryPolicy`` added to the module's first ``from dagster import ...``. A module with
    neither kind of import gets ``import dagster as dg`` after its last top-level import
    before ``node`` (or after its docstring, or above its first statement), and
    ``dg.RetryPolicy``. Imports below ``node``'s statement do not count: the name may be
    needed while the module is loading, when the decorator runs."""
    module = node.root()
    prefix = names.dagster_prefix(node)
    if prefix:
        if prefix != "dg." or _imports_dagster_as(module, "dg"):
            return f"{prefix}{name}", ()
        return f"dg.{name}", (_new_import_line(node, "import dagster as dg"),)
    first_from_import = None
    for statement in _imports_before(node):
        if isinstance(statement, nodes.ImportFrom) and _is_dagster_from_import(statement):
            for imported, alias in statement.names:
                if imported == name:
                    return alias or name, ()
            first_from_import = first_from_import or statement
    if first_from_import is None:  # dagster_prefix gives "" after any top-level from-import
        return f"dg.{name}", (_new_import_line(node, "import dagster as dg"),)
    # A line of its own: astroid keeps no position for the names a statement imports, and a
    # parenthesised list ends after its ")". isort merges the two lines if the project uses it.
    return name, (_line_after(first_from_import, f"from dagster import {name}"),)


def remove_argument(call: nodes.Call, keyword: nodes.Keyword) -> Edit:
    """Remove ``keyword`` from ``call``'s arguments with the comma that separates it, so that
    what remains is written as before: an argument on lines of its own goes with those lines
    (and its comment); otherwise it goes with the comma after it, or for the last argument
    the one before it; a comment on another argument's line stays, and so does a trailing
    comma. Read from the tokens of the call's source, so that parentheses around an argument
    and comments between arguments are seen. Raises ``ValueError`` when ``keyword`` is not
    one of ``call``'s arguments, or the module's source cannot be read."""
    arguments = _ArgumentList(call)
    index = arguments.index_of(keyword)
    first, last = arguments.spans[index]
    after = arguments.separator_after(index) or last  # the comma after it, if any
    before = arguments.boundary_before(index)  # "(" or the comma before it
    following = arguments.next_token(after)
    if before.end[0] < first.start[0] and following.start[0] > after.end[0]:
        # On lines of its own (with its comment): the lines go.
        return arguments.edit((first.start[0], 0), (after.end[0] + 1, 0))
    if index + 1 < len(arguments.spans):
        if following.start[0] == after.end[0]:  # the next argument follows on the same line
            return arguments.edit(first.start, following.start)
        return arguments.edit(before.end if index else first.start, after.end)
    if index == 0:
        return arguments.edit(first.start, after.end)
    previous_end = arguments.spans[index - 1][1].end
    if arguments.comment_between(previous_end, first.start):
        # The comment stays, and so does the comma before it, which is now a trailing one.
        return arguments.edit(first.start, after.end)
    return arguments.edit(previous_end, last.end)


class _ArgumentList:
    """The tokens of a call's argument list: where each argument starts and ends (its
    parentheses included) and the commas between them, in positions of the module's text."""

    _OPENING, _CLOSING = "([{", ")]}"
    _LAYOUT = (tokenize.NL, tokenize.NEWLINE, tokenize.COMMENT)

    def __init__(self, call: nodes.Call) -> None:
        self.call = call
        self.lines = _source_lines(call.root())
        self.tokens = self._call_tokens()
        self.spans: list[tuple[tokenize.TokenInfo, tokenize.TokenInfo]] = []
        self.separators: list[tokenize.TokenInfo] = []
        self._split()

    def _call_tokens(self) -> list[tokenize.TokenInfo]:
        """The tokens of the call's source, positioned in the module's lines (columns in
        characters)."""
        first_line, first_column = start_of(self.call)
        last_line, last_column = end_of(self.call)
        first_column = self._character_column(first_line, first_column)
        last_column = self._character_column(last_line, last_column)
        if first_line == last_line:
            segment = [self.lines[first_line - 1][first_column:last_column]]
        else:
            segment = [
                self.lines[first_line - 1][first_column:],
                *self.lines[first_line : last_line - 1],
                self.lines[last_line - 1][:last_column],
            ]
        tokens = []
        try:
            for token in tokenize.generate_tokens(io.StringIO("".join(segment)).readline):
                if token.type in (tokenize.ENDMARKER, tokenize.INDENT, tokenize.DEDENT):
                    continue
                tokens.append(token._replace(
                    start=self._in_module(token.start, first_line, first_column),
                    end=self._in_module(token.end, first_line, first_column),
                ))
        except (tokenize.TokenError, SyntaxError) as error:
            raise ValueError(f"the call's source does not tokenize: {error}") from error
        return tokens

    @staticmethod
    def _in_module(position: tuple[int, int], first_line: int, first_column: int):
        line, column = position
        return (first_line + line - 1, column + (first_column if line == 1 else 0))

    def _character_column(self, line: int, byte_column: int) -> int:
        return len(self.lines[line - 1].encode("utf-8")[:byte_column].decode("utf-8", "ignore"))

    def _split(self) -> None:
        func_end = end_of(self.call.func)
        opened = next(
            (
                i for i, token in enumerate(self.tokens)
                if token.string == "(" and self._at_or_after(token, func_end)
            ),
            None,
        )
        if opened is None:
            raise ValueError("no argument list in the call's source")
        self.opening = self.tokens[opened]
        depth = 0
        span_start = None
        previous = None
        for token in self.tokens[opened + 1 :]:
            if token.type in self._LAYOUT:
                continue
            operator = token.string if token.type == tokenize.OP else ""  # not in f-string text
            if depth == 0 and operator in (",", ")"):
                if span_start is not None:
                    self.spans.append((span_start, previous))
                span_start = None
                if token.string == ")":
                    self.closing = token
                    break
                self.separators.append(token)
            else:
                span_start = span_start or token
                if operator and operator in self._OPENING:
                    depth += 1
                elif operator and operator in self._CLOSING:
                    depth -= 1
            previous = token
        else:
            raise ValueError("the call's argument list is not closed")

    def _at_or_after(self, token: tokenize.TokenInfo, position: Position) -> bool:
        line, byte_column = position
        return token.start >= (line, self._character_column(line, byte_column))

    def index_of(self, keyword: nodes.NodeNG) -> int:
        arguments = sorted(
            [*self.call.args, *(self.call.keywords or [])],
            key=lambda argument: (argument.lineno, argument.col_offset),
        )
        if len(arguments) != len(self.spans):
            raise ValueError("the call's arguments do not match its source")
        index = next((i for i, a in enumerate(arguments) if a is keyword), None)
        if index is None:
            raise ValueError("not an argument of this call")
        return index

    def separator_after(self, index: int) -> tokenize.TokenInfo | None:
        return self.separators[index] if index < len(self.separators) else None

    def boundary_before(self, index: int) -> tokenize.TokenInfo:
        return self.separators[index - 1] if index else self.opening

    def next_token(self, token: tokenize.TokenInfo) -> tokenize.TokenInfo:
        """The first token after ``token`` that is not a comment or a line break."""
        position = self.tokens.index(token)
        return next(t for t in self.tokens[position + 1 :] if t.type not in self._LAYOUT)

    def comment_between(self, start: tuple[int, int], end: tuple[int, int]) -> bool:
        return any(t.type == tokenize.COMMENT and start <= t.start < end for t in self.tokens)

    def edit(self, start: tuple[int, int], end: tuple[int, int]) -> Edit:
        """The deletion of the text between two (line, character column) positions."""
        return Edit(self._byte_position(start), self._byte_position(end), "")

    def _byte_position(self, position: tuple[int, int]) -> Position:
        line, column = position
        return (line, len(self.lines[line - 1][:column].encode("utf-8")))


def _source_lines(module: nodes.Module) -> list[str]:
    """The module's source as pylint parsed it, in lines that keep their endings (as
    Python's tokenizer ends them)."""
    try:
        with module.stream() as stream:
            raw = stream.read()
    except (OSError, AttributeError) as error:
        raise ValueError(f"the module's source cannot be read: {error}") from error
    text = raw.decode("utf-8-sig") if isinstance(raw, bytes) else raw
    return [match.group() for match in _LINE.finditer(text)]


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _imports_dagster_as(module: nodes.Module, alias: str) -> bool:
    return any(
        isinstance(statement, nodes.Import)
        and any(imported == "dagster" and (bound or imported) == alias
                for imported, bound in statement.names)
        for statement in module.body
    )


def _is_dagster_from_import(statement: nodes.ImportFrom) -> bool:
    return statement.modname == "dagster" and not statement.level


def _top_level_statement(node: nodes.NodeNG) -> nodes.NodeNG:
    module = node.root()
    while node.parent is not None and node.parent is not module:
        node = node.parent
    return node


def _first_line(statement: nodes.NodeNG) -> int:
    """The statement's first line, its decorators' included."""
    decorators = getattr(statement, "decorators", None)
    return min([statement.lineno, *(d.lineno for d in (decorators.nodes if decorators else ()))])


def _imports_before(node: nodes.NodeNG) -> list[nodes.NodeNG]:
    """The module's top-level imports above the statement ``node`` stands in."""
    module = node.root()
    statement = _top_level_statement(node)
    limit = _first_line(statement) if statement is not module else math.inf
    return [
        other for other in module.body
        if isinstance(other, (nodes.Import, nodes.ImportFrom))
        and other is not statement
        and other.lineno < limit
    ]


def _new_import_line(node: nodes.NodeNG, line: str) -> Edit:
    """``line`` after the module's last import above ``node``, else after its docstring, else
    above its first statement (below a shebang and the comments at the top)."""
    module = node.root()
    imports = _imports_before(node)
    if imports:
        return _line_after(imports[-1], line)
    if module.doc_node is not None:
        return _line_after(module.doc_node, line)
    if module.body:
        first = (_first_line(module.body[0]), 0)
        return Edit(first, first, f"{line}\n")
    return Edit((1, 0), (1, 0), f"{line}\n")


def _line_after(statement: nodes.NodeNG, line: str) -> Edit:
    """``line`` on a new line after ``statement``, at its indentation."""
    return Edit(end_of(statement), end_of(statement), f"\n{' ' * statement.col_offset}{line}")


def remove_statement(statement: nodes.NodeNG) -> Edit | None:
    """The edit that removes a top-level ``statement``'s lines (with a comment on them), or None
    when it shares a line with another statement."""
    previous, following = statement.previous_sibling(), statement.next_sibling()
    if (
        statement.col_offset != 0
        or (previous is not None and previous.end_lineno == statement.lineno)
        or (following is not None and following.lineno == statement.end_lineno)
    ):
        return None
    end = statement.end_lineno
    if following is None:
        # The last statement: its last line may be the file's, without a line ending.
        stream = statement.root().stream()
        if stream is None:
            return None
        with stream:
            text = stream.read().decode("utf-8", "replace")
        if end > len(_LINE_ENDING.findall(text)):
            last_line = _LINE_ENDING.split(text)[-1]
            return Edit((statement.lineno, 0), (end, len(last_line.encode("utf-8"))), "")
    return Edit((statement.lineno, 0), (end + 1, 0), "")
