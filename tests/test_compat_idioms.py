"""The rules that drop pylint's own messages on Dagster idioms (``compat/dagster_idioms.py``):
the edge cases the ``pylint_compat`` fixtures do not show, and what the installed Dagster does
with each idiom, which is why the rule drops the message."""

from __future__ import annotations

import sys
import textwrap
from pathlib import Path
from typing import Annotated

import astroid
import dagster as dg
import pytest
from astroid import nodes
from pylint.lint import PyLinter

from pylint_dagster_migration import compat, model
from pylint_dagster_migration.compat import dagster_idioms, suppressions

COMPAT = Path(__file__).resolve().parent / "pylint_compat"

RULES = [
    dagster_idioms.parameter_named_after_its_upstream_asset,
    dagster_idioms.op_argument_dagster_supplies,
    dagster_idioms.sensor_invoked_with_its_context,
    dagster_idioms.ancestors_are_dagsters,
    dagster_idioms.methods_inherited_from_dagster,
    dagster_idioms.parameters_dagster_injects,
    dagster_idioms.resolver_callback_parameter,
]


def _parse(source: str) -> nodes.Module:
    return astroid.parse(textwrap.dedent(source), module_name="case")


def _parameter(module: nodes.Module, function: str, name: str) -> nodes.AssignName:
    return next(
        node for node in module.nodes_of_class(nodes.AssignName)
        if node.name == name and isinstance(node.parent, nodes.Arguments)
        and node.parent.parent.name == function
    )


def _call(module: nodes.Module, spelled: str) -> nodes.Call:
    return next(
        call for call in module.nodes_of_class(nodes.Call) if call.func.as_string() == spelled
    )


def _class(module: nodes.Module, name: str) -> nodes.ClassDef:
    return next(cls for cls in module.nodes_of_class(nodes.ClassDef) if cls.name == name)


# Registration, ids, the option ------------------------------------------------------------


def test_every_rule_is_registered_once_under_its_symbol():
    dagster_idioms.register()
    dagster_idioms.register()
    for symbol, rule in [
        ("redefined-outer-name", dagster_idioms.parameter_named_after_its_upstream_asset),
        ("no-value-for-parameter", dagster_idioms.op_argument_dagster_supplies),
        ("too-many-function-args", dagster_idioms.sensor_invoked_with_its_context),
        ("too-many-ancestors", dagster_idioms.ancestors_are_dagsters),
        ("too-few-public-methods", dagster_idioms.methods_inherited_from_dagster),
        ("too-many-arguments", dagster_idioms.parameters_dagster_injects),
        ("too-many-positional-arguments", dagster_idioms.parameters_dagster_injects),
        ("unused-argument", dagster_idioms.resolver_callback_parameter),
    ]:
        assert suppressions.RULES[symbol].count(rule) == 1


def test_rules_of_others_are_kept(monkeypatch):
    def other(node, args):
        return False

    monkeypatch.setitem(suppressions.RULES, "no-value-for-parameter", (other,))
    dagster_idioms.register()
    assert suppressions.RULES["no-value-for-parameter"] == (
        other, dagster_idioms.op_argument_dagster_supplies,
    )


ASSETS = """
import dagster as dg

@dg.asset
def orders():
    return [1]

@dg.asset
def order_count(orders):
    return len(orders)

def plain(orders):
    return orders
"""


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
    module = _parse(ASSETS)
    filtered, passed = _filtered(linter)
    filtered(msgid, None, _parameter(module, "order_count", "orders"), ("orders", 5))
    assert not passed
    filtered(msgid, None, _parameter(module, "plain", "orders"), ("orders", 5))
    assert len(passed) == 1


def test_the_plugin_installs_the_filter_and_the_option_removes_it(linter):
    assert isinstance(linter.__dict__.get("add_message"), suppressions.FilteredAddMessage)
    linter.set_option("dagster-pylint-compat", False)
    compat.load_configuration(linter)
    assert "add_message" not in linter.__dict__


def test_a_rule_that_raises_keeps_the_message(linter, monkeypatch):
    def broken(node):
        raise model.ModelUnavailable(model.ModelFailure(ValueError()))

    monkeypatch.setattr(dagster_idioms, "dagster_module", broken)
    module = _parse(ASSETS)
    filtered, passed = _filtered(linter)
    parameter = _parameter(module, "order_count", "orders")
    filtered("redefined-outer-name", None, parameter, ("orders", 5))
    assert len(passed) == 1


# Odd nodes and arguments: every rule keeps the message ---------------------------------------


ODD_ARGS = [None, (), ("x",), ("'x'", "function"), (1, 2), "x", 3]


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
@pytest.mark.parametrize("args", ODD_ARGS, ids=repr)
def test_no_node_or_an_unexpected_one_keeps_the_message(rule, args):
    module = _parse(ASSETS)
    odd = [None, module, module.body[0], _call(_parse("print(1)"), "print"),
           _parse("x = 1").body[0].targets[0], _parse("class C: pass").body[0]]
    for node in odd:
        assert rule(node, args) is False


@pytest.mark.parametrize("rule", RULES, ids=lambda rule: rule.__name__)
def test_a_module_that_imports_no_dagster_keeps_every_message(rule):
    module = _parse("""
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
    parameter = _parameter(module, "order_count", "orders")
    call = _call(module, "order_count")
    child = _class(module, "Child")
    for node, args in [(parameter, ("orders", 6)), (call, ("'orders'", "function")),
                       (child, (8, 7)), (parameter.parent.parent, (6, 5))]:
        assert rule(node, args) is False


# redefined-outer-name --------------------------------------------------------------------


@pytest.mark.parametrize(
    "decorator",
    [
        "@dg.asset(ins=make_ins())",
        "@dg.asset(ins={**OTHER})",
        "@dg.asset(ins={name(): dg.AssetIn()})",
        "@dg.asset(ins={'orders': dg.AssetIn(**options)})",
        "@dg.asset(ins={'orders': make_in()})",
        "@dg.asset(ins={'orders': dg.AssetIn(key=computed())})",
        "@dg.asset(**options)",
        "@dg.asset_check(asset=computed())",
        "@dg.asset_check()",
        "@dg.asset_check(asset=orders, additional_ins={'orders': dg.AssetIn('other')})",
        "@dg.observable_source_asset",
        "@dg.op",
        "@dg.sensor()",
    ],
)
def test_a_parameter_whose_upstream_the_module_does_not_say_keeps_the_message(decorator):
    module = _parse(f"""
        import dagster as dg

        @dg.asset
        def orders():
            return [1]

        {decorator}
        def consumer(orders):
            return orders
    """)
    parameter = _parameter(module, "consumer", "orders")
    assert not dagster_idioms.parameter_named_after_its_upstream_asset(parameter, ("orders", 5))


@pytest.mark.parametrize(
    "decorator",
    [
        "@dg.asset(ins={'orders': dg.AssetIn(key=['raw', 'orders'])})",
        "@dg.asset(ins={'other': dg.AssetIn(), 'orders': dg.AssetIn(key_prefix='raw')})",
        "@dg.asset_check(asset='orders')",
        "@dg.asset_check(asset=orders, additional_ins={'orders': dg.AssetIn()})",
        "@dg.graph_multi_asset(outs={'a': dg.AssetOut()})",
        "@dg.asset(ins={'other': dg.AssetIn('raw')})",
    ],
)
def test_a_parameter_mapped_to_its_namesake_asset_drops_the_message(decorator):
    module = _parse(f"""
        import dagster as dg

        @dg.asset
        def orders():
            return [1]

        {decorator}
        def consumer(orders):
            return orders
    """)
    parameter = _parameter(module, "consumer", "orders")
    assert dagster_idioms.parameter_named_after_its_upstream_asset(parameter, ("orders", 5))


@pytest.mark.parametrize(
    "annotation", ["dg.AssetExecutionContext", "Warehouse", "ResourceParam[str]", "'Orders'"]
)
def test_a_parameter_that_is_no_input_keeps_the_message(annotation):
    module = _parse(f"""
        import dagster as dg
        from dagster import ResourceParam

        class Warehouse(dg.ConfigurableResource):
            pass

        @dg.asset
        def orders():
            return [1]

        @dg.asset
        def consumer(orders: {annotation}):
            return orders
    """)
    parameter = _parameter(module, "consumer", "orders")
    assert not dagster_idioms.parameter_named_after_its_upstream_asset(parameter, ("orders", 5))


def test_the_message_about_another_name_is_kept():
    module = _parse(ASSETS)
    parameter = _parameter(module, "order_count", "orders")
    assert not dagster_idioms.parameter_named_after_its_upstream_asset(parameter, ("other", 5))


# no-value-for-parameter ------------------------------------------------------------------


OPS = """
import dagster as dg
from project.things import Thing

class Warehouse(dg.ConfigurableResource):
    pass

@dg.op
def load(context, rows, config, db: Warehouse, *, flag: bool = False):
    return rows

@dg.op
def unknown_first(thing: Thing, rows):
    return rows

@dg.graph
def nested(rows):
    return load(rows)

@dg.job
def wiring():
    rows = nested()
    load(*rows)
    load(**rows)
    load()
    load(rows)
    unknown_first(rows)
    make_op()()
    dg.op(name="x")(rows)
"""


@pytest.mark.parametrize(
    ("spelled", "missing", "dropped"),
    [
        ("load", "'context'", True),
        ("load", "'config'", True),
        ("load", "'db'", True),
        ("load", "'rows'", False),       # load(*rows), then load(): the first load() found
        ("load", "<tuple>", False),
        ("load", "'flag'", False),
        ("unknown_first", "'rows'", False),
        ("unknown_first", "'thing'", False),
        ("nested", "'rows'", False),
        ("make_op()", "'rows'", False),
    ],
)
def test_an_op_call_in_a_composition_body(spelled, missing, dropped):
    module = _parse(OPS)
    job = next(f for f in module.nodes_of_class(nodes.FunctionDef) if f.name == "wiring")
    call = next(c for c in job.nodes_of_class(nodes.Call) if c.func.as_string() == spelled)
    assert dagster_idioms.op_argument_dagster_supplies(call, (missing, "function")) is dropped


def test_an_input_bound_by_position_or_by_keyword():
    module = _parse(OPS)
    job = next(f for f in module.nodes_of_class(nodes.FunctionDef) if f.name == "wiring")
    calls = [c for c in job.nodes_of_class(nodes.Call) if c.func.as_string() == "load"]
    starred, double_starred, bare, positional = calls
    rule = dagster_idioms.op_argument_dagster_supplies
    assert not rule(starred, ("'rows'", "function"))
    assert not rule(double_starred, ("'rows'", "function"))
    assert not rule(bare, ("'rows'", "function"))
    assert rule(positional, ("'rows'", "function"))


def test_an_input_given_by_keyword_is_bound():
    module = _parse(OPS.replace("    load(rows)\n", "    load(rows=rows)\n"))
    job = next(f for f in module.nodes_of_class(nodes.FunctionDef) if f.name == "wiring")
    call = [c for c in job.nodes_of_class(nodes.Call) if c.func.as_string() == "load"][-1]
    assert dagster_idioms.op_argument_dagster_supplies(call, ("'rows'", "function"))


PROJECT = {
    "__init__.py": "",
    "resources.py": """
import dagster as dg

class BaseResource(dg.ConfigurableResource):
    pass
""",
    "clients.py": """
from pkg.resources import BaseResource

class ApiClient(BaseResource):
    pass
""",
    "ops.py": """
import dagster as dg
from pkg.clients import ApiClient

@dg.op
def extract(context, api: ApiClient, rows: list):
    return rows
""",
    "jobs.py": """
import dagster as dg
import pkg.ops as ops
from pkg.ops import extract

@dg.op
def first() -> list:
    return [1]

@dg.job
def by_name():
    extract(first())

@dg.job
def by_module():
    ops.extract(first())
""",
}


def test_an_op_and_a_resource_class_of_another_module_of_the_project(
    tmp_path, monkeypatch, fresh_project_index
):
    package = tmp_path / "pkg"
    package.mkdir()
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'pkg'\n")
    for name, source in PROJECT.items():
        (package / name).write_text(source)
    monkeypatch.syspath_prepend(str(tmp_path))
    try:
        module = astroid.MANAGER.ast_from_file(str(package / "jobs.py"), "pkg.jobs")
        for spelled in ("extract", "ops.extract"):
            call = _call(module, spelled)
            for missing in ("'context'", "'api'", "'rows'"):
                assert dagster_idioms.op_argument_dagster_supplies(call, (missing, "function"))
    finally:
        for name in [name for name in astroid.MANAGER.astroid_cache if name.startswith("pkg")]:
            del astroid.MANAGER.astroid_cache[name]


def test_an_op_call_outside_a_composition_keeps_the_message():
    module = _parse(OPS + "\n\ndef direct():\n    load()\n")
    direct = next(f for f in module.nodes_of_class(nodes.FunctionDef) if f.name == "direct")
    call = next(direct.nodes_of_class(nodes.Call))
    assert not dagster_idioms.op_argument_dagster_supplies(call, ("'context'", "function"))


def test_an_imported_name_the_project_does_not_know_keeps_the_message():
    module = _parse("""
        import dagster as dg
        import project.ops as ops
        from project.ops import extract

        @dg.job
        def wiring():
            extract()
            ops.extract()
    """)
    for spelled in ("extract", "ops.extract"):
        call = _call(module, spelled)
        assert not dagster_idioms.op_argument_dagster_supplies(call, ("'context'", "function"))


@pytest.mark.parametrize(
    ("annotation", "kind"),
    [
        ("None", "data"),
        ("dg.ResourceParam[str]", "resource"),
        ("Warehouse", "resource"),
        ("dagster_fivetran.FivetranWorkspace", "resource"),
        ("dagster_k8s.PipesK8sClient", "resource"),
        ("dg.PipesSubprocessClient", "resource"),
        ("dagster_pandas.DataFrame", "unknown"),
        ("dagster_aws.S3PickleIOManager", "resource"),
        ("dg.IOManager", "unknown"),
        ("LegacyStore", "unknown"),
        ("Wrapped", "resource"),
        ("dg.AssetExecutionContext", "unknown"),
        ("project.Thing", "unknown"),
        ("'Warehouse'", "unknown"),
        ("list[int]", "data"),
        ("dict[str, Warehouse]", "unknown"),
    ],
)
def test_what_an_annotation_makes_of_a_parameter(annotation, kind):
    module = _parse(f"""
        import dagster as dg
        import dagster_aws, dagster_fivetran, dagster_k8s, dagster_pandas, project

        class Warehouse(dg.ConfigurableResource):
            pass

        class LegacyStore(dg.IOManager):
            pass

        class Wrapped(Warehouse, LegacyStore):
            pass

        def f(p: {annotation}):
            pass
    """)
    node = model.parameter_annotation(_parameter(module, "f", "p"))
    assert dagster_idioms._annotation_kind(node) == kind  # pylint: disable=protected-access


LIBRARY = """
import dagster as dg
from elsewhere import Missing

class Model:
    pass

class Fitted(Model):
    pass

class Partial(Missing):
    pass

class Settings(dg.Config):
    pass

class Client(dg.ConfigurableResource):
    pass
"""


@pytest.mark.parametrize(
    ("annotation", "kind"),
    [
        ("library.Model", "data"),
        ("Fitted", "data"),
        ("library.Partial", "unknown"),
        ("library.Settings", "unknown"),
        ("Client", "resource"),
        ("library.nothing", "unknown"),
    ],
)
def test_a_class_of_a_library_or_of_the_project_is_data_unless_it_is_dagsters(
    tmp_path, monkeypatch, annotation, kind
):
    (tmp_path / "library.py").write_text(LIBRARY)
    monkeypatch.syspath_prepend(str(tmp_path))
    module = _parse(f"""
        import dagster as dg
        import library
        from library import Fitted, Client

        def f(p: {annotation}):
            pass
    """)
    try:
        node = model.parameter_annotation(_parameter(module, "f", "p"))
        assert dagster_idioms._annotation_kind(node) == kind  # pylint: disable=protected-access
    finally:
        astroid.MANAGER.astroid_cache.pop("library", None)


@pytest.mark.parametrize(
    ("dotted", "linted", "dagsters"),
    [
        ("dagster._core.x", "dagster.y", True),
        ("dagster_dbt.asset_utils", "pipelines.assets", True),
        ("dagster_pipelines.base", "dagster_pipelines.assets", False),
        ("dagster_pipelines.base", "pipelines.assets", True),
        ("dagster_pipelines.base", "dagster_pipelines", False),
        ("pandas.core", "pipelines.assets", False),
    ],
)
def test_a_project_named_like_an_integration_is_not_dagsters(dotted, linted, dagsters):
    module = astroid.parse("x = 1", module_name=linted)
    assert dagster_idioms._is_dagster_module(dotted, module) is dagsters  # pylint: disable=protected-access


def test_a_project_named_like_an_integration_is_not_dagsters_in_its_tests():
    module = astroid.parse("x = 1", module_name="tests.test_assets",
                           path="/work/dagster_pipelines/tests/test_assets.py")
    is_dagsters = dagster_idioms._is_dagster_module  # pylint: disable=protected-access
    assert not is_dagsters("dagster_pipelines.sensors", module)
    assert is_dagsters("dagster_dbt.asset_utils", module)


# too-many-function-args ------------------------------------------------------------------


SENSORS = """
import dagster as dg

@dg.sensor(job_name="j")
def quiet():
    return None

@dg.sensor(job_name="j")
def with_context(context):
    return None

@dg.asset_sensor(asset_key=dg.AssetKey("a"), job_name="j")
def on_asset():
    return None

context = dg.build_sensor_context()
literal = 3

def test():
    quiet(context)
    quiet(literal)
    quiet([context])
    quiet(lambda: context)
    quiet(f"{context}")
    quiet(*[context])
    quiet(context, 1)
    quiet(context=context)
    with_context(context, 1)
    on_asset(context)
    with_context(context)
    quiet(None)
    quiet(make_context())
    quiet(dg.build_multi_asset_sensor_context())
"""


@pytest.mark.parametrize(
    ("index", "dropped"),
    [(0, True), (1, False), (2, False), (3, False), (4, False), (5, False), (6, False),
     (7, False), (8, False), (9, False), (10, False), (11, True), (12, True), (13, False)],
)
def test_a_sensor_invoked_with_one_context(index, dropped):
    module = _parse(SENSORS)
    test = next(f for f in module.nodes_of_class(nodes.FunctionDef) if f.name == "test")
    call = test.body[index].value
    assert dagster_idioms.sensor_invoked_with_its_context(call, ("function",)) is dropped


# too-many-ancestors, too-few-public-methods ------------------------------------------------


HIERARCHY = """
import dagster as dg
from dagster import ConfigurableResource as Base
import project

class A(dg.ConfigurableResource): pass
class B(A): pass
class C(B, Base[int]): pass
class Plain: pass
class D(Plain, project.Unknown): pass
class E(project.missing.Name): pass
class F(undefined_name): pass
class G(A, B): pass
def make(): return Plain()
class H(make(), A): pass
"""


@pytest.mark.parametrize(
    ("name", "args", "dropped"),
    [
        ("A", (8, 7), True),
        ("C", (12, 7), True),
        ("C", (12, 1), False),  # A and B: two of the project's own
        ("C", (12, "7"), False),
        ("C", (12,), False),
        ("D", (8, 7), False),  # no Dagster class: pylint counted what it should
        ("E", (8, 7), False),
        ("F", (8, 7), False),
        ("G", (12, 1), False),  # A, B and A again through B: two
        ("G", (12, 2), True),
        ("H", (12, 2), True),  # Plain through an instance of it, and A
    ],
)
def test_ancestors_counted_without_dagsters(name, args, dropped):
    cls = _class(_parse(HIERARCHY), name)
    assert dagster_idioms.ancestors_are_dagsters(cls, args) is dropped


def test_a_dagster_class_reexported_by_a_project_module_is_not_counted(tmp_path, monkeypatch):
    (tmp_path / "reexport.py").write_text("from dagster import ConfigurableIOManager\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    module = _parse("""
        import dagster as dg
        from reexport import ConfigurableIOManager

        class Local(ConfigurableIOManager):
            pass
    """)
    assert dagster_idioms.ancestors_are_dagsters(_class(module, "Local"), (12, 7))
    astroid.MANAGER.astroid_cache.pop("reexport", None)


@pytest.mark.parametrize(
    ("name", "dropped"),
    [("A", True), ("B", True), ("C", True), ("Plain", False), ("D", False), ("E", False)],
)
def test_few_methods_inherited_from_dagster(name, dropped):
    cls = _class(_parse(HIERARCHY), name)
    assert dagster_idioms.methods_inherited_from_dagster(cls, (0, 2)) is dropped


# too-many-arguments, unused-argument -------------------------------------------------------


def test_only_a_dagster_definition_has_its_parameters_injected():
    module = _parse("""
        import dagster as dg

        @dg.asset
        def report(a, b, c, d, e, f):
            pass

        def helper(a, b, c, d, e, f):
            pass
    """)
    report, helper = module.body[1], module.body[2]
    assert dagster_idioms.parameters_dagster_injects(report, (6, 5))
    assert not dagster_idioms.parameters_dagster_injects(helper, (6, 5))


RESOLVERS = """
import dagster as dg
from dagster import components
from dagster.components import Resolver

def by_name(context, value, extra=None):
    return value

def by_keyword(context, value):
    return value

def from_model(context, model):
    return model

def not_given(context, value):
    return value

def shadowed(context, value):
    return value

class Holder:
    def method(self, context):
        return 1

lambda_resolver = dg.Resolver(lambda context, value: value)
a = Resolver(by_name)
b = components.Resolver(fn=by_keyword)
c = dg.Resolver.from_model(from_model)
d = dg.Resolver(Holder().method)
e = other.Resolver(shadowed)
f = dg.Resolver()
number = 1
g = dg.Resolver(number)
"""


@pytest.mark.parametrize(
    ("function", "parameter", "dropped"),
    [
        ("by_name", "context", True),
        ("by_name", "value", True),
        ("by_name", "extra", False),
        ("by_keyword", "context", True),
        ("from_model", "model", True),
        ("not_given", "context", False),
        ("shadowed", "context", False),
        ("method", "context", False),
    ],
)
def test_a_resolver_callback_parameter(function, parameter, dropped):
    module = _parse(RESOLVERS)
    node = _parameter(module, function, parameter)
    assert dagster_idioms.resolver_callback_parameter(node, parameter) is dropped
    assert not dagster_idioms.resolver_callback_parameter(node, "other")


# What Dagster does with each idiom -------------------------------------------------------


def _import(path: Path):
    sys.path.insert(0, str(path.parent))
    try:
        return __import__(path.stem)
    finally:
        sys.path.remove(str(path.parent))
        sys.modules.pop(path.stem, None)


def test_dagster_loads_each_parameter_from_the_asset_named_after_it():
    idiom = _import(COMPAT / "redefined-outer-name" / "dagster_checks_and_graphs.py")
    assets = [idiom.customers, idiom.payments, idiom.payment_total, idiom.customer_count,
              idiom.customer_total, idiom.customer_ends]
    checks = [idiom.customers_not_empty, idiom.payments_positive, idiom.customer_checks]
    result = dg.materialize([*assets, *checks])
    assert result.output_for_node("payment_total") == 30
    assert result.output_for_node("customer_count") == 2
    assert result.output_for_node("customer_total", "result") == 2
    evaluations = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert evaluations == {
        "customers_not_empty": True, "payments_positive": True, "has_customers": True
    }


def test_an_asset_check_receives_its_target_whatever_the_parameter_is_called():
    @dg.asset
    def orders():
        return [1, 2]

    @dg.asset_check(asset=orders)
    def any_name(whatever):
        return dg.AssetCheckResult(passed=whatever == [1, 2])

    result = dg.materialize([orders, any_name])
    assert [e.passed for e in result.get_asset_check_evaluations()] == [True]


def test_dagster_supplies_context_config_and_resources_and_binds_positions_to_inputs():
    idiom = _import(COMPAT / "no-value-for-parameter" / "dagster_op_calls.py")
    for job in idiom.defs.resolve_all_job_defs():
        assert job.execute_in_process().success
    assert idiom.rows_job.execute_in_process().output_for_node("trimmed") == [1, 2]


def test_an_unconnected_op_input_loads_but_needs_run_config():
    @dg.op
    def combine(left: int, right: int) -> int:
        return left + right

    @dg.op
    def first() -> int:
        return 1

    @dg.job
    def unwired():
        combine(first())

    with pytest.raises(dg.DagsterInvalidConfigError, match="inputs"):
        unwired.execute_in_process()
    config = {"ops": {"combine": {"inputs": {"right": 2}}}}
    assert unwired.execute_in_process(run_config=config).output_for_node("combine") == 3


def test_a_sensor_or_schedule_takes_one_context_it_does_not_declare():
    idiom = _import(COMPAT / "too-many-function-args" / "dagster_sensor_invocation.py")
    idiom.check_sensor()
    idiom.check_schedule(dg.build_schedule_context())
    control = _import(COMPAT / "too-many-function-args" / "control_invocation.py")
    context = dg.build_sensor_context()
    with pytest.raises(dg.DagsterInvalidInvocationError, match="multiple non-resource"):
        control.quiet_sensor(context, 1)
    for wrong in (1, dg.build_schedule_context()):
        with pytest.raises(Exception, match="is not a SensorEvaluationContext"):
            control.quiet_sensor(wrong)
    with pytest.raises(Exception, match="is not a ScheduleEvaluationContext"):
        control.quiet_schedule(context)
    with pytest.raises(TypeError):
        control.evaluate(context)


def test_a_multi_asset_sensor_takes_its_own_context_it_does_not_declare():
    @dg.asset
    def orders():
        return [1]

    @dg.multi_asset_sensor(monitored_assets=[orders.key], job_name="refresh")
    def watcher():
        return dg.SkipReason("nothing")

    context = dg.build_multi_asset_sensor_context(
        monitored_assets=[orders.key],
        instance=dg.DagsterInstance.ephemeral(),
        definitions=dg.Definitions(assets=[orders]),
    )
    assert watcher(context) == dg.SkipReason("nothing")
    with pytest.raises(Exception, match="is not a MultiAssetSensorEvaluationContext"):
        watcher(dg.build_sensor_context())


def test_dagster_base_classes_supply_the_public_methods_pylint_does_not_see():
    for base in (dg.ConfigurableResource, dg.ConfigurableIOManager, dg.Config):
        public = [
            name for name in dir(base)
            if not name.startswith("_") and callable(getattr(base, name))
        ]
        assert len(public) >= 2, base


def test_dagster_calls_a_resolver_with_context_and_value():
    received = []

    def resolve(context, value):
        received.append((type(context).__name__, value))
        return value.upper()

    def value_only(value):
        return value

    class Good(dg.Resolvable, dg.Model):
        name: Annotated[str, dg.Resolver(resolve, model_field_type=str)]

    class Bad(dg.Resolvable, dg.Model):
        name: Annotated[str, dg.Resolver(value_only, model_field_type=str)]

    assert Good.resolve_from_dict({"name": "x"}).name == "X"
    assert received == [("ResolutionContext", "x")]
    with pytest.raises(Exception, match="takes 1 positional argument but 2 were given"):
        Bad.resolve_from_dict({"name": "x"})


def test_definitions_with_many_injected_parameters_load_and_run():
    idiom = _import(COMPAT / "too-many-arguments" / "dagster_injected_parameters.py")
    assets = [idiom.orders, idiom.customers, idiom.refunds, idiom.payments, idiom.daily_report]
    result = dg.materialize(assets, resources={"warehouse": idiom.Warehouse()})
    assert result.output_for_node("daily_report") == 8 + 4
    assert idiom.export_job.execute_in_process().success
