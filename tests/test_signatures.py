"""A keyword missing from the generated table is rejected only when the table describes the
installed Dagster, or when no Dagster version takes it (an Airflow or Prefect keyword)."""

from __future__ import annotations

import importlib.metadata
import textwrap

import pytest

from pylint_dagster_migration import keyword_owners, signatures
from pylint_dagster_migration.dagster_signatures import DAGSTER_VERSION


@pytest.fixture
def installed_dagster(monkeypatch):
    """Sets the Dagster version package metadata reports (None: not installed)."""
    real_version = importlib.metadata.version

    def install(version: str | None) -> None:
        def version_of(package: str) -> str:
            if package != "dagster":
                return real_version(package)
            if version is None:
                raise importlib.metadata.PackageNotFoundError(package)
            return version

        monkeypatch.setattr(importlib.metadata, "version", version_of)
        signatures.table_matches_installed_dagster.cache_clear()

    yield install
    signatures.table_matches_installed_dagster.cache_clear()


@pytest.mark.parametrize(
    ("version", "matches"),
    [
        (f"{DAGSTER_VERSION}.0", True),
        (f"{DAGSTER_VERSION}.7rc1", True),
        ("1.9.3", False),
        (None, False),
    ],
)
def test_the_table_matches_only_the_dagster_minor_it_was_generated_from(
    installed_dagster, version, matches
):
    installed_dagster(version)
    assert signatures.table_matches_installed_dagster() is matches
    # A keyword the table lacks may be new in the installed Dagster: rejected only on a match.
    assert signatures.rejects("asset", "freshness_window") is matches


@pytest.mark.parametrize("version", [f"{DAGSTER_VERSION}.0", None])
def test_airflow_and_prefect_keywords_are_rejected_by_every_dagster(installed_dagster, version):
    installed_dagster(version)
    assert signatures.rejects("asset", "retries")
    assert signatures.rejects("schedule", "timezone")
    assert not signatures.rejects("asset", "retry_policy")
    # Not in the table: an unknown callee, or one that takes any keyword.
    assert not signatures.rejects(None, "retries")
    assert not signatures.rejects("observable_source_asset", "retries")


# AssetsDefinition.with_attributes, judged on names the module binds to asset definitions -----

WITH_ATTRIBUTES = "AssetsDefinition.with_attributes"


def test_the_table_lists_with_attributes_without_its_instance():
    accepted = signatures.accepted_keywords(WITH_ATTRIBUTES)
    assert {"group_names_by_key", "tags_by_key", "asset_key_replacements"} <= accepted
    assert "self" not in accepted and "retry_policy" not in accepted
    # Only unknown-dagster-argument resolves a method's receiver: it owns every keyword there.
    assert keyword_owners.owner(WITH_ATTRIBUTES, "retry_policy") is None
    assert keyword_owners.owner(WITH_ATTRIBUTES, "retries") is None


def _unknown_arguments(tmp_path, source):
    from linting import lint_source  # pylint: disable=import-outside-toplevel

    return [
        (f.line, f.column, f.msg.split(":", 1)[0])
        for f in lint_source(tmp_path, textwrap.dedent(source))
        if f.symbol == "unknown-dagster-argument"
    ]


def test_with_attributes_is_judged_on_every_kind_of_asset_definition(tmp_path):
    source = """
        import dagster as dg
        from dagster import AssetsDefinition, asset

        @dg.asset
        def orders(): ...

        @dg.multi_asset(specs=[dg.AssetSpec("a"), dg.AssetSpec("b")])
        def pair(): ...

        @dg.op
        def step(): ...

        @dg.graph_asset
        def built():
            return step()

        def compute(): ...

        @dg.graph
        def wiring():
            step()

        named = asset(name="named")(compute)
        from_graph = AssetsDefinition.from_graph(wiring)
        copied = orders.with_attributes(group_names_by_key={orders.key: "sales"})

        orders.with_attributes(retry_policy=None)
        pair.with_attributes(retry_policy=None)
        built.with_attributes(retry_policy=None)
        named.with_attributes(retry_policy=None)
        from_graph.with_attributes(retry_policy=None)
        copied.with_attributes(retry_policy=None)
    """
    assert _unknown_arguments(tmp_path, source) == [
        (28, 23, "retry_policy=None is not accepted by orders.with_attributes(...)"),
        (29, 21, "retry_policy=None is not accepted by pair.with_attributes(...)"),
        (30, 22, "retry_policy=None is not accepted by built.with_attributes(...)"),
        (31, 22, "retry_policy=None is not accepted by named.with_attributes(...)"),
        (32, 27, "retry_policy=None is not accepted by from_graph.with_attributes(...)"),
        (33, 23, "retry_policy=None is not accepted by copied.with_attributes(...)"),
    ]


def test_with_attributes_on_anything_else_is_not_judged(tmp_path):
    source = """
        import functools
        import dagster as dg
        from my_project.assets import imported_orders

        @dg.observable_source_asset
        def feed():
            return dg.DataVersion("1")

        @functools.lru_cache
        @dg.asset
        def wrapped(): ...

        spec = dg.AssetSpec("spec")
        OPTIONS = {"retry_policy": None}

        def build(definition):
            return definition.with_attributes(retry_policy=None)

        feed.with_attributes(group_name="sources")
        wrapped.with_attributes(retry_policy=None)
        imported_orders.with_attributes(retry_policy=None)
        spec.with_attributes(retry_policy=None)
        load_assets().with_attributes(retry_policy=None)
        dg.asset(wrapped).with_attributes(**OPTIONS)
    """
    assert _unknown_arguments(tmp_path, source) == []


def test_with_attributes_hints_teach_the_dagster_form(tmp_path):
    from linting import lint_source  # pylint: disable=import-outside-toplevel

    source = """
        from dagster import asset

        @asset
        def orders(): ...

        orders.with_attributes(retries=3, retry_delay=60, owners=["team:sales"], hooks=set())
    """
    hints = [f.msg.split("loads. ", 1)[1] for f in lint_source(tmp_path, textwrap.dedent(source))]
    assert hints == [
        "with_attributes() sets no retry policy: give it where the asset is defined, "
        "retry_policy=RetryPolicy(max_retries=3, delay=60) on its decorator, or "
        "op_retry_policy=RetryPolicy(max_retries=3, delay=60) on the job that materializes it",
        "with_attributes() sets no retry policy: give it where the asset is defined, "
        "retry_policy=RetryPolicy(max_retries=3, delay=60) on its decorator, or "
        "op_retry_policy=RetryPolicy(max_retries=3, delay=60) on the job that materializes it",
        "Set it on the asset's specs: "
        "orders.map_asset_specs(lambda spec: spec.replace_attributes(owners=['team:sales']))",
        "Did you mean hook_defs=?",
    ]


def test_with_attributes_rejects_these_keywords_and_the_hinted_forms_work():
    dg = pytest.importorskip("dagster")

    @dg.asset
    def orders():
        return 1

    for keyword, value in (
        ("retry_policy", dg.RetryPolicy(max_retries=3)),
        ("retries", 3),
        ("group_name", "finance"),
        ("owners", ["team:sales"]),
        ("hooks", set()),
    ):
        with pytest.raises(TypeError, match=f"unexpected keyword argument '{keyword}'"):
            orders.with_attributes(**{keyword: value})

    grouped = orders.map_asset_specs(
        lambda spec: spec.replace_attributes(group_name="finance", owners=["team:sales"])
    )
    assert grouped.group_names_by_key == {dg.AssetKey("orders"): "finance"}
    assert grouped.specs_by_key[dg.AssetKey("orders")].owners == ["team:sales"]
    by_key = orders.with_attributes(group_names_by_key={dg.AssetKey("orders"): "finance"})
    assert by_key.group_names_by_key == {dg.AssetKey("orders"): "finance"}
    job = dg.define_asset_job("orders_job", op_retry_policy=dg.RetryPolicy(max_retries=3))
    defs = dg.Definitions(assets=[orders], jobs=[job])
    assert defs.resolve_job_def("orders_job").op_retry_policy.max_retries == 3
