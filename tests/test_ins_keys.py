"""ins-key-without-parameter: each reported key makes Dagster fail to import the module, the
near misses import fine, and the self-dependency the message proposes loads and materializes."""

from __future__ import annotations

import pytest
from loading import import_source
from linting import FIXTURES, lint, lint_source

SYMBOL = "ins-key-without-parameter"
FIXTURE = FIXTURES / SYMBOL
HEADER = """\
import dagster as dg


@dg.asset
def upstream() -> int:
    return 1


@dg.op
def o(**inputs) -> int:
    return 1


@dg.op
def passthrough(y: int) -> int:
    return y


"""


# The errors Dagster 1.13 raises while importing the module.
ASSET_ERROR = "Key 'y' in provided ins dict does not correspond to any of the names"
OP_ERROR = "decorated function does not have argument\\(s\\) 'y'"
CHECK_ERROR = "'y' is specified in 'additional_ins' but isn't a parameter"

#: A key that names no parameter, with the start of the key in its line and Dagster's error.
REPORTED = {
    "asset": ("@dg.asset(ins={'y': dg.AssetIn('upstream')})\ndef a(x): ...", 15, ASSET_ERROR),
    "asset with a typed input": (
        "@dg.asset(ins={'y': dg.AssetIn('upstream', dagster_type=int)})\ndef a(): ...",
        15,
        ASSET_ERROR,
    ),
    "asset with ins=dict(...)": (
        "@dg.asset(ins=dict(y=dg.AssetIn('upstream')))\ndef a(): ...",
        19,
        ASSET_ERROR,
    ),
    "multi_asset": (
        "@dg.multi_asset(outs={'m': dg.AssetOut()}, ins={'y': dg.AssetIn('upstream')})\n"
        "def a(): ...",
        48,
        ASSET_ERROR,
    ),
    "multi_asset_check": (
        "@dg.multi_asset_check(\n"
        "    specs=[dg.AssetCheckSpec('c', asset='upstream')], ins={'y': dg.AssetIn('upstream')}\n"
        ")\ndef a(): ...",
        59,
        ASSET_ERROR,
    ),
    "op": ("@dg.op(ins={'y': dg.In()})\ndef a(): ...", 12, OP_ERROR),
    "op with a typed input": ("@dg.op(ins={'y': dg.In(int)})\ndef a(x): ...", 12, OP_ERROR),
    "graph": ("@dg.graph(ins={'y': dg.GraphIn()})\ndef a():\n    return o()", 15, OP_ERROR),
    "graph_asset": (
        "@dg.graph_asset(ins={'y': dg.AssetIn('upstream')})\ndef a():\n    return o()",
        21,
        ASSET_ERROR,
    ),
    "graph_asset with an ordering-only input": (
        "@dg.graph_asset(ins={'y': dg.AssetIn('upstream', dagster_type=dg.Nothing)})\n"
        "def a():\n    return o()",
        21,
        OP_ERROR,
    ),
    "graph_multi_asset": (
        "@dg.graph_multi_asset(outs={'m': dg.AssetOut()}, ins={'y': dg.AssetIn('upstream')})\n"
        "def a():\n    return o()",
        54,
        ASSET_ERROR,
    ),
    "asset_check additional_ins": (
        "@dg.asset_check(asset=upstream, additional_ins={'y': dg.AssetIn('other')})\n"
        "def a(upstream): ...",
        48,
        CHECK_ERROR,
    ),
    "asset_check additional_ins with **kwargs": (
        "@dg.asset_check(asset=upstream, additional_ins={'y': dg.AssetIn('other')})\n"
        "def a(upstream, **inputs): ...",
        48,
        CHECK_ERROR,
    ),
}

#: Keys that need no parameter, or that the linter cannot read: no finding, and the module loads.
NEAR_MISSES = {
    "key naming a parameter": "@dg.asset(ins={'x': dg.AssetIn('upstream')})\ndef a(x): ...",
    "asset with **kwargs": "@dg.asset(ins={'y': dg.AssetIn('upstream')})\ndef a(**inputs): ...",
    "asset ordering-only input": (
        "@dg.asset(ins={'y': dg.AssetIn('upstream', dagster_type=dg.Nothing)})\ndef a(): ..."
    ),
    "multi_asset with **kwargs": (
        "@dg.multi_asset(outs={'m': dg.AssetOut()}, ins={'y': dg.AssetIn('upstream')})\n"
        "def a(**inputs): ..."
    ),
    "multi_asset_check with **kwargs": (
        "@dg.multi_asset_check(\n"
        "    specs=[dg.AssetCheckSpec('c', asset='upstream')], ins={'y': dg.AssetIn('upstream')}\n"
        ")\ndef a(**inputs): ..."
    ),
    "op ordering-only input": "@dg.op(ins={'y': dg.In(dg.Nothing)})\ndef a(): ...",
    "op ordering-only input by keyword": (
        "@dg.op(ins={'y': dg.In(dagster_type=dg.Nothing)})\ndef a(): ..."
    ),
    "op with **kwargs": "@dg.op(ins={'y': dg.In()})\ndef a(**inputs): ...",
    "op keyword-only input": "@dg.op(ins={'y': dg.In()})\ndef a(*, y): ...",
    "computed key": "NAME = 'x'\n\n\n@dg.asset(ins={NAME: dg.AssetIn('upstream')})\ndef a(x): ...",
    "ins built elsewhere": (
        "INS = {'y': dg.AssetIn('upstream', dagster_type=dg.Nothing)}\n\n\n"
        "@dg.asset(ins=INS)\ndef a(): ..."
    ),
    "graph_asset passing its input on": (
        "@dg.graph_asset(ins={'y': dg.AssetIn('upstream')})\ndef a(y):\n    return passthrough(y)"
    ),
}


def _import(tmp_path, source):
    """Import ``source`` as a fresh module, as a code location does."""
    return import_source(tmp_path, source, "ins_keys_case")


@pytest.mark.parametrize(("body", "column", "error"), REPORTED.values(), ids=REPORTED.keys())
def test_each_reported_key_makes_dagster_fail_to_import(tmp_path, body, column, error):
    dg = pytest.importorskip("dagster")
    source = HEADER + body + "\n"
    key_at = body.index("'y'" if "'y'" in body else "y=")
    line = HEADER.count("\n") + 1 + body[:key_at].count("\n")

    findings = [f for f in lint_source(tmp_path, source) if f.symbol == SYMBOL]

    assert [(f.line, f.column) for f in findings] == [(line, column)]
    assert "key 'y' of @dg." in findings[0].msg
    with pytest.raises(dg.DagsterError, match=error):
        _import(tmp_path, source)


@pytest.mark.parametrize("body", NEAR_MISSES.values(), ids=NEAR_MISSES.keys())
def test_near_misses_load_and_are_not_reported(tmp_path, body):
    pytest.importorskip("dagster")
    source = HEADER + body + "\n"

    assert [f for f in lint_source(tmp_path, source) if f.symbol == SYMBOL] == []
    _import(tmp_path, source)


def test_every_key_of_the_bad_fixture_fails_alone_and_the_good_fixture_loads(tmp_path):
    dg = pytest.importorskip("dagster")
    bad = (FIXTURE / "bad.py").read_text(encoding="utf-8")
    preamble, *definitions = bad.split("\n\n\n@")
    # The two definitions every other one uses: an asset and an op.
    shared, marked = definitions[:2], definitions[2:]
    assert len(marked) == bad.count("# [ins-key-without-parameter]")
    for definition in marked:
        source = "\n\n\n@".join([preamble, *shared, definition])
        expected = "ins dict|does not have argument|additional_ins"
        with pytest.raises(dg.DagsterError, match=expected):
            _import(tmp_path, source)
    _import(tmp_path, (FIXTURE / "good.py").read_text(encoding="utf-8"))


# What the message proposes for Airflow's depends_on_past ------------------------------------

SELF_DEPENDENCY = """\
import dagster as dg

daily = dg.DailyPartitionsDefinition(start_date="2024-01-01", end_date="2024-01-04")


@dg.asset(
    partitions_def=daily,
    deps=[
        dg.AssetDep(
            "orders",
            partition_mapping=dg.TimeWindowPartitionMapping(start_offset=-1, end_offset=-1),
        )
    ],
)
def orders(context: dg.AssetExecutionContext) -> None:
    context.log.info(context.partition_key)


defs = dg.Definitions(assets=[orders])
"""


def test_the_proposed_self_dependency_loads_and_materializes_partition_after_partition(tmp_path):
    dg = pytest.importorskip("dagster")
    module = _import(tmp_path, SELF_DEPENDENCY)
    dg.Definitions.validate_loadable(module.defs)
    key = dg.AssetKey("orders")
    graph = module.defs.resolve_asset_graph()

    assert graph.get(key).parent_keys == {key}
    assert module.orders.get_partition_mapping(key) == dg.TimeWindowPartitionMapping(
        start_offset=-1, end_offset=-1
    )
    with dg.instance_for_test() as instance:
        for partition in ("2024-01-01", "2024-01-02", "2024-01-03"):
            result = dg.materialize([module.orders], partition_key=partition, instance=instance)
            assert result.success


def test_the_depends_on_past_port_gets_the_self_dependency_fix(tmp_path):
    dg = pytest.importorskip("dagster")
    source = SELF_DEPENDENCY.replace(
        """    deps=[
        dg.AssetDep(
            "orders",
            partition_mapping=dg.TimeWindowPartitionMapping(start_offset=-1, end_offset=-1),
        )
    ],""",
        """    ins={
        "orders": dg.AssetIn(
            partition_mapping=dg.TimeWindowPartitionMapping(start_offset=-1, end_offset=-1),
        )
    },""",
    )

    [finding] = [f for f in lint_source(tmp_path, source) if f.symbol == SYMBOL]

    assert finding.msg.endswith(
        "To depend on the asset's own previous partition (Airflow's depends_on_past), drop the "
        'key and declare deps=[dg.AssetDep("orders", partition_mapping='
        "dg.TimeWindowPartitionMapping(start_offset=-1, end_offset=-1))] on the time-partitioned "
        "asset"
    )
    with pytest.raises(dg.DagsterInvalidDefinitionError, match="Key 'orders' in provided ins"):
        _import(tmp_path, source)


def test_fixes_are_written_in_the_module_s_import_style(tmp_path):
    source = (
        "from dagster import AssetIn, asset\n\n\n"
        "@asset(ins={'customers': AssetIn(key_prefix=['crm'])})\n"
        "def orders() -> None: ...\n\n\n"
        "@asset(ins={'order': AssetIn('raw_orders')})\n"
        "def order_count(orders) -> None: ...\n"
    )

    messages = [f.msg for f in lint_source(tmp_path, source) if f.symbol == SYMBOL]

    assert messages == [
        "ins key 'customers' of @asset 'orders' names no parameter of 'orders', so importing the "
        "module raises DagsterInvalidDefinitionError. Add a parameter 'customers' to receive it, "
        'or, if the body does not need its value, drop the key and declare '
        'deps=[AssetKey(["crm", "customers"])]',
        "ins key 'order' of @asset 'order_count' names no parameter of 'order_count', so importing "
        "the module raises DagsterInvalidDefinitionError. Correct the key to 'orders', the "
        "parameter it should fill",
    ]


@pytest.mark.usefixtures("fresh_project_index")
def test_an_entry_naming_no_parameter_gets_one_finding_in_a_code_location(tmp_path):
    # asset-input-not-produced would also judge the AssetIn's unknown key; the module fails to
    # import on the key first, and moving the entry to deps makes the key an external asset.
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    package = root / "shop" / "shop"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("", encoding="utf-8")
    source = (
        "import dagster as dg\n\n\n"
        "@dg.asset\n"
        "def raw_orders() -> None: ...\n\n\n"
        "@dg.asset(ins={'customers': dg.AssetIn('crm_customers')})\n"
        "def orders(raw_orders) -> None: ...\n\n\n"
        "@dg.asset(ins={'rows': dg.AssetIn('crm_orders')})\n"
        "def order_count(rows) -> None: ...\n\n\n"
        "defs = dg.Definitions(assets=[raw_orders, orders, order_count])\n"
    )
    (package / "definitions.py").write_text(source, encoding="utf-8")

    findings = lint([package / "definitions.py"])

    assert [(f.line, f.symbol) for f in findings] == [
        (8, SYMBOL),
        (12, "asset-input-not-produced"),  # a mapped parameter is still judged
    ]
