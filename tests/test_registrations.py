"""definition-not-registered on multi-module projects: what a Definitions reaches (lists,
* unpacking, Definitions.merge, loaders, a dg defs folder, jobs targeted by registered
schedules and sensors), when the linter keeps quiet, the same findings however pylint is run,
and, with real Dagster, that an unregistered schedule is absent from the loaded definitions."""

from __future__ import annotations

import importlib
import sys

import pytest
from commands import PLUGIN, pylint
from linting import lint
from test_asset_graph import write_project

from pylint_dagster_migration import asset_graph, module_index
from pylint_dagster_migration.project_root import package_root, project_root

ASSETS = '''\
import dagster as dg


@dg.asset
def orders() -> None: ...
'''

JOBS = '''\
import dagster as dg

etl_job = dg.define_asset_job("etl_job", selection="*")
report_job = dg.define_asset_job("report_job", selection="*")
orphan_job = dg.define_asset_job("orphan_job", selection="*")
'''

SCHEDULES = '''\
import dagster as dg

from .jobs import etl_job, report_job

daily = dg.ScheduleDefinition(name="daily", job=etl_job, cron_schedule="0 2 * * *")
weekly = dg.ScheduleDefinition(name="weekly", job=report_job, cron_schedule="0 6 * * 1")
forgotten = dg.ScheduleDefinition(name="forgotten", job=etl_job, cron_schedule="0 3 * * *")

SCHEDULES = [daily, weekly]
'''

SENSORS = '''\
import dagster as dg

from pipelines.jobs import etl_job


@dg.sensor(job=etl_job)
def watch():
    return dg.SkipReason("nothing new")


@dg.asset_sensor(asset_key=dg.AssetKey("orders"), job=etl_job)
def orders_sensor(context, asset_event):
    return dg.SkipReason("nothing new")
'''

DEFINITIONS = '''\
import dagster as dg

from . import assets, sensors
from .schedules import SCHEDULES

defs = dg.Definitions.merge(
    dg.Definitions(assets=dg.load_assets_from_modules([assets]), schedules=[*SCHEDULES]),
    dg.Definitions(sensors=[sensors.watch]),
)
'''

TEST_DEFINITIONS = '''\
import dagster as dg

from pipelines.schedules import forgotten

stray = dg.ScheduleDefinition(job=dg.define_asset_job("j", selection="*"), cron_schedule="@daily")
defs = dg.Definitions(schedules=[forgotten])
'''

DG_DEFINITIONS = '''\
from pathlib import Path

import dagster as dg


@dg.definitions
def defs():
    return dg.load_from_defs_folder(project_root=Path(__file__).parent.parent.parent)
'''

DG_SCHEDULES = '''\
import dagster as dg

nightly_job = dg.define_asset_job("nightly_job", selection="*")
nightly = dg.ScheduleDefinition(job=nightly_job, cron_schedule="0 1 * * *")
'''

DG_EXTRA = '''\
import dagster as dg

from analytics.defs.schedules import nightly_job

hourly = dg.ScheduleDefinition(job=nightly_job, cron_schedule="0 * * * *")
'''

EXPECTED = [
    "analytics/src/analytics/extra.py:5:0:5:6:definition-not-registered",
    "pipelines/pipelines/jobs.py:5:0:5:10:definition-not-registered",
    "pipelines/pipelines/schedules.py:7:0:7:9:definition-not-registered",
    "pipelines/pipelines/sensors.py:12:0:12:17:definition-not-registered",
]


@pytest.fixture(autouse=True)
def _fresh_index(tmp_path, monkeypatch):
    monkeypatch.setenv("PYLINT_HOME", str(tmp_path / "pylint-home"))
    asset_graph.forget_projects()
    project_root.cache_clear()
    package_root.cache_clear()
    yield
    asset_graph.forget_projects()
    project_root.cache_clear()
    package_root.cache_clear()


@pytest.fixture(name="repository")
def _repository(tmp_path):
    """Two code locations: pipelines (a definitions.py) and analytics (a dg defs folder)."""
    root = tmp_path / "repo"
    (root / ".git").mkdir(parents=True)
    return write_project(
        root,
        {
            "pipelines/pyproject.toml": '[tool.dagster]\nmodule_name = "pipelines.definitions"\n',
            "pipelines/pipelines/__init__.py": "",
            "pipelines/pipelines/assets.py": ASSETS,
            "pipelines/pipelines/jobs.py": JOBS,
            "pipelines/pipelines/schedules.py": SCHEDULES,
            "pipelines/pipelines/sensors.py": SENSORS,
            "pipelines/pipelines/definitions.py": DEFINITIONS,
            "pipelines/tests/test_definitions.py": TEST_DEFINITIONS,
            "analytics/pyproject.toml": '[tool.dg]\ndirectory_type = "project"\n\n'
            '[tool.dg.project]\nroot_module = "analytics"\n',
            "analytics/src/analytics/__init__.py": "",
            "analytics/src/analytics/definitions.py": DG_DEFINITIONS,
            "analytics/src/analytics/extra.py": DG_EXTRA,
            "analytics/src/analytics/defs/__init__.py": "",
            "analytics/src/analytics/defs/schedules.py": DG_SCHEDULES,
        },
    )


def _located(findings, root, path):
    return [
        f"{path}:{f.line}:{f.column}:{f.end_line}:{f.end_column}:{f.symbol}"
        for f in findings
        if f.symbol == "definition-not-registered"
    ]


def _everything(repository):
    files = sorted(
        path for path in repository.rglob("*.py") if ".git" not in path.parts
    )
    found = []
    for path in files:
        relative = path.relative_to(repository).as_posix()
        found.extend(_located(lint([path]), repository, relative))
    return sorted(found)


def test_what_no_definitions_reaches_is_reported(repository):
    assert _everything(repository) == EXPECTED


def test_the_message_names_the_definition_and_the_fix(repository):
    [finding] = lint([repository / "pipelines/pipelines/schedules.py"])

    assert finding.msg.startswith("Schedule 'forgotten' is not registered by any Definitions")
    assert "never runs after the cut-over" in finding.msg
    assert "dg.Definitions(schedules=[forgotten], ...)" in finding.msg
    [job] = lint([repository / "pipelines/pipelines/jobs.py"])
    assert "cannot launch it" in job.msg and "jobs=[orphan_job]" in job.msg


def _schedules_module(repository, text):
    write_project(repository, {"pipelines/pipelines/schedules.py": text})
    return [f for f in lint([repository / "pipelines/pipelines/schedules.py"]) if f.symbol == "definition-not-registered"]


@pytest.mark.parametrize(
    "definitions",
    [
        # a loader of the package registers every module-level definition of its modules
        "import dagster as dg\nimport pipelines\n\n"
        "defs = dg.Definitions.merge(dg.load_definitions_from_package_module(pipelines))\n",
        "import dagster as dg\n\ndefs = dg.load_definitions_from_package_name('pipelines')\n",
        "import dagster as dg\nfrom . import schedules, sensors, jobs\n\n"
        "defs = dg.load_definitions_from_modules([schedules, sensors, jobs])\n",
        # a function of the project builds the list
        "import dagster as dg\nfrom .schedules import SCHEDULES, forgotten\n\n\n"
        "def all_schedules():\n    return [*SCHEDULES, forgotten]\n\n\n"
        "defs = dg.Definitions(schedules=all_schedules())\n",
        # keyword arguments from a module-level dict; a star import
        "import dagster as dg\nfrom .schedules import *\n\n"
        "KWARGS = {'schedules': [daily, weekly, forgotten]}\ndefs = dg.Definitions(**KWARGS)\n",
        # a list extended in a loop
        "import dagster as dg\nfrom . import schedules as s\n\nALL = []\n"
        "for name in ('daily', 'weekly', 'forgotten'):\n    ALL.append(getattr(s, name))\n"
        "defs = dg.Definitions(schedules=ALL)\n",
        # @definitions and @repository functions
        "import dagster as dg\nfrom pipelines import schedules\n\n\n@dg.definitions\ndef defs():\n"
        "    return dg.Definitions(schedules=[schedules.forgotten, *schedules.SCHEDULES])\n",
    ],
    ids=["package-module", "package-name", "modules", "function", "kwargs-star", "loop", "decorator"],
)
def test_registration_through_loaders_functions_and_lists(repository, definitions):
    write_project(repository, {"pipelines/pipelines/definitions.py": definitions})

    findings = lint([repository / "pipelines/pipelines/schedules.py"])

    assert [f for f in findings if f.symbol == "definition-not-registered"] == []


@pytest.mark.parametrize(
    "definitions",
    [
        "import dagster as dg\n\n\ndef build(modules):\n"
        "    return dg.Definitions.merge(*[dg.load_definitions_from_module(m) for m in modules])\n",
        "import importlib\nimport dagster as dg\n\nNAME = 'pipelines.schedules'\n"
        "defs = dg.load_definitions_from_module(importlib.import_module(NAME))\n",
        "import dagster as dg\n\nmodule = None\ndefs = dg.load_definitions_from_module(module)\n",
    ],
    ids=["parameters", "import-module", "computed-module"],
)
def test_registration_that_cannot_be_followed_silences_the_project(repository, definitions):
    write_project(repository, {"pipelines/pipelines/more.py": definitions})

    assert _everything(repository) == []


def test_load_assets_from_modules_registers_assets_only(repository):
    write_project(
        repository,
        {
            "pipelines/pipelines/definitions.py": "import dagster as dg\nfrom . import schedules\n\n"
            "defs = dg.Definitions(assets=dg.load_assets_from_modules([schedules]))\n"
        },
    )

    findings = lint([repository / "pipelines/pipelines/schedules.py"])

    assert sorted(f.msg.split("'")[1] for f in findings) == ["daily", "forgotten", "weekly"]


def test_a_project_without_definitions_gets_nothing(tmp_path):
    root = write_project(
        tmp_path / "lib",
        {
            "pyproject.toml": "[project]\nname = 'lib'\n",
            "lib/__init__.py": "",
            "lib/jobs.py": JOBS,
        },
    )

    assert lint([root / "lib/jobs.py"]) == []


def test_factories_and_other_packages_are_not_judged(repository):
    write_project(
        repository,
        {
            "pipelines/pipelines/factory.py": "import dagster as dg\n\n\ndef make(job):\n"
            "    return dg.ScheduleDefinition(job=job, cron_schedule='@daily')\n",
            "tools/scratch.py": DG_SCHEDULES,
        },
    )

    assert _everything(repository) == EXPECTED


def test_tests_are_neither_registrars_nor_judged(repository):
    registry = asset_graph.registry_for(repository, repository / "pipelines/pipelines/jobs.py", None)

    test_file = str(repository / "pipelines/tests/test_definitions.py")
    assert registry.unregistered(test_file) == []
    assert ("forgotten" in {name for _, name in registry.unregistered(str(repository / "pipelines/pipelines/schedules.py"))})


def test_the_summary_records_definitions_and_registrars():
    summary = module_index.summarize(SCHEDULES)["registry"]

    assert summary["defined"] == [["schedule", "daily"], ["schedule", "weekly"], ["schedule", "forgotten"]]
    assert summary["bindings"]["SCHEDULES"] == ["daily", "weekly"]
    assert summary["imports"] == {"dg": "dagster", "etl_job": ".jobs.etl_job", "report_job": ".jobs.report_job"}
    assert not summary["registrar"]
    registrar = module_index.summarize(DEFINITIONS)["registry"]
    assert registrar["registrar"] and "SCHEDULES" in registrar["roots"]
    assert "assets" not in registrar["roots"]  # load_assets_from_modules registers assets only


# The same findings however pylint is run ---------------------------------------------------

ONLY_OURS = (PLUGIN, "--disable=all", "--enable=definition-not-registered", "--score=n")
FORMAT = "--msg-template={path}:{line}:{column}:{end_line}:{end_column}:{symbol}"
PACKAGES = ("pipelines/pipelines", "analytics/src/analytics")


def _findings(result):
    return sorted(line for line in result.stdout.splitlines() if line.endswith("-registered"))


def test_a_full_run(repository):
    assert _findings(pylint(*ONLY_OURS, FORMAT, *PACKAGES, cwd=repository)) == EXPECTED


def test_two_jobs(repository):
    assert _findings(pylint(*ONLY_OURS, FORMAT, "-j", "2", *PACKAGES, cwd=repository)) == EXPECTED


def test_one_file_as_pre_commit_passes_it(repository):
    result = pylint(*ONLY_OURS, FORMAT, "pipelines/pipelines/schedules.py", cwd=repository)
    assert _findings(result) == [EXPECTED[2]]


def test_an_editor_buffer_on_stdin(repository):
    path = "pipelines/pipelines/schedules.py"
    result = pylint(*ONLY_OURS, FORMAT, "--from-stdin", path, cwd=repository, stdin=SCHEDULES)
    assert _findings(result) == [EXPECTED[2]]
    # The unsaved buffer lists the forgotten schedule.
    edited = SCHEDULES.replace("[daily, weekly]", "[daily, weekly, forgotten]")
    result = pylint(*ONLY_OURS, FORMAT, "--from-stdin", path, cwd=repository, stdin=edited)
    assert _findings(result) == []


# What Dagster does ------------------------------------------------------------------------


def test_dagster_never_loads_an_unregistered_schedule_sensor_or_job(repository):
    pytest.importorskip("dagster")
    sys.path.insert(0, str(repository / "pipelines"))
    try:
        definitions = importlib.import_module("pipelines.definitions")
        repository_def = definitions.defs.get_repository_def()
        assert {s.name for s in repository_def.schedule_defs} == {"daily", "weekly"}
        assert {s.name for s in repository_def.sensor_defs} == {"watch"}
        # etl_job and report_job are registered through the schedules that target them.
        assert {j.name for j in repository_def.get_all_jobs()} >= {"etl_job", "report_job"}
        assert "orphan_job" not in {j.name for j in repository_def.get_all_jobs()}
    finally:
        sys.path.remove(str(repository / "pipelines"))
        for name in [name for name in sys.modules if name.split(".")[0] == "pipelines"]:
            del sys.modules[name]
