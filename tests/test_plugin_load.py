"""What loading the plugin costs every pylint run: what it imports, and that its shortcuts
leave pylint exactly as pylint's own way would."""

from __future__ import annotations

import pkgutil
import subprocess
import sys

from pylint import checkers as pylint_checkers
from pylint.lint import PyLinter

import pylint_dagster_migration
from pylint_dagster_migration import compat, register
from pylint_dagster_migration import checkers as our_checkers

# The fix machinery is loaded by --fix, --diff and the first finding whose fix needs it; the
# project index's summarizer when a file is read (not when every summary is in the cache).
LOADED_ON_DEMAND = (
    "pylint_dagster_migration.fixes",
    "pylint_dagster_migration.argument_fixes",
    "pylint_dagster_migration.module_index",
    "pylint_dagster_migration.module_scan",
)


def test_registering_the_plugin_or_starting_the_console_script_loads_no_fix_machinery_or_summarizer():
    # In a process of its own: the test suite has imported everything already.
    script = (
        "import sys\n"
        "from pylint import checkers\n"
        "from pylint.lint import PyLinter\n"
        "import pylint_dagster_migration\n"
        "import pylint_dagster_migration.cli\n"  # the console script: pre-commit, editors
        "linter = PyLinter()\n"
        "checkers.initialize(linter)\n"
        "pylint_dagster_migration.register(linter)\n"
        f"print([name for name in {LOADED_ON_DEMAND!r} if name in sys.modules])\n"
    )

    result = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "[]"


def _configured(monkeypatch=None) -> PyLinter:
    linter = PyLinter()
    pylint_checkers.initialize(linter)
    if monkeypatch is not None:  # each checker loads the option defaults, as pylint does
        monkeypatch.setattr(
            pylint_dagster_migration, "_put_off_option_defaults", lambda linter: lambda: None
        )
    register(linter)
    return linter


def test_options_loaded_once_give_the_configuration_of_one_load_per_checker(monkeypatch):
    once = _configured()
    each = _configured(monkeypatch)

    assert "_load_default_argument_values" not in vars(once)  # pylint's method is back
    assert vars(once.config) == vars(each.config)
    assert "dagster_project_root" in vars(once.config)
    assert once.is_message_enabled("deps-not-a-list") and once.is_message_enabled("C0301")


def test_a_linter_whose_method_is_already_replaced_is_left_alone():
    linter = PyLinter()
    calls = []
    linter._load_default_argument_values = lambda: calls.append(1)  # pylint: disable=protected-access

    register(linter)

    assert len(calls) == len([c for c in linter.get_checkers() if c.name != "main"])


def test_the_checker_modules_are_those_pkgutil_lists():
    for package in (pylint_dagster_migration, our_checkers, compat):
        directory = package.__path__[0]
        listed = [module.name for module in pkgutil.iter_modules([directory])]

        # pylint: disable-next=protected-access
        assert pylint_dagster_migration._module_names(directory) == sorted(listed)


def test_checkers_compare_by_message_ids_without_formatting_their_rationales():
    # pylint compares and hashes checkers by f"{name}{msgs}" whenever it sorts them.
    linter = _configured()
    ours = [c for c in linter.get_checkers() if c.name == "dagster-migration" and c.msgs]

    assert len(ours) > 10
    assert len({f"{checker.name}{checker.msgs}" for checker in ours}) == len(ours)
    assert len(set(ours)) == len(ours)
    assert all(checker == checker and checker != ours[0] for checker in ours[1:])
    for checker in ours:
        text = f"{checker.msgs}"
        assert all(msgid in text for msgid in checker.msgs)
        assert not any(rationale in text for _, _, rationale, *_ in checker.msgs.values())
