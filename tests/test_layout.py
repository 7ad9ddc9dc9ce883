"""The code's layout rules that a reviewer would otherwise have to remember."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import pylint_dagster_migration.checkers

CHECKERS = Path(pylint_dagster_migration.checkers.__file__).parent
PACKAGE = "pylint_dagster_migration.checkers"


def _imported_checker_modules(path: Path) -> set[str]:
    """The modules of ``checkers/`` that ``path`` imports, in any import style."""
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported |= {a.name for a in node.names if a.name.startswith(PACKAGE + ".")}
        elif isinstance(node, ast.ImportFrom):
            module = node.module
            if node.level == 1:  # a relative import from inside checkers/
                module = f"{PACKAGE}.{node.module}" if node.module else PACKAGE
            if module == PACKAGE:
                imported |= {f"{PACKAGE}.{alias.name}" for alias in node.names}
            elif module and module.startswith(PACKAGE + "."):
                imported.add(module)
    return {name.removeprefix(PACKAGE + ".").split(".", 1)[0] for name in imported}


@pytest.mark.parametrize("path", sorted(CHECKERS.glob("*.py")), ids=lambda p: p.name)
def test_a_checker_never_imports_another_checker(path):
    # What two checkers need, or which of them owns a keyword, lives in the shared model.
    assert _imported_checker_modules(path) <= {"base"}


def test_the_import_scan_sees_every_import_style(tmp_path):
    path = tmp_path / "checker.py"
    path.write_text(
        "from pylint_dagster_migration.checkers import retries\n"
        "from pylint_dagster_migration.checkers.schedules import CATCHUP_KEYWORDS\n"
        "import pylint_dagster_migration.checkers.sensors\n"
        "from .secrets import x\n"
        "from . import base\n",
        encoding="utf-8",
    )

    assert _imported_checker_modules(path) == {"retries", "schedules", "sensors", "secrets", "base"}
