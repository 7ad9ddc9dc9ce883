"""How the plugin registers: one checker name, ids in our range, no clash with pylint's own."""

from __future__ import annotations

import pkgutil
import re

import pylint.extensions
from linting import ROOT
from pylint import checkers as pylint_checkers
from pylint.lint import PyLinter

from pylint_dagster_migration import register
from pylint_dagster_migration.catalog import messages, render_readme
from pylint_dagster_migration.checkers.base import CHECKER_NAME


def _our_checkers(linter):
    return [checker for checker in linter.get_checkers() if checker.name == CHECKER_NAME]


def test_every_checker_module_registers_under_the_one_checker_name():
    linter = PyLinter()
    register(linter)
    ours = _our_checkers(linter)
    assert ours
    assert {type(checker).__module__ for checker in ours} == {
        f"pylint_dagster_migration.checkers.{module.name}"
        for module in pkgutil.iter_modules(
            __import__("pylint_dagster_migration.checkers", fromlist=["x"]).__path__
        )
    } | {"pylint_dagster_migration.compat"}  # holds the dagster-pylint-compat option


def test_message_ids_use_prefix_73_and_unique_numbers():
    found = messages()
    assert found
    for message in found:
        assert re.fullmatch(r"[CRWEF]73\d\d", message.msgid), message.msgid
        assert re.fullmatch(r"[a-z]+(-[a-z]+)+", message.symbol), message.symbol
    numbers = [message.msgid[1:] for message in found]
    assert len(numbers) == len(set(numbers))


def test_no_id_or_symbol_collides_with_pylint_and_its_extensions():
    linter = PyLinter()
    pylint_checkers.initialize(linter)
    extensions = [
        f"pylint.extensions.{module.name}"
        for module in pkgutil.iter_modules(pylint.extensions.__path__)
        if not module.name.startswith("_")
    ]
    linter.load_plugin_modules(extensions)
    theirs = {m.msgid for c in linter.get_checkers() for m in c.messages} | {
        m.symbol for c in linter.get_checkers() for m in c.messages
    }
    # Registering ours into the same linter raises on any duplicate id or symbol.
    register(linter)
    ours = {m.msgid for m in messages()} | {m.symbol for m in messages()}
    assert not theirs & ours


def test_our_options_are_prefixed():
    linter = PyLinter()
    register(linter)
    for checker in _our_checkers(linter):
        for name, _ in checker.options:
            assert name.startswith("dagster-"), name


def test_every_message_has_a_summary_and_a_rationale():
    for message in messages():
        assert message.summary.endswith("."), message.symbol
        assert len(message.rationale) > 80, message.symbol


def test_readme_messages_table_is_up_to_date():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert render_readme(readme) == readme, "run: python -m pylint_dagster_migration.catalog"


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    command = next(line for line in ci.splitlines() if "pytest" in line)
    assert f"\n{command}\n" in readme


def test_readme_example_output_is_what_the_linter_prints(tmp_path):
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    intro = readme.split("## Quick start", 1)[0]
    source = intro.split("```python\n", 1)[1].split("```", 1)[0]
    printed = intro.split("```text\n", 1)[1].split("```", 1)[0]
    from linting import lint_source  # pylint: disable=import-outside-toplevel

    (finding,) = lint_source(tmp_path, source, name="pipeline.py")
    shown = (
        f"pipeline.py:{finding.line}:{finding.column}: {finding_id(finding)}: {finding.msg} "
        f"({finding.symbol})"
    )
    assert " ".join(printed.split()) == " ".join(shown.split())


def finding_id(finding):
    return next(m.msgid for m in messages() if m.symbol == finding.symbol)
