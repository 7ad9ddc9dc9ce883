"""What ``--fix`` leaves of a module, what our checks then report, and the fixed module loaded
as a code location loads it: the steps every test of a message's fixes takes."""

from __future__ import annotations

from pathlib import Path
from types import ModuleType

import pytest
from linting import EMPTY_RCFILE, lint
from loading import import_source

from pylint_dagster_migration import cli

#: The console script's options of every fix run: no configuration of the machine's, no
#: statistics file.
COMMAND = ["--rcfile", str(EMPTY_RCFILE), "--persistent=n"]


def fixed_text(project: Path, source: str, *options: str, unsafe: bool = False) -> str:
    """``source``, written to ``project/pipeline.py``, as ``--fix`` (with ``unsafe``,
    ``--fix --unsafe-fixes``) and pylint ``options`` leave it."""
    path = project / "pipeline.py"
    path.write_text(source, encoding="utf-8")
    fix_options = ["--fix", "--unsafe-fixes"] if unsafe else ["--fix"]
    with pytest.raises(SystemExit):
        cli.main([*COMMAND, *fix_options, *options, str(path)])
    return path.read_text(encoding="utf-8")


def symbols_left(project: Path, *options: str) -> list[str]:
    """The symbols of what our checks report on ``project/pipeline.py``."""
    return [finding.symbol for finding in lint([project / "pipeline.py"], *options)]


def load_fixed(project: Path, source: str) -> ModuleType:
    """The fixed ``source`` imported as a code location imports it (skipped without Dagster)."""
    pytest.importorskip("dagster")
    return import_source(project, source, prefix="fixed")
