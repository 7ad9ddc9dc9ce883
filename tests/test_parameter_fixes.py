"""The fixes of the parameter and module checks: deps-value-expected (safe),
future-annotations-break-dagster, airflow-context-parameter and bitshift-dependency (unsafe).

Each fix is shown on exact text, its near misses get no fix, an unsafe fix is applied only with
--unsafe-fixes, and Dagster runs the fixed code (the upstream's value arrives, the partition's
date arrives, the module imports)."""

from __future__ import annotations

import io
import shutil
import textwrap
from collections import Counter
from pathlib import Path

import pytest
from fix_runs import COMMAND, fixed_text, load_fixed, symbols_left
from linting import FIXTURES, PLUGIN_ARGS, lint
from pylint.lint import Run

from pylint_dagster_migration import cli, fixing
from pylint_dagster_migration.fixes import FixCollector

_symbols = symbols_left
_load = load_fixed


def _fix(project: Path, source: str, *, unsafe: bool = False) -> str:
    """``source`` (dedented) as ``--fix`` (with ``unsafe``, ``--fix --unsafe-fixes``) leaves it."""
    return fixed_text(project, textwrap.dedent(source), unsafe=unsafe)


# --- deps-value-expected: deps=[up] and a parameter of another name -> ins= -------------------

DEPS_VALUE = '''\
import dagster as dg


@dg.asset
def raw_orders() -> list[int]:
    return [1, 2, 3]


@dg.asset(deps=[{entry}], group_name="sales")
def order_total(rows: list[int]) -> int:
    return sum(rows)
'''


@pytest.mark.parametrize(
    ("entry", "written"),
    [
        ('"raw_orders"', 'dg.AssetIn("raw_orders")'),
        ("raw_orders", 'dg.AssetIn("raw_orders")'),
        ("raw_orders.key", 'dg.AssetIn("raw_orders")'),
        ('dg.AssetKey("raw_orders")', 'dg.AssetIn("raw_orders")'),
        ('dg.AssetKey(["raw_orders"])', 'dg.AssetIn("raw_orders")'),
        ("dg.AssetDep(raw_orders)", 'dg.AssetIn("raw_orders")'),
        ('dg.AssetDep("raw_orders")', 'dg.AssetIn("raw_orders")'),
    ],
)
def test_deps_value_expected_maps_the_parameter_to_the_one_upstream(project, entry, written):
    source = DEPS_VALUE.format(entry=entry)

    fixed = _fix(project, source)

    assert fixed == source.replace(f"deps=[{entry}]", f'ins={{"rows": {written}}}')
    assert _symbols(project) == []
    module = _load(project, fixed)
    dg = pytest.importorskip("dagster")
    result = dg.materialize_to_memory([module.raw_orders, module.order_total])
    assert result.output_for_node("order_total") == 6  # the upstream's value arrived


def test_deps_value_expected_spells_a_multi_segment_key_as_a_list(project):
    source = '''\
        import dagster as dg


        @dg.asset(key_prefix=["sales"])
        def raw_orders() -> list[int]:
            return [1, 2, 3]


        @dg.multi_asset(
            outs={"total": dg.AssetOut(), "count": dg.AssetOut()},
            deps=[raw_orders],
        )
        def order_stats(rows: list[int]):
            return sum(rows), len(rows)
        '''

    fixed = _fix(project, source)

    assert 'ins={"rows": dg.AssetIn(key=["sales", "raw_orders"])},\n' in fixed
    assert "deps=" not in fixed
    module = _load(project, fixed)
    dg = pytest.importorskip("dagster")
    result = dg.materialize_to_memory([module.raw_orders, module.order_stats])
    assert result.output_for_node("order_stats", "total") == 6
    assert result.output_for_node("order_stats", "count") == 3


def test_deps_value_expected_fix_imports_asset_in_as_the_module_does(project):
    source = '''\
        from dagster import AssetSpec, asset

        raw = AssetSpec(["erp", "raw"])


        @asset(deps=[raw])
        def cleaned(data):
            return data
        '''

    fixed = _fix(project, source)

    assert fixed == textwrap.dedent(source).replace(
        "from dagster import AssetSpec, asset\n",
        "from dagster import AssetSpec, asset\nfrom dagster import AssetIn\n",
    ).replace("deps=[raw]", 'ins={"data": AssetIn(key=["erp", "raw"])}')
    _load(project, fixed)


@pytest.mark.parametrize(
    "decorator",
    [
        # Two upstreams: which one the parameter meant is a guess.
        '@dg.asset(deps=["raw_orders", "raw_refunds"])',
        # ins= is already there (its own mapping is the author's).
        '@dg.asset(deps=["raw_orders"], ins={"refunds": dg.AssetIn("raw_refunds")})',
        # A key no module declares: deps made it external, AssetIn would fail to load.
        '@dg.asset(deps=["erp_orders"])',
        # A partition mapping the AssetIn would have to carry.
        '@dg.asset(deps=[dg.AssetDep("raw_orders", partition_mapping=dg.AllPartitionMapping())])',
        # A key computed at run time.
        "@dg.asset(deps=[dg.AssetKey(KEY)])",
        # Keywords hidden in an expansion.
        '@dg.asset(deps=["raw_orders"], **OPTIONS)',
    ],
)
def test_deps_value_expected_without_a_fix(project, decorator):
    source = f'''\
import dagster as dg

KEY = "raw_orders"
OPTIONS = {{}}
raw_orders = dg.AssetSpec("raw_orders")
raw_refunds = dg.AssetSpec("raw_refunds")


{decorator}
def order_total(rows, refunds=None):
    return rows
'''
    assert "deps-value-expected" in _symbols_after_writing(project, source)

    assert _fix(project, source) == source


def test_deps_value_expected_two_parameters_get_no_fix(project):
    source = '''\
import dagster as dg


@dg.asset
def raw_orders() -> list[int]:
    return [1]


@dg.asset(deps=[raw_orders])
def order_total(rows: list[int], more: list[int]) -> int:
    return sum(rows)
'''
    assert _fix(project, source) == source
    assert _symbols(project) == ["deps-value-expected", "deps-value-expected"]


def test_deps_value_expected_parameter_named_after_the_upstream_gets_no_fix(project):
    # raw_orders is received already; rows would load it a second time.
    source = '''\
import dagster as dg


@dg.asset
def raw_orders() -> list[int]:
    return [1]


@dg.asset(deps=[raw_orders])
def order_total(raw_orders: list[int], rows: list[int]) -> int:
    return sum(rows)
'''
    assert _fix(project, source) == source


def _symbols_after_writing(project: Path, source: str) -> list[str]:
    (project / "pipeline.py").write_text(source, encoding="utf-8")
    return _symbols(project)


def test_fixing_the_deps_fixture_hands_each_fixed_asset_its_upstream(project):
    dg = pytest.importorskip("dagster")
    fixture = (FIXTURES / "deps-value-expected" / "bad.py").read_text(encoding="utf-8")

    fixed = _fix(project, fixture)

    module = _load(project, fixed)
    result = dg.materialize_to_memory(
        [module.raw_orders, module.cleaned_orders, module.order_report]
    )
    assert result.output_for_node("cleaned_orders") == [{"id": 1, "amount": 10.0}]
    # Left alone: two deps entries (order_summary, order_frames), an unknown key (totals).
    assert fixed.count("deps=") == fixture.count("deps=") - 2


# --- future-annotations-break-dagster: remove the import (unsafe) -----------------------------

FUTURE = '''\
"""Orders."""

from __future__ import annotations  # added by an upgrade tool

import dagster as dg


class LoadConfig(dg.Config):
    table: str = "orders"


@dg.asset
def orders(context: dg.AssetExecutionContext, config: LoadConfig) -> list[dict]:
    return [{"table": config.table}]
'''


def test_future_annotations_fix_removes_the_line_only_with_unsafe_fixes(project):
    assert _fix(project, FUTURE) == FUTURE

    fixed = _fix(project, FUTURE, unsafe=True)

    assert fixed == FUTURE.replace(
        "from __future__ import annotations  # added by an upgrade tool\n", ""
    )
    assert _symbols(project) == []
    dg = pytest.importorskip("dagster")
    module = _load(project, fixed)
    result = dg.materialize_to_memory(
        [module.orders],
        run_config=dg.RunConfig({"orders": module.LoadConfig(table="refunds")}),
    )
    assert result.output_for_node("orders") == [{"table": "refunds"}]


def test_future_annotations_fix_keeps_the_other_future_imports(project):
    source = FUTURE.replace("import annotations", "import annotations, generator_stop")

    fixed = _fix(project, source, unsafe=True)

    assert "from __future__ import generator_stop  # added by an upgrade tool\n" in fixed
    assert fixed.count("\n") == source.count("\n")
    _load(project, fixed)


@pytest.mark.parametrize(
    "extra",
    [
        # Imported only for the type checker: NameError once annotations are evaluated.
        "if TYPE_CHECKING:\n    from decimal import Decimal\n\n\n"
        "def total(x: Decimal) -> None: ...\n",
        # A class named before its definition, in a helper that Dagster never reads.
        "def parse(raw: dict) -> Order: ...\n\n\nclass Order: ...\n",
        # A method naming its own class, whose name is bound only after the class body.
        "class Order:\n    def merge(self, other: Order) -> Order:\n        return self\n",
        # A variable annotation at module level is evaluated too.
        "LATEST: Order | None = None\n\n\nclass Order: ...\n",
    ],
)
def test_future_annotations_without_a_fix_where_annotations_would_fail(project, extra):
    source = FUTURE.replace(
        "import dagster as dg\n", "from typing import TYPE_CHECKING\n\nimport dagster as dg\n"
    ) + "\n\n" + extra
    assert "future-annotations-break-dagster" in _symbols_after_writing(project, source)

    assert _fix(project, source, unsafe=True) == source


def test_future_annotations_fix_where_annotations_are_never_evaluated_or_resolve(project):
    # A local variable's annotation is never evaluated; a nested function's is evaluated
    # when the factory runs, where the class it names is defined.
    source = FUTURE + '''

def build(name: str) -> dg.AssetsDefinition:
    class Report:
        pass

    @dg.asset(name=name)
    def report(context: dg.AssetExecutionContext) -> Report:
        later: Later = Later()
        return later

    return report


class Later(dict):
    pass


weekly = build("weekly")
'''
    fixed = _fix(project, source, unsafe=True)

    assert "from __future__" not in fixed
    dg = pytest.importorskip("dagster")
    module = _load(project, fixed)
    dg.Definitions.validate_loadable(dg.Definitions(assets=[module.orders, module.weekly]))


def test_future_annotations_import_sharing_its_line_gets_no_fix(project):
    source = FUTURE.replace(
        "from __future__ import annotations  # added by an upgrade tool\n",
        "from __future__ import annotations; import os\n",
    )
    assert _fix(project, source, unsafe=True) == source


# --- airflow-context-parameter: ds and its relatives -> the context (unsafe) ------------------

PARTITIONED = '''\
import dagster as dg

daily = dg.DailyPartitionsDefinition(start_date="2024-01-01")


@dg.asset(partitions_def={partitions})
def sales(ds: str) -> str:
    """Sales of the day."""
    return f"day={{ds}}"
'''


def test_airflow_ds_becomes_the_partition_key_only_with_unsafe_fixes(project):
    source = PARTITIONED.format(partitions="daily")
    assert _fix(project, source) == source

    fixed = _fix(project, source, unsafe=True)

    assert fixed == source.replace(
        "def sales(ds: str) -> str:\n    \"\"\"Sales of the day.\"\"\"\n",
        "def sales(context: dg.AssetExecutionContext) -> str:\n    \"\"\"Sales of the day.\"\"\"\n"
        "    ds = context.partition_key\n",
    )
    assert _symbols(project) == []
    dg = pytest.importorskip("dagster")
    module = _load(project, fixed)
    result = dg.materialize_to_memory([module.sales], partition_key="2024-03-09")
    assert result.output_for_node("sales") == "day=2024-03-09"


AIRFLOW_VALUES = '''\
import dagster as dg


@dg.asset(partitions_def={partitions})
def window(raw, ds, ds_nodash, ts, logical_date, execution_date, data_interval_start,
           data_interval_end):
    return [ds, ds_nodash, ts, logical_date, execution_date, data_interval_start,
            data_interval_end]


@dg.asset(partitions_def={partitions})
def raw():
    return None
'''


@pytest.mark.parametrize(
    ("partitions", "key", "expected"),
    [
        (
            'dg.DailyPartitionsDefinition(start_date="2024-01-01")',
            "2024-03-09",
            ["2024-03-09", "20240309", "2024-03-09T00:00:00+00:00", "2024-03-09T00:00:00+00:00",
             "2024-03-09T00:00:00+00:00", "2024-03-09T00:00:00+00:00",
             "2024-03-10T00:00:00+00:00"],
        ),
        (
            'dg.HourlyPartitionsDefinition(start_date="2024-01-01-00:00")',
            "2024-03-09-05:00",
            ["2024-03-09", "20240309", "2024-03-09T05:00:00+00:00", "2024-03-09T05:00:00+00:00",
             "2024-03-09T05:00:00+00:00", "2024-03-09T05:00:00+00:00",
             "2024-03-09T06:00:00+00:00"],
        ),
        (
            'dg.DailyPartitionsDefinition(start_date="20240101", fmt="%Y%m%d")',
            "20240309",
            ["2024-03-09", "20240309", "2024-03-09T00:00:00+00:00", "2024-03-09T00:00:00+00:00",
             "2024-03-09T00:00:00+00:00", "2024-03-09T00:00:00+00:00",
             "2024-03-10T00:00:00+00:00"],
        ),
    ],
)
def test_airflow_values_are_read_from_the_partitions_time_window(
    project, partitions, key, expected
):
    """What Airflow passed for a run whose data interval is the partition's window."""
    fixed = _fix(project, AIRFLOW_VALUES.format(partitions=partitions), unsafe=True)

    assert "def window(context: dg.AssetExecutionContext, raw):\n" in fixed
    assert _symbols(project) == []
    dg = pytest.importorskip("dagster")
    module = _load(project, fixed)
    result = dg.materialize_to_memory([module.raw, module.window], partition_key=key)
    values = result.output_for_node("window")
    assert [v if isinstance(v, str) else v.isoformat() for v in values] == expected


def test_airflow_value_next_to_a_context_parameter_is_read_from_it(project):
    source = '''\
        from dagster import AssetExecutionContext, MonthlyPartitionsDefinition, asset


        @asset(partitions_def=MonthlyPartitionsDefinition(start_date="2024-01-01"))
        def monthly(
            context: AssetExecutionContext,
            data_interval_start,
        ):
            context.log.info("month")
            return data_interval_start.month
        '''

    fixed = _fix(project, source, unsafe=True)

    assert fixed == textwrap.dedent(source).replace(
        "    data_interval_start,\n):\n",
        "):\n    data_interval_start = context.partition_time_window.start\n",
    )
    dg = pytest.importorskip("dagster")
    module = _load(project, fixed)
    assert dg.materialize_to_memory([module.monthly], partition_key="2024-03-01").output_for_node(
        "monthly"
    ) == 3


def test_airflow_value_is_read_before_a_decorated_first_statement(project):
    # astroid places a decorated def at its "@": the assignment goes before the decorator.
    source = PARTITIONED.format(partitions="daily").replace(
        '    return f"day={ds}"\n',
        "    @staticmethod\n    def day():\n        return ds\n\n    return day()\n",
    )

    fixed = _fix(project, source, unsafe=True)

    assert '"""Sales of the day."""\n    ds = context.partition_key\n    @staticmethod\n' in fixed
    dg = pytest.importorskip("dagster")
    module = _load(project, fixed)
    result = dg.materialize_to_memory([module.sales], partition_key="2024-03-09")
    assert result.output_for_node("sales") == "2024-03-09"


def test_airflow_value_fix_imports_the_context_class_as_the_module_does(project):
    source = '''\
        from dagster import DailyPartitionsDefinition, asset


        @asset(partitions_def=DailyPartitionsDefinition(start_date="2024-01-01"))
        def daily(ds):
            return ds
        '''

    fixed = _fix(project, source, unsafe=True)

    assert fixed == textwrap.dedent(source).replace(
        "import DailyPartitionsDefinition, asset\n",
        "import DailyPartitionsDefinition, asset\nfrom dagster import AssetExecutionContext\n",
    ).replace(
        "def daily(ds):\n",
        "def daily(context: AssetExecutionContext):\n    ds = context.partition_key\n",
    )
    _load(project, fixed)


@pytest.mark.parametrize(
    "asset",
    [
        # Not partitioned: no partition to read the date from.
        "@dg.asset\ndef a(ds):\n    return ds\n",
        # Partitions without a time window.
        '@dg.asset(partitions_def=dg.StaticPartitionsDefinition(["eu", "us"]))\n'
        "def a(ds):\n    return ds\n",
        # A partitions_def the linter cannot see.
        "@dg.asset(partitions_def=PARTITIONS)\ndef a(ds):\n    return ds\n",
        # Values with no partition counterpart.
        "@dg.asset(partitions_def=DAILY)\ndef a(prev_ds, ti, params):\n    return prev_ds\n",
        # A default, and a body on the def line.
        "@dg.asset(partitions_def=DAILY)\ndef a(ds=None):\n    return ds\n",
        "@dg.asset(partitions_def=DAILY)\ndef a(ds): return ds\n",
        # A name context already used in the body.
        "@dg.asset(partitions_def=DAILY)\ndef a(ds):\n    context = {}\n    return ds, context\n",
        # Keyword-only.
        "@dg.asset(partitions_def=DAILY)\ndef a(*, ds):\n    return ds\n",

    ],
)
def test_airflow_values_without_a_fix(project, asset):
    source = (
        "import dagster as dg\n\nPARTITIONS = None\n"
        'DAILY = dg.DailyPartitionsDefinition(start_date="2024-01-01")\n\n\n' + asset
    )
    assert "airflow-context-parameter" in _symbols_after_writing(project, source)

    assert _fix(project, source, unsafe=True) == source


# --- the guarantees of tests/test_fixes.py, with the unsafe fixes applied -----------------------

MY_FIXTURES = sorted(
    fixture
    for symbol in (
        "deps-value-expected", "future-annotations-break-dagster", "airflow-context-parameter",
        "bitshift-dependency",
    )
    for fixture in (FIXTURES / symbol).glob("bad*.py")
)


@pytest.mark.parametrize("fixture", MY_FIXTURES, ids=lambda p: str(p.relative_to(FIXTURES)))
def test_fixing_a_fixture_with_unsafe_fixes_keeps_the_guarantees(
    fixture, tmp_path, monkeypatch, fresh_project_index
):
    project = tmp_path / "project"
    shutil.copytree(FIXTURES, project / "fixtures")
    (project / "pyproject.toml").write_text('[project]\nname = "fixtures"\n', encoding="utf-8")
    monkeypatch.chdir(project)
    path = project / "fixtures" / fixture.relative_to(FIXTURES)
    before = Counter(finding.symbol for finding in lint([path]))
    collector = FixCollector()
    Run([*PLUGIN_ARGS, str(path)], reporter=collector, exit=False)
    fixable = Counter(symbol for found in collector.fixes_by_file().values() for symbol, _ in found)

    with pytest.raises(SystemExit):
        cli.main([*COMMAND, "--fix", "--unsafe-fixes", str(path)])

    fixed = path.read_text(encoding="utf-8")
    assert fixing.parses(fixed)
    after = Counter(finding.symbol for finding in lint([path]))
    assert not after - (before - fixable), (before, fixable, after)
    with pytest.raises(SystemExit) as second:
        cli.main([*COMMAND, "--diff", "--unsafe-fixes", str(path)])
    assert not second.value.code  # nothing left to change
    if fixable:
        assert fixed != fixture.read_text(encoding="utf-8")
        _load(path.parent, fixed)


# --- bitshift-dependency: a >> b between two assets -> deps=[a] on b (unsafe) -----------------

CHAINED = '''\
import dagster as dg


@dg.asset
def extract() -> list[int]:
    return [1, 2, 3]


{decorator}
def load() -> None:
    pass


{statement}
'''


@pytest.mark.parametrize(
    ("decorator", "statement", "fixed_decorator"),
    [
        ("@dg.asset", "extract >> load", "@dg.asset(deps=[extract])"),
        ("@dg.asset()", "load << extract", "@dg.asset(deps=[extract])"),
        ('@dg.asset(group_name="etl")', "extract.set_downstream(load)",
         '@dg.asset(deps=[extract], group_name="etl")'),
        ('@dg.asset(deps=["raw"])', "load.set_upstream(extract)",
         '@dg.asset(deps=[extract, "raw"])'),
        ("@dg.asset(deps=[])", "extract >> load  # the DAG's order", "@dg.asset(deps=[extract])"),
        # Already declared: the line only goes.
        ("@dg.asset(deps=[extract])", "extract >> load", "@dg.asset(deps=[extract])"),
        ("@dg.asset(ins={})", "extract >> load", "@dg.asset(deps=[extract], ins={})"),
        ('@dg.asset(deps=[dg.AssetKey("extract")])', "extract >> load",
         '@dg.asset(deps=[dg.AssetKey("extract")])'),
    ],
)
def test_bitshift_between_two_assets_becomes_a_deps_entry(
    project, decorator, statement, fixed_decorator
):
    source = CHAINED.format(decorator=decorator, statement=statement)
    if "raw" in decorator:
        source += 'raw = dg.AssetSpec("raw")\n'
    assert _fix(project, source) == source

    fixed = _fix(project, source, unsafe=True)

    assert fixed == source.replace(
        f"{decorator}\ndef load", f"{fixed_decorator}\ndef load"
    ).replace(statement + "\n", "")
    assert _symbols(project) == []
    dg = pytest.importorskip("dagster")
    module = _load(project, fixed)
    assert dg.AssetKey("extract") in module.load.dependency_keys
    dg.Definitions.validate_loadable(dg.Definitions(assets=[module.extract, module.load]))


def test_bitshift_fix_on_the_last_line_without_a_line_ending(project):
    source = CHAINED.format(decorator="@dg.asset", statement="extract >> load").rstrip("\n")

    fixed = _fix(project, source, unsafe=True)

    assert fixed.endswith("def load() -> None:\n    pass\n\n\n")
    assert "@dg.asset(deps=[extract])\ndef load()" in fixed


@pytest.mark.parametrize(
    ("decorator", "statement"),
    [
        # Chains and fan-outs: one line, several dependencies.
        ("@dg.asset", "extract >> load >> report"),
        ("@dg.asset", "extract >> [load, report]"),
        # Not on a line of its own at module level.
        ("@dg.asset", "if True:\n    extract >> load"),
        ("@dg.asset", "extract >> load; report.key"),
        # deps computed, keywords hidden, a positional argument.
        ("@dg.asset(deps=UPSTREAMS)", "extract >> load"),
        ("@dg.asset(**OPTIONS)", "extract >> load"),
        ("@dg.asset(None)", "extract >> load"),
        # The upstream defined after the downstream's decorator runs: deps=[report] would
        # raise NameError.
        ("@dg.asset", "report >> load"),
    ],
)
def test_bitshift_without_a_fix(project, decorator, statement):
    source = f'''\
import dagster as dg

UPSTREAMS = []
OPTIONS = {{}}


@dg.asset
def extract() -> list[int]:
    return [1, 2, 3]


{decorator}
def load() -> None:
    pass


@dg.asset
def report() -> None:
    pass


{statement}
'''
    assert "bitshift-dependency" in _symbols_after_writing(project, source)

    assert _fix(project, source, unsafe=True) == source


def test_bitshift_between_ops_gets_no_fix(project):
    source = '''\
import dagster as dg


@dg.op
def refresh() -> None:
    pass


@dg.op
def warm() -> None:
    pass


refresh >> warm
'''
    assert _fix(project, source, unsafe=True) == source


@pytest.mark.parametrize(
    ("upstream", "entry", "written"),
    [
        # Keys the decorator spells: key=, name= under a literal key_prefix.
        ('@dg.asset(key=["erp", "orders"])\ndef erp_orders():', "erp_orders",
         'dg.AssetIn(key=["erp", "orders"])'),
        ('@dg.asset(name="orders", key_prefix=("erp", "v2"))\ndef erp_orders():', "erp_orders",
         'dg.AssetIn(key=["erp", "v2", "orders"])'),
        ('@dg.asset(name="orders", key_prefix=None)\ndef erp_orders():', "erp_orders",
         'dg.AssetIn("orders")'),
        # An AssetSpec written in deps, of a key the module declares.
        ('@dg.asset(key="orders")\ndef erp_orders():', 'dg.AssetSpec("orders")',
         'dg.AssetIn("orders")'),
    ],
)
def test_deps_value_expected_reads_the_upstreams_key_from_its_decorator(
    project, upstream, entry, written
):
    source = f'''\
import dagster as dg


{upstream}
    return [1, 2]


@dg.asset(deps=[{entry}])
def order_total(rows):
    return sum(rows)
'''
    fixed = _fix(project, source)

    assert fixed == source.replace(f"deps=[{entry}]", f'ins={{"rows": {written}}}')
    dg = pytest.importorskip("dagster")
    module = _load(project, fixed)
    result = dg.materialize_to_memory([module.erp_orders, module.order_total])
    assert result.output_for_node("order_total") == 3


@pytest.mark.parametrize(
    "upstream",
    [
        # A name or prefix computed at run time: the key is not known.
        '@dg.asset(name=NAME)\ndef erp_orders():\n    return [1]\n',
        '@dg.asset(key_prefix=PREFIXES[0])\ndef erp_orders():\n    return [1]\n',
        # A multi-asset: deps on it means every key it produces.
        '@dg.multi_asset(outs={"a": dg.AssetOut(), "b": dg.AssetOut()})\n'
        "def erp_orders():\n    return 1, 2\n",
    ],
)
def test_deps_value_expected_without_a_known_upstream_key_gets_no_fix(project, upstream):
    source = (
        'import dagster as dg\n\nNAME = "orders"\nPREFIXES = ["erp"]\n\n\n' + upstream
        + "\n\n@dg.asset(deps=[erp_orders])\ndef order_total(rows):\n    return sum(rows)\n"
    )
    assert "deps-value-expected" in _symbols_after_writing(project, source)

    assert _fix(project, source) == source


def test_deps_value_expected_on_an_asset_imported_from_another_module_gets_no_fix(project):
    (project / "upstream.py").write_text(
        "import dagster as dg\n\n\n@dg.asset\ndef raw_orders():\n    return [1]\n",
        encoding="utf-8",
    )
    source = (
        "import dagster as dg\n\nfrom upstream import raw_orders\n\n\n"
        "@dg.asset(deps=[raw_orders])\ndef order_total(rows):\n    return sum(rows)\n"
    )
    assert "deps-value-expected" in _symbols_after_writing(project, source)

    assert _fix(project, source) == source


def test_deps_value_expected_fix_of_an_editors_buffer_outside_any_project(
    project, monkeypatch, capsys
):
    """Without a file on disk there is no project: only a key the module defines counts."""
    source = DEPS_VALUE.format(entry='"raw_orders"')
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(source.encode("utf-8"))))

    with pytest.raises(SystemExit):
        cli.main([*COMMAND, "--fix", "--from-stdin", str(project / "unsaved.py")])

    assert capsys.readouterr().out == source.replace(
        'deps=["raw_orders"]', 'ins={"rows": dg.AssetIn("raw_orders")}'
    )


def test_bitshift_to_an_asset_that_takes_the_upstream_as_a_parameter_only_goes(project):
    source = '''\
import dagster as dg


@dg.asset
def extract() -> list[int]:
    return [1, 2, 3]


@dg.asset
def load(extract: list[int]) -> int:
    return sum(extract)


extract >> load
'''
    fixed = _fix(project, source, unsafe=True)

    assert fixed == source.replace("\n\n\nextract >> load\n", "\n\n\n")
    dg = pytest.importorskip("dagster")
    module = _load(project, fixed)
    assert dg.materialize_to_memory([module.extract, module.load]).output_for_node("load") == 6
