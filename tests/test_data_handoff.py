"""Edge cases and near misses of the data-handoff checks beyond the fixtures: parameters
Dagster never fills, asset objects called or read as data, and deps= given a single item."""

from __future__ import annotations

import importlib.util
import textwrap

import pytest
from linting import FIXTURES, lint, lint_source

#: How a module imports Dagster, with the prefix its Dagster names are written with (in the
#: source below and in the fixes the messages suggest).
IMPORT_STYLES = {
    "import dagster as dg": "dg.",
    "import dagster": "dagster.",
    "from dagster import AssetSpec, asset, job, op": "",
}


def _symbols_and_positions(findings):
    return [(f.symbol, f.line, f.column, f.end_line, f.end_column) for f in findings]


def _write_package(root, files):
    for relative, source in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(source), encoding="utf-8")


def test_module_without_dagster_imports_gets_nothing(tmp_path):
    source = """
    from prefect import flow, task

    def asset(fn=None, **kwargs):
        return fn

    @asset(deps="raw")
    def transform(data, ds, **context):
        return extract()
    """
    assert lint_source(tmp_path, textwrap.dedent(source)) == []


def test_deps_value_expected_near_misses(tmp_path):
    source = """
    import dagster as dg
    from my_project.resources import WarehouseResource

    raw = dg.AssetSpec("raw")

    class Settings(dg.Config):
        limit: int = 10

    @dg.asset(deps=["raw"])
    def uses_project_resource(warehouse: WarehouseResource): ...

    @dg.asset(deps=["raw"])
    def uses_resource_param(client: dg.ResourceParam[dict]): ...

    @dg.asset(deps=["raw"])
    def uses_config_class(settings: Settings): ...

    @dg.asset(deps=["raw"])
    def keyword_only(*, limit: int = 3): ...

    @dg.asset
    def no_deps_at_all(data): ...

    @dg.asset(deps=["raw"])
    def string_annotation(data: "pd.DataFrame"): ...
    """
    assert lint_source(tmp_path, textwrap.dedent(source)) == []


def test_parameter_named_after_an_asset_of_another_module_is_not_reported(tmp_path):
    _write_package(
        tmp_path,
        {
            "pipelines/__init__.py": "",
            "pipelines/ingest/__init__.py": "",
            "pipelines/ingest/raw.py": """
                import dagster as dg

                @dg.asset(key=["landing", "raw_orders"])
                def load_raw_orders(): ...

                customers = dg.AssetSpec("crm_customers")
                events = dg.AssetSpec("events")
            """,
            "pipelines/marts.py": """
                import dagster as dg

                @dg.asset(deps=["events"])
                def orders(raw_orders, crm_customers, typo_orders): ...
            """,
        },
    )
    findings = lint([tmp_path / "pipelines" / "marts.py"])
    assert [(f.symbol, f.msg.split("'")[1]) for f in findings] == [
        ("deps-value-expected", "typo_orders")
    ]


def test_imported_asset_called_inside_an_asset_is_reported(tmp_path):
    _write_package(
        tmp_path,
        {
            "etl/__init__.py": "",
            "etl/extract.py": """
                from dagster import asset

                @asset
                def raw_rows():
                    return [1, 2]

                def helper():
                    return 1
            """,
            "etl/transform.py": """
                from dagster import asset
                from .extract import helper, raw_rows

                @asset
                def doubled():
                    return [row * 2 for row in raw_rows()] + [helper()]
            """,
        },
    )
    findings = lint([tmp_path / "etl" / "transform.py"])
    assert _symbols_and_positions(findings) == [("asset-called-directly", 7, 31, 7, 41)]


def test_calls_outside_dagster_bodies_and_attribute_calls_are_fine(tmp_path):
    source = """
    import dagster as dg

    @dg.asset
    def extract():
        return [1]

    @dg.op
    def step_one():
        return 1

    @dg.op
    def step_two(value):
        return value

    @dg.graph
    def composed():
        return step_two(step_one())

    @dg.sensor(target=[extract])
    def watcher():
        extract()
        return dg.SkipReason("nothing new")

    @dg.asset
    def renamed():
        spec = extract.with_attributes(group_names_by_key={extract.key: "g"})
        return spec.key

    def test_extract():
        assert extract() == [1]
    """
    assert lint_source(tmp_path, textwrap.dedent(source)) == []


def test_asset_object_used_as_data_near_misses(tmp_path):
    source = """
    import dagster as dg

    @dg.asset
    def customers():
        return [1]

    ROW_COUNT = len([customers])

    @dg.asset(deps=[customers])
    def report(context: dg.AssetExecutionContext):
        context.log.info("upstream %s", customers)
        context.log.info(f"{customers.key}")
        selection = dg.AssetSelection.assets(customers)
        return str(selection) if customers is not None else None

    @dg.sensor(target=[customers])
    def customer_sensor():
        if len(customers.keys) > 1:
            return dg.SkipReason("multi")
    """
    assert lint_source(tmp_path, textwrap.dedent(source)) == []


def test_asset_object_attribute_and_arithmetic_uses(tmp_path):
    source = """
    import dagster as dg

    @dg.asset
    def prices():
        return 3

    @dg.op
    def doubled():
        return prices * 2, prices.to_dict()
    """
    findings = lint_source(tmp_path, textwrap.dedent(source))
    assert _symbols_and_positions(findings) == [
        ("asset-object-used-as-data", 10, 11, 10, 17),
        ("asset-object-used-as-data", 10, 23, 10, 29),
    ]


def test_airflow_context_parameter_cases(tmp_path):
    source = """
    import dagster as dg

    @dg.asset
    def ti():
        return 1

    @dg.asset
    def keyword_only(*, ds: str = ""):
        return ds

    @dg.asset
    def uses_asset_named_ti(ti):
        return ti

    @dg.asset
    def collects(**kwargs):
        return kwargs.get("logical_date") or kwargs["ds"]

    def plain_function(ds, **context):
        return ds

    @dg.sensor(target=[ti])
    def sensor_with_context(context):
        return None
    """
    findings = lint_source(tmp_path, textwrap.dedent(source))
    assert _symbols_and_positions(findings) == [
        ("airflow-context-parameter", 9, 20, 9, 27),
        ("airflow-context-parameter", 17, 15, 17, 21),
    ]
    assert "keyword-only parameter" in findings[0].msg
    assert "always empty" in findings[1].msg


def test_deps_not_a_list_cases(tmp_path):
    source = """
    import dagster as dg
    from airflow.operators.empty import EmptyOperator

    UPSTREAM = ["a"]
    table = "orders"

    @dg.asset(deps=f"{table}_raw")
    def from_fstring(): ...

    @dg.asset(deps=UPSTREAM)
    def from_variable(): ...

    @dg.asset(deps=[f"{table}_raw"])
    def listed(): ...

    EmptyOperator(task_id="x", deps="not dagster")

    @dg.asset(deps=from_variable.key)
    def from_a_key(): ...

    @dg.asset(deps=from_variable.keys)
    def from_all_keys(): ...

    @dg.asset(deps=list_upstreams())
    def from_a_function(): ...
    """
    findings = lint_source(tmp_path, textwrap.dedent(source))
    assert [(f.symbol, f.line, f.column, f.end_line, f.end_column, f.msg) for f in findings] == [
        (
            "deps-not-a-list", 8, 15, 8, 29,
            "deps=f'{table}_raw' is a string, not a list: Dagster iterates it and declares one "
            "external asset per character, with no error. Wrap it in a list: deps=[f'{table}_raw']",
        ),
        (
            "deps-not-a-list", 19, 15, 19, 32,
            "deps=from_variable.key is a single AssetKey, not a list: Dagster cannot iterate it "
            "and the module fails to load. Wrap it in a list: deps=[from_variable.key]",
        ),
    ]


def test_kwargs_catch_all_and_expanded_ins_are_not_reported(tmp_path):
    source = """
    import dagster as dg

    @dg.asset
    def unread_catch_all(context: dg.AssetExecutionContext, **kwargs):
        context.log.info("no inputs")

    @dg.asset(deps=["customers"])
    def fallback_catch_all(context: dg.AssetExecutionContext, **kwargs):
        upstream = kwargs or {"customers": context.load_asset_value(dg.AssetKey("customers"))}
        return upstream.get("customers")

    def build(upstream_key):
        options = {"ins": {"upstream": dg.AssetIn(upstream_key)}}

        @dg.asset(**options)
        def built(context: dg.AssetExecutionContext, **inputs):
            return inputs["upstream"]

        return built
    """
    assert lint_source(tmp_path, textwrap.dedent(source)) == []


def test_asset_object_negated_or_passed_by_keyword_is_used_as_data(tmp_path):
    source = """
    import dagster as dg

    @dg.asset
    def prices():
        return [3]

    @dg.asset
    def report(context: dg.AssetExecutionContext):
        context.log.info("%s", -prices)
        summary = dict(rows=prices)
        if not prices:
            return dg.materialize(assets=prices)
        return summary
    """
    findings = lint_source(tmp_path, textwrap.dedent(source))
    assert _symbols_and_positions(findings) == [
        ("asset-object-used-as-data", 10, 28, 10, 34),
        ("asset-object-used-as-data", 11, 24, 11, 30),
    ]


@pytest.mark.parametrize("style", IMPORT_STYLES)
def test_parameter_fixes_spell_dagster_names_as_the_module_imports_them(tmp_path, style):
    prefix = IMPORT_STYLES[style]
    source = f"""
{style}

raw_orders = {prefix}AssetSpec("raw_orders")

@{prefix}asset(deps=["raw_orders"])
def cleaned(df, ds):
    return df

@{prefix}op
def notify(dag_run):
    return dag_run
"""
    findings = lint_source(tmp_path, source)
    assert [(f.symbol, f.line, f.column, f.msg) for f in findings] == [
        (
            "deps-value-expected", 7, 12,
            "Parameter 'df' of asset 'cleaned' expects data, but deps=['raw_orders'] only orders "
            "runs and passes no value; Dagster will look for an asset named 'df' and fail to "
            "load. Name the parameter after the upstream asset, map it with "
            f'ins={{"df": {prefix}AssetIn("raw_orders")}}, or read the upstream from storage',
        ),
        (
            "airflow-context-parameter", 7, 16,
            "Parameter 'ds' of @asset 'cleaned' expects Airflow's injected template variable, "
            "which Dagster never passes: it becomes an upstream asset input and the code "
            f"location fails to load. Take 'context: {prefix}AssetExecutionContext' and use "
            "context.partition_key, with a partitions_def such as "
            f"{prefix}DailyPartitionsDefinition",
        ),
        (
            "airflow-context-parameter", 11, 11,
            "Parameter 'dag_run' of @op 'notify' expects Airflow's injected template variable, "
            "which Dagster never passes: it becomes an op input that no upstream op provides. "
            "Take run configuration instead: a parameter 'config' annotated with a "
            f"{prefix}Config subclass",
        ),
    ]


@pytest.mark.parametrize("style", IMPORT_STYLES)
def test_asset_object_fixes_spell_dagster_names_as_the_module_imports_them(tmp_path, style):
    prefix = IMPORT_STYLES[style]
    source = f"""
{style}

@{prefix}asset
def customers():
    return [1]

@{prefix}asset
def customer_count():
    return len(customers)

@{prefix}op
def fetch():
    return 1

@{prefix}op
def load():
    return fetch()

@{prefix}job
def nightly():
    customers()
"""
    findings = lint_source(tmp_path, source)
    assert [(f.symbol, f.line, f.column, f.msg) for f in findings] == [
        (
            "asset-object-used-as-data", 10, 15,
            "'customers' inside @asset 'customer_count' is the asset definition, not its data. "
            "Add a parameter named 'customers' so Dagster loads the value through the I/O "
            f'manager, or read it with context.load_asset_value({prefix}AssetKey("customers"))',
        ),
        (
            "asset-called-directly", 18, 11,
            "Op 'fetch' is called directly inside @op 'load': Dagster runs its body again "
            "in-process, outside the graph, with no events or retries. Wire the ops together in "
            f"a @{prefix}job or @{prefix}graph body instead, passing fetch()'s output to the op "
            "that needs it",
        ),
        (
            "asset-called-directly", 22, 4,
            "Asset 'customers' is called directly inside @job 'nightly': an op job built from "
            "assets records no asset materializations. Select the assets instead: "
            f'{prefix}define_asset_job("nightly", selection=[...])',
        ),
    ]


def test_a_positional_only_parameter_of_an_asset_is_no_upstream_input(tmp_path):
    # Dagster 1.13 loads this asset: a positional-only parameter gets no asset key.
    source = (
        "import dagster as dg\n\n"
        "@dg.asset(deps=['raw_orders'])\n"
        "def orders(data=None, /):\n"
        "    return data\n"
    )
    assert [f for f in lint_source(tmp_path, source) if f.symbol == "deps-value-expected"] == []


# deps-value-expected: upstream values read out of **kwargs ------------------------------------


def test_upstream_read_out_of_kwargs_is_reported_at_the_read(tmp_path):
    source = """
    import dagster as dg

    raw = dg.AssetSpec("raw_orders")
    NAMES = ["raw_orders", "customers"]

    @dg.asset(deps=[raw, "customers"])
    def report(context: dg.AssetExecutionContext, **kwargs):
        orders = kwargs["raw_orders"]
        people = kwargs.get("customers")
        every = {name: kwargs[name] for name in NAMES}
        return orders, people, every

    @dg.multi_asset(outs={"a": dg.AssetOut(), "b": dg.AssetOut()}, deps=["customers"])
    def split(**inputs):
        for name in ("customers",):
            yield dg.Output(inputs[name], output_name=name)
    """
    findings = [
        f
        for f in lint_source(tmp_path, textwrap.dedent(source))
        if f.symbol != "unknown-asset-dependency"
    ]
    assert _symbols_and_positions(findings) == [
        ("deps-value-expected", 9, 13, 9, 33),
        ("deps-value-expected", 10, 13, 10, 36),
        ("deps-value-expected", 11, 19, 11, 31),
        ("deps-value-expected", 17, 24, 17, 36),
    ]
    assert findings[0].msg == (
        "kwargs['raw_orders'] in asset 'report' expects data, but deps=[raw, 'customers'] only "
        "orders runs and passes no value; **kwargs stays empty (Dagster fills it only with "
        "inputs mapped by ins=), so the read raises KeyError at run time. Take a parameter "
        "named 'raw_orders' to receive its value, or read it with "
        'context.load_asset_value(dg.AssetKey("raw_orders"))'
    )
    assert "so the read returns None. Take a parameter named 'customers'" in findings[1].msg
    assert "Take parameters named 'raw_orders', 'customers' to receive their values" in findings[2].msg


def test_kwargs_reads_that_are_no_upstream_value_are_not_reported(tmp_path):
    source = """
    import dagster as dg

    @dg.asset(deps=["raw_orders"], ins={"orders": dg.AssetIn("customers")})
    def mapped(**kwargs):
        return kwargs["orders"], kwargs.get("raw_orders")

    @dg.asset(deps=["raw_orders"])
    def other_keys(**kwargs):
        kwargs["raw_orders"] = []
        del kwargs["raw_orders"]
        return kwargs.get("dry_run"), [kwargs[name] for name in ["dry_run", "limit"]]

    @dg.asset(deps=["raw_orders"])
    def rebound(**kwargs):
        kwargs = {"raw_orders": []}
        return kwargs["raw_orders"]

    @dg.asset(deps=["raw_orders"])
    def computed_keys(context, **kwargs):
        return [kwargs[key] for key in context.selected_asset_keys]

    @dg.asset
    def no_deps(**kwargs):
        return kwargs["raw_orders"]

    @dg.op
    def an_op(**kwargs):
        return kwargs["raw_orders"]
    """
    findings = lint_source(tmp_path, textwrap.dedent(source))
    assert [f for f in findings if f.symbol != "unknown-asset-dependency"] == []


def test_airflow_keys_and_context_kwargs_stay_airflow_context_parameter(tmp_path):
    source = """
    import dagster as dg

    @dg.asset(deps=["raw_orders"])
    def stamped(**kwargs):
        return kwargs["ds"]

    @dg.asset(deps=["raw_orders"])
    def airflow_style(**context):
        return context["raw_orders"]
    """
    findings = lint_source(tmp_path, textwrap.dedent(source))
    assert [(f.symbol, f.line) for f in findings if f.symbol != "unknown-asset-dependency"] == [
        ("airflow-context-parameter", 5),
        ("airflow-context-parameter", 9),
    ]


def test_kwargs_of_an_asset_with_deps_is_empty_when_dagster_runs_it():
    """Dagster passes **kwargs only inputs mapped with ins=: with deps alone a key read fails
    the run with KeyError and .get() returns its default."""
    dg = pytest.importorskip("dagster")
    seen = {}

    @dg.asset
    def raw_orders():
        return [{"id": 1, "amount": 10.0}]

    @dg.asset(deps=[raw_orders])
    def summary(**kwargs):
        seen["kwargs"], seen["get"] = dict(kwargs), kwargs.get("raw_orders", "default")
        return kwargs["raw_orders"]

    @dg.asset(deps=["raw_orders"])
    def frames(**upstream):
        return [upstream[name] for name in ["raw_orders"]]

    # deps gives the op a Nothing input: an ordering edge that carries no value.
    assert summary.dependency_keys == {dg.AssetKey("raw_orders")}
    assert summary.op.ins["raw_orders"].dagster_type.is_nothing
    for asset in (summary, frames):
        result = dg.materialize([raw_orders, asset], raise_on_error=False)
        assert not result.success
        (failure,) = result.get_step_failure_events()
        assert failure.step_key == asset.op.name
        assert failure.event_specific_data.error.cause.cls_name == "KeyError"
    assert seen == {"kwargs": {}, "get": "default"}


def test_good_ways_to_read_a_deps_upstream_run_in_dagster():
    dg = pytest.importorskip("dagster")
    module = _load_fixture_module(FIXTURES / "deps-value-expected" / "good.py")
    result = dg.materialize(
        [module.raw_orders, module.order_ids, module.order_export, module.order_amounts]
    )
    assert result.output_for_node("order_ids") == [1, 2]  # ins= mapped into **kwargs
    assert result.output_for_node("order_amounts") == [10.0, None]  # load_asset_value


def _load_fixture_module(path):
    name = f"handoff_fixture_{path.parent.name}".replace("-", "_")
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
