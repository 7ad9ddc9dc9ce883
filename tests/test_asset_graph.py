"""unknown-asset-dependency on multi-module projects, and the project model under it: which
directory is the project, which keys it knows, when it cannot know them all, and its cache."""

from __future__ import annotations

import pytest
from linting import lint

from pylint_dagster_migration import asset_graph, module_index, project
from pylint_dagster_migration.project_root import project_root

INGEST_ASSETS = '''\
import dagster as dg

crm_accounts = dg.AssetSpec("crm_accounts", description="Loaded by Fivetran")
vehicles = dg.SourceAsset(key=dg.AssetKey(["erp", "vehicles"]))


@dg.asset(key_prefix=["raw"])
def orders() -> None: ...


@dg.multi_asset(outs={"payments": dg.AssetOut(key=["warehouse", "payments"]), "refunds": dg.AssetOut()})
def split(): ...
'''

INGEST_DEFINITIONS = '''\
import dagster as dg

from ingest import assets

defs = dg.Definitions(assets=dg.load_assets_from_modules([assets]))
'''

ANALYTICS_ASSETS = '''\
import dagster as dg


@dg.asset(
    deps=[
        dg.AssetKey(["raw", "orders"]),
        "crm_accounts",
        dg.AssetKey(["erp", "vehicles"]),
        dg.AssetKey(["warehouse", "payments"]),
        dg.AssetDep("refunds"),
    ]
)
def revenue() -> None: ...


@dg.asset(deps=[dg.AssetKey(["raw", "ordres"]), "orders", "stg_customers"])
def order_report() -> None: ...
'''

ANALYTICS_TEST = '''\
import dagster as dg


@dg.asset(deps=["made_up_in_a_test"])
def fake() -> None: ...
'''


ANALYTICS_FILE = "analytics/analytics/assets.py"


def write_project(root, files):
    for relative, text in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


pytestmark = pytest.mark.usefixtures("fresh_project_index")


@pytest.fixture(name="repository")
def _repository(tmp_path):
    """A repository with two code locations: ingest produces, analytics depends."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    return write_project(
        root,
        {
            "ingest/pyproject.toml": '[tool.dagster]\nmodule_name = "ingest.definitions"\n',
            "ingest/ingest/__init__.py": "",
            "ingest/ingest/assets.py": INGEST_ASSETS,
            "ingest/ingest/definitions.py": INGEST_DEFINITIONS,
            "analytics/pyproject.toml": '[tool.dg]\ndirectory_type = "project"\n',
            "analytics/analytics/__init__.py": "",
            "analytics/analytics/assets.py": ANALYTICS_ASSETS,
            "analytics/analytics_tests/test_assets.py": ANALYTICS_TEST,
        },
    )


def _unknown(findings):
    return [
        (f.line, f.column, f.end_line, f.end_column, f.msg.split(" names asset key ")[1].split(",")[0])
        for f in findings
        if f.symbol == "unknown-asset-dependency"
    ]


EXPECTED_IN_A_COMPLETE_PROJECT = [
    (16, 16, 16, 46, "'raw/ordres'"),
    (16, 58, 16, 73, "'stg_customers'"),
]


def test_keys_of_every_code_location_of_the_repository_are_known(repository):
    findings = lint([repository / "analytics/analytics/assets.py"])

    assert _unknown(findings) == EXPECTED_IN_A_COMPLETE_PROJECT
    assert "(the closest known key is 'raw/orders')" in findings[0].msg
    assert "closest" not in findings[1].msg


def test_tests_are_neither_judged_nor_producers(repository):
    findings = lint(
        [
            repository / "analytics/analytics/assets.py",
            repository / "analytics/analytics_tests/test_assets.py",
        ]
    )

    # Nothing in analytics_tests/test_assets.py is reported, and its asset is known nowhere.
    assert _unknown(findings) == EXPECTED_IN_A_COMPLETE_PROJECT
    catalog = asset_graph.catalog_for(repository, repository / "analytics/analytics/assets.py", None)
    assert ("fake",) not in catalog.keys


@pytest.mark.parametrize(
    ("producer", "reason"),
    [
        (
            "from dagster_dbt import dbt_assets\n\n\n@dbt_assets(manifest='target/manifest.json')\n"
            "def models(context, dbt): ...\n",
            "@dbt_assets 'models'",
        ),
        (
            "import dagster as dg\n\n\ndef build(table):\n    @dg.asset(name=table)\n"
            "    def _load() -> None: ...\n\n    return _load\n",
            "@asset '_load' with a name computed at run time",
        ),
        (
            "import dagster as dg\n\nTABLES = ['a', 'b']\n"
            "specs = [dg.AssetSpec(table) for table in TABLES]\n",
            "AssetSpec(...)",
        ),
    ],
    ids=["dbt", "factory", "computed-specs"],
)
def test_with_unlisted_producers_only_typos_are_reported(repository, producer, reason):
    write_project(repository, {"ingest/ingest/more.py": producer})

    findings = lint([repository / "analytics/analytics/assets.py"])

    # 'orders' may be a key of the unlisted producer; 'raw/ordres' is one keystroke from
    # 'raw/orders' and is still reported.
    assert _unknown(findings) == [EXPECTED_IN_A_COMPLETE_PROJECT[0]]
    catalog = asset_graph.catalog_for(repository, repository / "ingest/ingest/more.py", None)
    assert catalog.unlisted[0].startswith(reason)


def test_a_loader_of_a_package_outside_the_project_makes_keys_unlisted(repository):
    write_project(
        repository,
        {
            "ingest/ingest/shared.py": "import dagster as dg\nimport vendor_assets\n\n"
            "defs = dg.Definitions(assets=dg.load_assets_from_package_module(vendor_assets))\n"
        },
    )

    assert _unknown(lint([repository / "analytics/analytics/assets.py"])) == [
        EXPECTED_IN_A_COMPLETE_PROJECT[0]
    ]


def test_external_keys_option_counts_as_known(repository):
    findings = lint(
        [repository / "analytics/analytics/assets.py"],
        "--dagster-external-asset-keys=stg_customers,raw/ordres",
    )

    assert _unknown(findings) == []


def test_project_root_option_overrides_detection(repository):
    # Only the analytics location: none of ingest's keys are known there.
    findings = lint(
        [repository / "analytics/analytics/assets.py"],
        f"--dagster-project-root={repository / 'analytics'}",
    )

    assert len(_unknown(findings)) == 8


def test_a_one_segment_name_of_a_prefixed_asset_is_known(repository):
    # Dagster resolves deps=["orders"] to raw/orders when both are in one group (see
    # test_asset_graph_runs); groups are often set out of the linter's sight.
    catalog = asset_graph.catalog_for(repository, repository / ANALYTICS_FILE, None)

    assert catalog.knows(("orders",))
    assert not catalog.knows(("ordres",))
    assert not catalog.knows(("staging", "orders"))


# Finding the project ----------------------------------------------------------------------


def test_the_repository_wins_over_a_code_locations_pyproject(repository):
    assert project_root(repository / "analytics/analytics") == repository


def test_the_outermost_workspace_in_the_repository_wins(repository):
    (repository / "deploy").mkdir()
    write_project(repository, {"ingest/workspace.yaml": "load_from: []\n"})
    assert project_root(repository / "ingest/ingest") == repository / "ingest"
    project_root.cache_clear()
    write_project(repository, {"dg.toml": '[workspace]\ndirectory_type = "workspace"\n'})
    (repository / "dg.toml").write_text('directory_type = "workspace"\n', encoding="utf-8")
    assert project_root(repository / "ingest/ingest") == repository


def test_outside_version_control_the_nearest_python_project(tmp_path):
    write_project(tmp_path, {"a/setup.cfg": "", "a/b/pyproject.toml": "[tool.dagster]\n"})
    (tmp_path / "a/b/pkg").mkdir()
    assert project_root(tmp_path / "a/b/pkg") == tmp_path / "a/b"


def test_a_malformed_pyproject_is_no_error(tmp_path):
    write_project(tmp_path, {"pyproject.toml": "[tool.dg\nbroken"})
    assert project_root(tmp_path) == tmp_path


# The index --------------------------------------------------------------------------------


def test_keys_are_full_paths_with_prefixes_applied():
    summary = module_index.summarize(INGEST_ASSETS)

    assert summary["keys"] == [
        ["crm_accounts"], ["erp", "vehicles"], ["raw", "orders"], ["refunds"],
        ["warehouse", "payments"],
    ]
    assert summary["unlisted"] == []


def test_a_file_that_does_not_parse_or_mention_dagster_contributes_nothing():
    assert module_index.summarize("import dagster\ndef broken(:\n") == module_index.empty_summary()
    assert module_index.summarize(b"@asset\ndef orders(): ...\n") == module_index.empty_summary()


def test_an_unchanged_project_is_read_from_the_cache(repository, monkeypatch):
    asset_graph.project_files(repository).summaries
    asset_graph.forget_projects()
    parsed = []
    monkeypatch.setattr(asset_graph, "summarize", lambda source: parsed.append(source) or {})

    asset_graph.project_files(repository).summaries
    assert parsed == []

    asset_graph.forget_projects()
    (repository / "ingest/ingest/assets.py").write_text(INGEST_ASSETS + "\n# edited\n", encoding="utf-8")
    asset_graph.project_files(repository).summaries
    assert len(parsed) == 1


def test_what_is_derived_from_an_unchanged_project_is_not_built_again(repository, monkeypatch):
    linted = repository / "ingest/ingest/assets.py"
    catalog = asset_graph.catalog_for(repository, linted, None)
    registry = asset_graph.registry_for(repository, linted, None)
    asset_graph.forget_projects()
    monkeypatch.setattr(asset_graph, "_read_summaries", lambda project: pytest.fail("summaries read"))

    assert asset_graph.catalog_for(repository, linted, linted.read_bytes()) == catalog
    assert asset_graph.registry_for(repository, linted, None) == registry


def test_the_package_index_decoded_from_the_cache_is_the_one_built(repository, monkeypatch):
    package = repository / "ingest/ingest"
    built = project._build_index(package, True)
    assert built.definition("ingest.assets.orders") == ("asset", "orders", "ingest.assets")
    asset_graph.forget_projects()
    monkeypatch.setattr(asset_graph, "_read_summaries", lambda project: pytest.fail("summaries read"))

    assert project._build_index(package, True) == built


def test_an_edited_file_is_seen_by_what_is_derived_from_the_project(repository):
    linted = repository / "ingest/ingest/assets.py"
    assert ("new_table",) not in asset_graph.catalog_for(repository, linted, None).keys
    asset_graph.forget_projects()

    linted.write_text(INGEST_ASSETS + "\n\n@dg.asset\ndef new_table(): ...\n", encoding="utf-8")
    assert ("new_table",) in asset_graph.catalog_for(repository, linted, None).keys


@pytest.mark.parametrize(
    ("key", "known", "typo"),
    [
        (("raw_ordrs",), ("raw_orders",), True),
        (("raw", "ordres"), ("raw", "orders"), True),
        (("orders",), ("raw", "orders"), False),
        (("orders_2023",), ("orders_2024",), False),
        (("stg_customers",), ("customers",), False),
    ],
)
def test_typos_are_one_or_two_keystrokes_in_the_same_number_of_segments(key, known, typo):
    assert asset_graph.is_typo(key, known) is typo


def test_an_unsaved_buffer_is_summarized_once_for_every_question_about_it(repository, monkeypatch):
    linted = repository / "ingest/ingest/assets.py"
    buffer = (INGEST_ASSETS + '\n\nnew_spec = dg.AssetSpec("from_the_buffer")\n').encode()
    asset_graph.catalog_for(repository, linted, None)
    summarized = []
    real_summarize = asset_graph.summarize
    monkeypatch.setattr(
        asset_graph, "summarize", lambda source: summarized.append(source) or real_summarize(source)
    )

    for _ in range(3):
        assert ("from_the_buffer",) in asset_graph.catalog_for(repository, linted, buffer).keys
        asset_graph.registry_for(repository, linted, buffer)

    assert summarized == [buffer]
