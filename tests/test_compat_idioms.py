"""How the compatibility layer's rules drop pylint's own messages on Dagster idioms
(``compat/suppressions.py``, each concern's ``RULES`` registered by ``compat``): registration,
messages by id or symbol, the option, the layout of the rule modules, and what every rule does
with a node or arguments it does not expect. Each rule's own cases are in
``test_compat_<module>.py``."""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from pylint.lint import PyLinter

from compat_cases import ASSETS, find_call, find_class, find_parameter, parse_case
from pylint_dagster_migration import compat, model
from pylint_dagster_migration.compat import (
    asset_parameters,
    class_hierarchy,
    composition_calls,
    recognise,
    resolvers,
    suppressions,
)

#: pylint's message symbol -> the rule that drops it on a Dagster idiom.
REGISTERED = [
    ("redefined-outer-name", asset_parameters.parameter_named_after_its_upstream_asset),
    ("no-value-for-parameter", composition_calls.op_argument_dagster_supplies),
    ("too-many-function-args", composition_calls.sensor_invoked_with_its_context),
    ("too-many-ancestors", class_hierarchy.ancestors_are_dagsters),
    ("too-few-public-methods", class_hierarchy.methods_inherited_from_dagster),
    ("too-many-arguments", asset_parameters.parameters_dagster_injects),
    ("too-many-positional-arguments", asset_parameters.parameters_dagster_injects),
    ("unused-argument", resolvers.resolver_callback_parameter),
]
RULES = list(dict.fromkeys(rule for _, rule in REGISTERED))
COMPAT_PACKAGE = Path(compat.__file__).parent
#: The modules an idiom module may import from ``compat``: what two of them need lives there.
SHARED = {"recognise", "annotation_kinds", "suppressions"}


# Registration, ids, the option ------------------------------------------------------------


def test_every_rule_is_registered_once_under_its_symbol():
    compat.register_idiom_rules()
    compat.register_idiom_rules()
    assert {pair for idioms in compat.IDIOMS for pair in idioms.RULES} == set(REGISTERED)
    for symbol, rule in REGISTERED:
        assert suppressions.RULES[symbol].count(rule) == 1


def test_rules_of_others_are_kept(monkeypatch):
    def other(node, args):
        return False

    monkeypatch.setitem(suppressions.RULES, "no-value-for-parameter", (other,))
    compat.register_idiom_rules()
    assert suppressions.RULES["no-value-for-parameter"] == (
        other, composition_calls.op_argument_dagster_supplies,
    )


@pytest.fixture
def linter():
    linter = PyLinter()
    linter.load_default_plugins()
    linter.load_plugin_modules(["pylint_dagster_migration"])
    linter.load_plugin_configuration()
    yield linter
    compat.settings.enabled = True


def _filtered(linter) -> tuple[suppressions.FilteredAddMessage, list]:
    passed: list = []
    filtered = suppressions.FilteredAddMessage(linter, lambda *args, **kwargs: passed.append(args))
    return filtered, passed


@pytest.mark.parametrize("msgid", ["W0621", "redefined-outer-name"])
def test_a_message_given_by_id_or_by_symbol_meets_the_rule(linter, msgid):
    module = parse_case(ASSETS)
    filtered, passed = _filtered(linter)
    filtered(msgid, None, find_parameter(module, "order_count", "orders"), ("orders", 5))
    assert not passed
    filtered(msgid, None, find_parameter(module, "plain", "orders"), ("orders", 5))
    assert len(passed) == 1


def test_the_plugin_installs_the_filter_and_the_option_removes_it(linter):
    assert isinstance(linter.__dict__.get("add_message"), suppressions.FilteredAddMessage)
    linter.set_option("dagster-pylint-compat", False)
    compat.load_configuration(linter)
    assert "add_message" not in linter.__dict__


def test_a_rule_that_raises_keeps_the_message(linter, monkeypatch):
    def broken(node):
        raise model.ModelUnavailable(model.ModelFailure(ValueError()))

    monkeypatch.setattr(recognise, "dagster_module", broken)
    module = parse_case(ASSETS)
    filtered, passed = _filtered(linter)
    parameter = find_parameter(module, "order_count", "orders")
    filtered("redefined-outer-name", None, parameter, ("orders", 5))
    assert len(passed) == 1


# Layout: one module per concern -------------------------------------------------------------


def _imported_compat_modules(path: Path) -> set[str]:
    """The modules of ``compat/`` that ``path`` imports, absolutely or relatively."""
    package = "pylint_dagster_migration.compat"
    imported = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            imported |= {a.name for a in node.names if a.name.startswith(package + ".")}
        elif isinstance(node, ast.ImportFrom):
            module = f"{package}.{node.module or ''}".rstrip(".") if node.level else node.module
            if module == package:
                imported |= {f"{package}.{alias.name}" for alias in node.names}
            elif module and module.startswith(package + "."):
                imported.add(module)
    return {name.removeprefix(package + ".").split(".", 1)[0] for name in imported}


@pytest.mark.parametrize("idioms", compat.IDIOMS, ids=lambda module: module.__name__)
def test_an_idiom_module_imports_no_other_idiom_module(idioms):
    assert _imported_compat_modules(Path(idioms.__file__)) <= SHARED


def test_every_module_with_rules_is_registered():
    with_rules = [
        importlib.import_module(f"pylint_dagster_migration.compat.{path.stem}")
        for path in sorted(COMPAT_PACKAGE.glob("*.py"))
    ]
    assert {m for m in with_rules if hasattr(m, "RULES")} - {suppressions} == set(compat.IDIOMS)


# Odd nodes and arguments: every rule keeps the message ---------------------------------------


ODD_ARGS = [None, (), ("x",), ("'x'", "function"), (1, 2), "x", 3]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
@pytest.mark.parametrize("args", ODD_ARGS, ids=repr)
def test_no_node_or_an_unexpected_one_keeps_the_message(rule, args):
    module = parse_case(ASSETS)
    odd = [None, module, module.body[0], find_call(parse_case("print(1)"), "print"),
           parse_case("x = 1").body[0].targets[0], parse_case("class C: pass").body[0]]
    for node in odd:
        assert rule(node, args) is False


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_a_module_that_imports_no_dagster_keeps_every_message(rule):
    module = parse_case("""
        def asset(f):
            return f

        @asset
        def orders():
            return [1]

        @asset
        def order_count(orders, a, b, c, d, e):
            return len(orders)

        class Base: pass
        class Child(Base): pass
        order_count()
    """)
    parameter = find_parameter(module, "order_count", "orders")
    call = find_call(module, "order_count")
    child = find_class(module, "Child")
    for node, args in [(parameter, ("orders", 6)), (call, ("'orders'", "function")),
                       (child, (8, 7)), (parameter.parent.parent, (6, 5))]:
        assert rule(node, args) is False
