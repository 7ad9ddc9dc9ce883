"""How ``pylint-dagster-migration --fix`` and ``--diff`` fix files: lint, apply, lint again.

Each file is read once (``Sources``); every pass lints the texts held here, not the files, so
the positions of the fixes always belong to the text they are applied to. A pass lints in this
process with one job (with ``-j N`` pylint runs the checks in worker processes, and their fixes
would never reach this one) and reports to a ``FixCollector``, which keeps the fixes of the
findings really reported. The fixes of a file that do not overlap are applied to its text; a
file whose text changed is linted again in the next pass, where the deferred fixes, and any a
fix made possible, are found again; the passes stop when nothing changes, and after
``MAX_PASSES`` at the latest (said on stderr, as a bug of a fix). Only then are the files
written, each once, and only when it still holds the bytes that were read.

Left alone, and said on stderr: a file that does not parse, a file that is not UTF-8 (what the
fixes are written in), a file that changed on disk while it was being fixed, a text a fix would
leave unparsable (a bug of the fix, never written).
"""

from __future__ import annotations

import ast
import codecs
import difflib
import os
import re
import sys
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

from astroid import MANAGER, nodes
from pylint.lint import PyLinter

from pylint_dagster_migration import asset_graph
from pylint_dagster_migration.checkers.base import STRICT_ENV
from pylint_dagster_migration.fixes import Fix, FixCollector, apply_fixes

#: Bound on the passes of one run: fixes that keep finding more to fix are a bug.
MAX_PASSES = 10

_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")
_CODING = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")


@dataclass
class Source:
    """One file (or the ``--from-stdin`` text) being fixed."""

    #: As pylint was given it (what messages and the diff show).
    path: str
    #: The bytes read, which the file must still hold when it is written; None for stdin.
    raw: bytes | None
    original: str
    bom: bool = False
    text: str = ""
    #: symbol -> fixes applied.
    fixed: Counter = field(default_factory=Counter)
    #: Unsafe fixes found in the last pass over this text and not applied.
    unsafe_left: int = 0

    def __post_init__(self) -> None:
        self.text = self.text or self.original

    @property
    def changed(self) -> bool:
        return self.text != self.original

    def encoded(self) -> bytes:
        return (codecs.BOM_UTF8 if self.bom else b"") + self.text.encode("utf-8")


def decode(raw: bytes) -> tuple[str, bool] | None:
    """The text of UTF-8 source bytes, and whether they start with a byte order mark; None
    for another encoding (a ``coding:`` declaration, or bytes that are not UTF-8)."""
    bom = raw.startswith(codecs.BOM_UTF8)
    body = raw[len(codecs.BOM_UTF8) :] if bom else raw
    for line in body.split(b"\n", 2)[:2]:  # a declaration is on line 1 or 2
        declared = _CODING.match(line)
        if declared:
            try:
                if codecs.lookup(declared.group(1).decode("ascii")).name != "utf-8":
                    return None
            except LookupError:
                return None
    try:
        return body.decode("utf-8"), bom
    except UnicodeDecodeError:
        return None


class Sources(dict):
    """absolute path -> ``Source``: every file a pass lints, read on first use."""

    def __init__(self, notes: list[str]) -> None:
        super().__init__()
        self.notes = notes
        #: Files pylint reads itself (not UTF-8, unreadable): linted, never fixed.
        self.not_fixable: set[str] = set()

    def add_stdin(self, path: str, raw: bytes) -> Source | None:
        decoded = decode(raw)
        if decoded is None:
            self.notes.append(f"{path}: not fixed: the text is not UTF-8")
            self.not_fixable.add(os.path.abspath(path))
            return None
        source = self[os.path.abspath(path)] = Source(path, None, decoded[0], decoded[1])
        return source

    def load(self, path: str) -> Source | None:
        key = os.path.abspath(path)
        if key in self or key in self.not_fixable:
            return self.get(key)
        try:
            with open(path, "rb") as stream:
                raw = stream.read()
        except OSError:
            self.not_fixable.add(key)  # pylint reports what it cannot read
            return None
        decoded = decode(raw)
        if decoded is None:
            self.not_fixable.add(key)
            return None
        source = self[key] = Source(path, raw, decoded[0], decoded[1])
        return source


class PassLinter(PyLinter):
    """The linter of a fix pass: lints the texts of its ``sources`` (read once, fixed in
    memory) and reports to its ``FixCollector`` only: it never opens a report file."""

    sources: Sources

    def get_ast(self, filepath: str, modname: str, data: str | None = None) -> nodes.Module | None:
        source = self.sources.load(filepath) if data is None else self.sources.get(
            os.path.abspath(filepath)
        )
        return super().get_ast(filepath, modname, data if source is None else source.text)

    def _load_reporters(self, reporter_names: str) -> None:
        """``--output-format``: not for a pass, whose reporter is the collector."""


def fix_passes(linter: PassLinter, sources: Sources, *, unsafe: bool) -> None:
    """Lint the files of ``linter``'s configuration and fix their texts in ``sources``, pass
    after pass (see the module's docstring)."""
    collector = FixCollector()
    linter.set_reporter(collector)
    linter.sources = sources
    linter.config.jobs = 1
    targets: Sequence[str] = linter.config.files
    for number in range(1, MAX_PASSES + 1):
        collector.reset()
        linter.check(targets)
        if number == 1:
            _note_syntax_errors(collector, sources.notes)
        changed = _apply_pass(collector, sources, unsafe)
        if not changed:
            return
        if number == MAX_PASSES:
            sources.notes.extend(
                f"{source.path}: fixes still found after {MAX_PASSES} passes; the rest is "
                "left for the next run (please report this to pylint-dagster-migration)"
                for source in changed
            )
            return
        for source in changed:
            source.unsafe_left = 0  # counted again by the next pass
        targets = [source.path for source in changed]


def _apply_pass(collector: FixCollector, sources: Sources, unsafe: bool) -> list[Source]:
    changed = []
    for path, found in collector.fixes_by_file().items():
        source = sources.get(path)
        if source is None:
            if path in sources.not_fixable:
                sources.notes.append(f"{path}: not fixed: it is not a UTF-8 file")
                sources.not_fixable.discard(path)  # said once
            continue
        chosen = [(symbol, fix) for symbol, fix in found if fix.safe or unsafe]
        source.unsafe_left = len(found) - len(chosen)
        if chosen and _apply(source, chosen, sources.notes):
            changed.append(source)
    return changed


def _apply(source: Source, chosen: list[tuple[str, Fix]], notes: list[str]) -> bool:
    """Apply ``chosen`` to the source's text; whether the text changed."""
    symbols = {id(fix): symbol for symbol, fix in chosen}
    try:
        result = apply_fixes(source.text, [fix for _, fix in chosen])
    except ValueError as error:
        if os.environ.get(STRICT_ENV):
            raise
        notes.append(f"{source.path}: not fixed: a fix does not fit the text ({error}; please "
                     "report this to pylint-dagster-migration)")
        return False
    if result.text == source.text:
        return False
    if not parses(result.text):
        if os.environ.get(STRICT_ENV):
            raise AssertionError(f"fixes made {source.path} unparsable:\n{result.text}")
        notes.append(f"{source.path}: not fixed: the fixes would leave it unparsable (please "
                     "report this to pylint-dagster-migration)")
        return False
    source.text = result.text
    source.fixed.update(symbols[id(fix)] for fix in result.applied)
    return True


def _note_syntax_errors(collector: FixCollector, notes: list[str]) -> None:
    notes.extend(
        f"{message.path}:{message.line}: not fixed: the file does not parse"
        for message in collector.messages
        if message.symbol == "syntax-error"
    )


def parses(text: str) -> bool:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # invalid escape sequences: not ours to say
            ast.parse(text)
    except (SyntaxError, ValueError, RecursionError, MemoryError):
        return False
    return True


def write(sources: Sources) -> list[Source]:
    """Write each fixed file that still holds the bytes it was read with; the files written."""
    written = []
    for source in sources.values():
        if not source.changed or source.raw is None:
            continue
        try:
            with open(source.path, "rb") as stream:
                current = stream.read()
            if current != source.raw:
                sources.notes.append(f"{source.path}: not fixed: it changed on disk while "
                                     "it was being fixed")
                continue
            with open(source.path, "wb") as stream:
                stream.write(source.encoded())
        except OSError as error:
            sources.notes.append(f"{source.path}: not fixed: {error.strerror or error}")
            continue
        written.append(source)
    return written


def forget(sources: Sources) -> None:
    """Drop what this process keeps of the files fixed, so that linting them again in this
    process reads them again: astroid's modules, and the project index."""
    for name, module in list(MANAGER.astroid_cache.items()):
        if module.file and os.path.abspath(module.file) in sources:
            del MANAGER.astroid_cache[name]
    asset_graph.forget_projects()


def unified_diff(source: Source) -> str:
    """What fixing ``source`` changes, as ``diff -u`` shows it."""
    return "".join(
        difflib.unified_diff(
            _diff_lines(source.original), _diff_lines(source.text), source.path, source.path
        )
    )


def _diff_lines(text: str) -> list[str]:
    lines = _LINE.findall(text)
    if lines and not lines[-1].endswith(("\n", "\r")):
        lines[-1] += "\n\\ No newline at end of file\n"
    return lines


def summary(sources: Sources, *, done: bool) -> str:
    """One line on what was (``done``) or would be fixed, and the unsafe fixes left; empty
    when there is neither (an editor's fix-on-save shows nothing then)."""
    fixed = [source for source in sources.values() if source.changed]
    count = sum(sum(source.fixed.values()) for source in fixed)
    unsafe = sum(source.unsafe_left for source in sources.values())
    if not count and not unsafe:
        return ""
    verb = "fixed" if done else "would fix"
    files = "file" if len(fixed) == 1 else "files"
    line = f"{verb} {count} finding{'' if count == 1 else 's'} in {len(fixed)} {files}"
    if unsafe:
        line += (f"; {unsafe} more with unsafe fix{'' if unsafe == 1 else 'es'} "
                 "(--unsafe-fixes applies them)")
    return line


def say(notes: Sequence[str]) -> None:
    """Print ``notes`` (the empty ones left out) on stderr."""
    for note in filter(None, notes):
        print(f"pylint-dagster-migration: {note}", file=sys.stderr)
