"""Run pylint with only this plugin's checks, in-process, and read fixture expectations.

Fixture files follow pylint's functional tests: a ``# [symbol]`` comment marks each line where
a message must start, and ``<name>.txt`` beside ``<name>.py`` holds the exact expected output,
one ``symbol:line:column:end_line:end_column:object:message`` per finding. Regenerate the
``.txt`` files with ``python tests/update_expected.py`` and review the diff.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from pylint.lint import Run
from pylint.reporters import CollectingReporter

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "fixtures"
EMPTY_RCFILE = Path(__file__).resolve().parent / "empty.pylintrc"
PLUGIN_ARGS = (
    f"--rcfile={EMPTY_RCFILE}",
    "--load-plugins=pylint_dagster_migration",
    "--disable=all",
    "--enable=dagster-migration",
    "--persistent=n",
    "--score=n",
)
MARKER = re.compile(r"#\s*\[([a-z0-9-]+(?:\s*,\s*[a-z0-9-]+)*)\]\s*$")


@dataclass(frozen=True, order=True)
class Finding:
    line: int
    column: int
    end_line: int | None
    end_column: int | None
    symbol: str
    obj: str
    msg: str

    def expected_line(self) -> str:
        return (
            f"{self.symbol}:{self.line}:{self.column}:{self.end_line}:{self.end_column}:"
            f"{self.obj}:{self.msg}"
        )


def lint(paths, *extra_args: str) -> list[Finding]:
    """Findings of our checks (and of any message enabled by ``extra_args``) on ``paths``."""
    reporter = CollectingReporter()
    Run([*PLUGIN_ARGS, *extra_args, *map(str, paths)], reporter=reporter, exit=False)
    return sorted(
        (
            Finding(m.line, m.column, m.end_line, m.end_column, m.symbol, m.obj, m.msg)
            for m in reporter.messages
        ),
        # A message on a whole module has no end position.
        key=lambda f: (f.line, f.column, f.end_line or 0, f.end_column or 0, f.symbol, f.obj, f.msg),
    )


def lint_source(tmp_path: Path, source: str, name: str = "pipeline.py") -> list[Finding]:
    path = tmp_path / name
    path.write_text(source, encoding="utf-8")
    return lint([path])


def markers(path: Path) -> Counter:
    """(line, symbol) pairs marked with ``# [symbol]`` comments in a fixture."""
    marked: Counter = Counter()
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = MARKER.search(text)
        if match:
            for symbol in match.group(1).split(","):
                marked[(number, symbol.strip())] += 1
    return marked


def expected_path(fixture: Path) -> Path:
    return fixture.with_suffix(".txt")


def bad_fixtures() -> list[Path]:
    return sorted(FIXTURES.glob("*/bad*.py"))


def good_fixtures() -> list[Path]:
    return sorted(FIXTURES.glob("*/good*.py"))
