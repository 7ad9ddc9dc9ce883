"""Edge cases and near misses of the data-handoff checks beyond the fixtures."""

from __future__ import annotations

import textwrap

from linting import lint, lint_source


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
        spec = extract.with_attributes(group_name="g")
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
    """
    findings = lint_source(tmp_path, textwrap.dedent(source))
    assert _symbols_and_positions(findings) == [("deps-not-a-list", 8, 15, 8, 29)]


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
