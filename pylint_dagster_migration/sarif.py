"""A SARIF 2.1.0 reporter for pylint, for GitHub code scanning and other SARIF viewers.

pylint has no SARIF output of its own. Loading the plugin registers this reporter as
``sarif``, so ``--output-format=sarif:results.sarif`` writes a SARIF log to a file, and
``--output-format=sarif:results.sarif,colorized`` also prints the usual text. Without the
plugin loaded, name the class: ``--output-format=pylint_dagster_migration.sarif.SarifReporter``.

The log's ``tool.driver.rules`` lists every message of this plugin, with a link to its page,
followed by the messages of pylint's own (or other plugins') checkers that occur in the run.

A finding that has a fix (``pylint-dagster-migration --fix``) carries it as a SARIF ``fix``:
the replacements of its file's text, and in the fix's properties whether it is safe. Fixes are
made where the checks run, so a ``-j`` run (whose checks run in worker processes) has none.
"""

from __future__ import annotations

import functools
import json
import tokenize
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

from pylint.exceptions import UnknownMessageError
from pylint.reporters import BaseReporter

from pylint_dagster_migration import __version__

if TYPE_CHECKING:
    from pylint.lint import PyLinter
    from pylint.message import Message, MessageDefinition
    from pylint.reporters.ureports.nodes import Section

    from pylint_dagster_migration.catalog import Message as CatalogMessage
    from pylint_dagster_migration.fixes import Fix

SARIF_SCHEMA = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
SARIF_VERSION = "2.1.0"
SOURCE_ROOT = "%SRCROOT%"
PYLINT_DOCS_URL = "https://pylint.readthedocs.io/en/stable/user_guide/messages"
#: Characters a relative URI path keeps as they are (RFC 3986 pchar, less ':' so that no
#: segment reads as a scheme).
_URI_PATH_SAFE = "/!$&'()*+,;=@"

#: pylint's message categories as SARIF levels; convention, refactor and info become notes.
LEVELS = {"E": "error", "F": "error", "W": "warning", "C": "note", "R": "note", "I": "note"}


class SarifReporter(BaseReporter):
    """Writes one SARIF log for the whole run when pylint displays its messages."""

    name = "sarif"
    extension = "sarif"

    def __init__(self, output: Any = None) -> None:
        super().__init__(output)
        #: Index in ``messages`` -> the fix of that finding (see ``checkers.base``).
        self.fixes: dict[int, Fix] = {}

    def attach_to_last_message(self, fix: Fix) -> None:
        self.fixes[len(self.messages) - 1] = fix

    def display_messages(self, layout: Section | None) -> None:
        print(json.dumps(self.sarif_log(), indent=2), file=self.out)

    def display_reports(self, layout: Section) -> None:
        """SARIF has no place for pylint's reports."""

    def _display(self, layout: Section) -> None:
        """SARIF has no place for pylint's reports."""

    def sarif_log(self) -> dict[str, Any]:
        # The catalog is imported only when a log is written: pylint registers this reporter
        # in every run that loads the plugin, and most runs never use it.
        # pylint: disable-next=import-outside-toplevel
        from pylint_dagster_migration import catalog

        _source_lines.cache_clear()
        rules, index = self._rules()
        root = Path.cwd()
        run: dict[str, Any] = {
            "tool": {
                "driver": {
                    "name": "pylint-dagster-migration",
                    "semanticVersion": __version__,
                    "informationUri": catalog.PROJECT_URL,
                    "rules": rules,
                }
            },
            "originalUriBaseIds": {SOURCE_ROOT: {"uri": root.as_uri() + "/"}},
            "columnKind": "unicodeCodePoints",
            "results": [
                self._result(message, index, root, self.fixes.get(position))
                for position, message in enumerate(self.messages)
            ],
        }
        return {"$schema": SARIF_SCHEMA, "version": SARIF_VERSION, "runs": [run]}

    def _rules(self) -> tuple[list[dict[str, Any]], dict[str, int]]:
        """Every message of ours, then the other messages of the run, and each one's index."""
        # pylint: disable-next=import-outside-toplevel
        from pylint_dagster_migration import catalog

        ours = catalog.messages(self.linter)
        rules = [_our_rule(message, catalog.doc_url(message.symbol)) for message in ours]
        index = {message.msgid: position for position, message in enumerate(ours)}
        for message in self.messages:
            if message.msg_id not in index:
                index[message.msg_id] = len(rules)
                rules.append(self._foreign_rule(message))
        return rules, index

    def _foreign_rule(self, message: Message) -> dict[str, Any]:
        rule: dict[str, Any] = {
            "id": message.msg_id,
            "name": message.symbol,
            "defaultConfiguration": {"level": _level(message.msg_id)},
        }
        definition = _definition(self.linter, message.msg_id)
        if definition is not None:
            description = " ".join(definition.description.split())
            rule["shortDescription"] = {"text": description}
            rule["fullDescription"] = {"text": description}
            if self._is_pylints_own(definition):
                category = "information" if message.category == "info" else message.category
                rule["helpUri"] = f"{PYLINT_DOCS_URL}/{category}/{message.symbol}.html"
        return rule

    def _is_pylints_own(self, definition: MessageDefinition) -> bool:
        return any(
            type(checker).__module__.startswith("pylint.")
            for checker in self.linter.get_checkers()
            if checker.name == definition.checker_name
        )

    def _result(
        self, message: Message, index: dict[str, int], root: Path, fix: Fix | None
    ) -> dict[str, Any]:
        location: dict[str, Any] = {"artifactLocation": _artifact(message, root)}
        region = _region(message)
        if region:
            location["region"] = region
        result = {
            "ruleId": message.msg_id,
            "ruleIndex": index[message.msg_id],
            "level": _level(message.msg_id),
            "message": {"text": f"{message.msg or message.symbol} ({message.symbol})"},
            "locations": [{"physicalLocation": location}],
        }
        if fix is not None:
            result["fixes"] = [_fix(fix, message, location["artifactLocation"])]
        return result


def _our_rule(message: CatalogMessage, help_uri: str) -> dict[str, Any]:
    return {
        "id": message.msgid,
        "name": message.symbol,
        "shortDescription": {"text": message.summary},
        "fullDescription": {"text": message.description.replace("\n\n", " ")},
        "help": {"text": message.rationale or message.summary},
        "helpUri": help_uri,
        "defaultConfiguration": {"level": _level(message.msgid)},
        "properties": {"tags": ["dagster", message.family]},
    }


def _fix(fix: Fix, message: Message, artifact: dict[str, str]) -> dict[str, Any]:
    """A fix as SARIF writes one: its edits as replacements of regions of the file."""
    replacements = []
    for edit in fix.edits:
        (start_line, start_column), (end_line, end_column) = edit.start, edit.end
        start_text = _source_line(message.abspath, start_line)
        end_text = _source_line(message.abspath, end_line)
        replacements.append({
            "deletedRegion": {
                "startLine": start_line,
                "startColumn": _code_points(start_text, start_column) + 1,
                "endLine": end_line,
                "endColumn": _code_points(end_text, end_column) + 1,
            },
            "insertedContent": {"text": edit.text},
        })
    return {
        "description": {"text": fix.description},
        "artifactChanges": [{"artifactLocation": artifact, "replacements": replacements}],
        "properties": {"safety": "safe" if fix.safe else "unsafe"},
    }


def _definition(linter: PyLinter, msgid: str) -> MessageDefinition | None:
    try:
        return linter.msgs_store.get_message_definitions(msgid)[0]
    except UnknownMessageError:
        # A message pylint cannot describe still gets its result, under a bare rule.
        return None


def _level(msgid: str) -> str:
    return LEVELS.get(msgid[:1], "warning")


def _artifact(message: Message, root: Path) -> dict[str, str]:
    path = Path(message.abspath or message.path)
    try:
        relative = path.resolve().relative_to(root.resolve())
    except (OSError, ValueError):
        if path.is_absolute():
            return {"uri": path.as_uri()}
        return {"uri": _relative_uri(Path(message.path)), "uriBaseId": SOURCE_ROOT}
    return {"uri": _relative_uri(relative), "uriBaseId": SOURCE_ROOT}


def _relative_uri(path: Path) -> str:
    return quote(path.as_posix(), safe=_URI_PATH_SAFE)


def _region(message: Message) -> dict[str, int]:
    """pylint's 1-based lines and 0-based columns as SARIF's 1-based lines and columns."""
    if not message.line or message.line < 1:
        return {}
    line_text = _source_line(message.abspath, message.line)
    region = {
        "startLine": message.line,
        "startColumn": _code_points(line_text, message.column) + 1,
    }
    if message.end_line and message.end_line >= message.line and message.end_column is not None:
        end_text = line_text if message.end_line == message.line else _source_line(
            message.abspath, message.end_line
        )
        region["endLine"] = message.end_line
        region["endColumn"] = max(_code_points(end_text, message.end_column) + 1, 1)
        if message.end_line == message.line:
            region["endColumn"] = max(region["endColumn"], region["startColumn"])
    return region


def _source_line(path: str, number: int) -> str | None:
    """The source line, when the file on disk has it (a --from-stdin buffer may differ)."""
    lines = _source_lines(path)
    return lines[number - 1] if number <= len(lines) else None


@functools.lru_cache(maxsize=32)
def _source_lines(path: str) -> tuple[str, ...]:
    try:
        with tokenize.open(path) as source:
            return tuple(source)
    except (OSError, SyntaxError, UnicodeDecodeError, TypeError, ValueError):
        return ()


def _code_points(line: str | None, utf8_offset: int) -> int:
    """astroid's columns count UTF-8 bytes; SARIF counts characters."""
    if not line or line.isascii() or utf8_offset <= 0:
        return max(utf8_offset, 0)
    return len(line.encode("utf-8")[:utf8_offset].decode("utf-8", errors="ignore"))
