"""pylint's own checks with the plugin loaded: no false alarm on Dagster's idioms, the same
message kept on the same construct outside Dagster.

``pylint_compat/<pylint symbol>/`` holds, for each silenced pattern:

- ``dagster*.py``: the idiom. Each ``# [symbol]`` line is where pylint's default checkers
  raise the message (the directory's, or another one the file marks: the same lines raise
  ``too-many-arguments`` and ``too-many-positional-arguments``) without the plugin (so the false alarm exists in the pylint we pin);
  with the plugin, the file has no such message.
- ``control*.py``: the same construct outside Dagster (a plain function, a real missing
  argument). Each marked line raises the message with the plugin too.

All files are linted in three runs with pylint's default checkers: without the plugin and
with ``--dagster-pylint-compat=n`` in subprocesses (astroid caches the modules it builds, so
a run without the transforms needs a process of its own), and with the plugin in this process.
"""

from __future__ import annotations

import json
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from pylint.lint import Run
from pylint.reporters import CollectingReporter

from linting import EMPTY_RCFILE, MARKER

HERE = Path(__file__).resolve().parent
COMPAT = HERE / "pylint_compat"
DEFAULT_ARGS = (f"--rcfile={EMPTY_RCFILE}", "--persistent=n", "--score=n", "--jobs=1")
PLUGIN = "--load-plugins=pylint_dagster_migration"

#: (file, line, symbol)
Found = tuple[str, int, str]


def _files() -> list[Path]:
    return sorted(COMPAT.glob("*/*.py"))


def _marked(path: Path) -> Counter[Found]:
    """The ``# [symbol]`` lines of ``path``."""
    found: Counter[Found] = Counter()
    for number, text in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        match = MARKER.search(text)
        if match:
            for marked in match.group(1).split(","):
                found[(path.name, number, marked.strip())] += 1
    return found


def _symbols(path: Path) -> set[str]:
    """The messages ``path`` is about: its directory's, and any other it marks."""
    return {path.parent.name} | {symbol for _, _, symbol in _marked(path)}


def _found_in(messages, path: Path) -> Counter[Found]:
    """The messages on ``path`` with a symbol it is about."""
    symbols = _symbols(path)
    return Counter(
        (path.name, line, symbol)
        for file, line, symbol in messages
        if Path(file).resolve() == path and symbol in symbols
    )


def _subprocess_run(*args: str) -> list[tuple[str, int, str]]:
    completed = subprocess.run(
        [sys.executable, "-m", "pylint", *DEFAULT_ARGS, "--output-format=json2", *args,
         *map(str, _files())],
        capture_output=True, text=True, check=False, cwd=COMPAT,
    )
    assert completed.returncode < 32, completed.stderr
    report = json.loads(completed.stdout)
    return [(m["absolutePath"], m["line"], m["symbol"]) for m in report["messages"]]


@pytest.fixture(scope="module")
def without_plugin():
    return _subprocess_run()


@pytest.fixture(scope="module")
def switched_off():
    return _subprocess_run(PLUGIN, "--dagster-pylint-compat=n")


@pytest.fixture(scope="module")
def with_plugin():
    reporter = CollectingReporter()
    Run([*DEFAULT_ARGS, PLUGIN, *map(str, _files())], reporter=reporter, exit=False)
    return [(m.abspath, m.line, m.symbol) for m in reporter.messages]


IDIOMS = [path for path in _files() if path.name.startswith("dagster")]
CONTROLS = [path for path in _files() if path.name.startswith("control")]


def _id(path: Path) -> str:
    return f"{path.parent.name}/{path.name}"


def test_every_pattern_has_an_idiom_and_a_control():
    patterns = {path.parent.name for path in _files()}
    assert patterns == {path.parent.name for path in IDIOMS}
    assert patterns == {path.parent.name for path in CONTROLS}
    for path in _files():
        assert path.parent.name in {symbol for _, _, symbol in _marked(path)}, (
            f"{_id(path)} marks no line with # [{path.parent.name}]")


@pytest.mark.parametrize("path", IDIOMS, ids=_id)
def test_idiom_raises_the_false_alarm_without_the_plugin(path, without_plugin):
    assert _found_in(without_plugin, path) == _marked(path)


@pytest.mark.parametrize("path", IDIOMS, ids=_id)
def test_plugin_silences_the_idiom(path, with_plugin):
    assert not _found_in(with_plugin, path)


@pytest.mark.parametrize("path", IDIOMS, ids=_id)
def test_option_off_keeps_pylints_findings(path, switched_off):
    assert _found_in(switched_off, path) == _marked(path)


@pytest.mark.parametrize("path", CONTROLS, ids=_id)
def test_same_message_outside_dagster_is_kept(path, without_plugin, with_plugin):
    assert _found_in(without_plugin, path) == _marked(path)
    assert _found_in(with_plugin, path) == _marked(path)
