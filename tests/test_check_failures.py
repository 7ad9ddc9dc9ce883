"""A failing check costs only its own findings, never pylint's run, and is said once.

Failures are injected into the model building and into a shared helper, with strict mode off
(as in a user's run): pylint finishes, pylint's own messages and our other checks still report,
every module is judged by its own model, and ``dagster-check-failed`` names the check and the
exception type once per module and check, never the exception's text.
"""

from __future__ import annotations

import re

import pytest
from linting import Finding, lint

from pylint_dagster_migration import model, names
from pylint_dagster_migration.checkers.base import STRICT_ENV

SECRET = "hunter2-in-the-exception-text"
DAGSTER_MODULE = """\
import os
import dagster as dg


@dg.asset(deps="raw_orders")
def orders():
    return 1
"""


def _failure(check: str, error: str) -> str:
    return (
        f"{check} raised {error} on this module, so its Dagster migration findings here are "
        "incomplete. Please report it to pylint-dagster-migration; your code is not at fault."
    )


def _deps_finding(obj: str = "orders") -> Finding:
    return Finding(
        5, 15, 5, 27, "deps-not-a-list", obj,
        "deps='raw_orders' is a string, not a list: Dagster iterates it and declares one "
        "external asset per character, with no error. Wrap it in a list: deps=['raw_orders']",
    )


@pytest.fixture(name="modules")
def _modules(tmp_path, monkeypatch):
    """Three Dagster modules, linted in this order: first.py, second.py, third.py."""
    monkeypatch.delenv(STRICT_ENV)
    paths = []
    for name in ("first", "second", "third"):
        path = tmp_path / f"{name}.py"
        path.write_text(DAGSTER_MODULE, encoding="utf-8")
        paths.append(path)
    return paths


def _fail_model_of(monkeypatch, module_name: str) -> None:
    build = model.DagsterModule.__init__

    def failing_build(self, module):
        if module.name == module_name:
            raise KeyError(SECRET)
        build(self, module)

    monkeypatch.setattr(model.DagsterModule, "__init__", failing_build)


def test_a_failed_model_is_said_once_and_the_next_module_has_its_own(modules, monkeypatch):
    _fail_model_of(monkeypatch, "second")

    findings = lint(modules, "--enable=unused-import")

    failure = _failure("Building the plugin's model of the module", "KeyError")
    unused = "Unused import os"
    assert sorted((f.symbol, f.line, f.msg) for f in findings) == [
        ("dagster-check-failed", 1, failure),
        ("deps-not-a-list", 5, _deps_finding().msg),
        ("deps-not-a-list", 5, _deps_finding().msg),
        ("unused-import", 1, unused),
        ("unused-import", 1, unused),
        ("unused-import", 1, unused),
    ]


def test_the_failure_names_the_module_and_never_the_exception_text(modules, monkeypatch, capsys):
    _fail_model_of(monkeypatch, "second")

    findings = lint(modules)

    failed = [f for f in findings if f.symbol == "dagster-check-failed"]
    assert [(f.line, f.column, f.obj) for f in failed] == [(1, 0, "")]
    assert all(SECRET not in f.msg for f in findings)
    assert SECRET not in capsys.readouterr().out


def test_a_failing_helper_drops_only_the_checks_that_use_it(modules, monkeypatch):
    keyword_argument = names.keyword_argument

    def failing_on_deps(call, name):
        if name == "deps":
            raise ValueError(SECRET)
        return keyword_argument(call, name)

    monkeypatch.setattr(names, "keyword_argument", failing_on_deps)

    findings = lint(modules[:1], "--enable=unused-import")

    # Each check that reads deps= failed on the asset's decorator call and said so there,
    # once; their findings are lost, pylint's own unused-import is not.
    failed = [f for f in findings if f.symbol == "dagster-check-failed"]
    assert {(f.line, f.column, f.end_line, f.end_column) for f in failed} == {(5, 1, 5, 28)}
    pattern = re.escape(_failure("CHECK", "ValueError")).replace(
        "CHECK", "The plugin's check ([A-Za-z]+Checker[.]visit_call)"
    )
    checks = [re.fullmatch(pattern, f.msg).group(1) for f in failed]
    assert len(checks) == len(set(checks)) >= 1
    assert {f.symbol for f in findings} == {"dagster-check-failed", "unused-import"}


def test_the_failure_message_can_be_disabled(modules, monkeypatch):
    _fail_model_of(monkeypatch, "second")

    findings = lint(modules, "--disable=dagster-check-failed")

    assert [f.symbol for f in findings] == ["deps-not-a-list", "deps-not-a-list"]


def test_strict_mode_lets_the_failure_through(modules, monkeypatch):
    monkeypatch.setenv(STRICT_ENV, "1")
    _fail_model_of(monkeypatch, "second")

    findings = lint(modules, "--enable=astroid-error")

    assert "astroid-error" in {f.symbol for f in findings}
    assert "dagster-check-failed" not in {f.symbol for f in findings}


def test_a_check_failing_on_every_node_is_said_once_per_module(modules, monkeypatch):
    for path in modules:
        path.write_text(DAGSTER_MODULE + DAGSTER_MODULE.split("\n", 3)[3].replace("orders", "more"))
    keyword_argument = names.keyword_argument

    def failing_on_deps(call, name):
        if name == "deps":
            raise ValueError(SECRET)
        return keyword_argument(call, name)

    monkeypatch.setattr(names, "keyword_argument", failing_on_deps)

    findings = lint(modules)

    assert {(f.symbol, f.line) for f in findings} == {("dagster-check-failed", 5)}
    checks_per_module = len(findings) // 3
    assert len(findings) == 3 * checks_per_module
