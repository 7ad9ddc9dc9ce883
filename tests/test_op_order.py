"""unordered-ops-in-job: ops of a job body that pass no data run in no order."""

from __future__ import annotations

import importlib.util
import sys
import textwrap
import warnings

import pytest
from linting import FIXTURES, lint, lint_source

SYMBOL = "unordered-ops-in-job"

OPS = """\
@dg.op
def extract() -> None: ...

@dg.op
def load() -> None: ...

@dg.op
def rows() -> list:
    return [1]

@dg.op
def keep(rows: list) -> None: ...

@dg.graph
def subgraph():
    load()

@dg.asset
def orders() -> None: ...

"""


def ours(findings):
    return [f for f in findings if f.symbol == SYMBOL]


def lint_job(tmp_path, body, header="import dagster as dg\n\n" + OPS):
    code = header + "@dg.job\ndef pipeline():\n" + textwrap.indent(textwrap.dedent(body), "    ")
    return ours(lint_source(tmp_path, code))


def _load_fixture(name):
    path = FIXTURES / SYMBOL / name
    module_name = f"op_order_fixture_{path.stem}"
    spec = importlib.util.spec_from_file_location(module_name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[module_name] = module
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        spec.loader.exec_module(module)
    return module


def _plan(job):
    from dagster._core.execution.api import create_execution_plan  # pylint: disable=import-outside-toplevel

    return create_execution_plan(job)


# What Dagster does ---------------------------------------------------------------------------


def test_ops_called_in_sequence_have_no_dependency_in_the_execution_plan():
    pytest.importorskip("dagster")
    job = _load_fixture("bad.py").nightly_orders
    plan = _plan(job)
    assert {step.key: step.get_execution_dependency_keys() for step in plan.get_all_steps_in_topo_order()} == {
        "extract_orders": set(),
        "transform_orders": set(),
        "load_orders": set(),
    }
    # One level: the multiprocess executor may start all three at once.
    assert [sorted(step.key for step in level) for level in plan.get_all_steps_by_level()] == [
        ["extract_orders", "load_orders", "transform_orders"]
    ]
    assert not job.graph.dependency_structure.input_to_upstream_outputs_for_node("load_orders")


def test_in_process_order_is_not_the_order_of_the_body():
    dg = pytest.importorskip("dagster")
    started = []

    @dg.op
    def zeta_first() -> None:
        started.append("zeta_first")

    @dg.op
    def alpha_second() -> None:
        started.append("alpha_second")

    @dg.job
    def written_in_order():
        zeta_first()
        alpha_second()

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert written_in_order.execute_in_process().success
    assert started == ["alpha_second", "zeta_first"]


def test_graph_alias_after_a_chain_has_no_dependency_either():
    pytest.importorskip("dagster")
    job = _load_fixture("bad.py").refresh_and_notify.to_job()
    deps = {step.key: step.get_execution_dependency_keys() for step in _plan(job).get_all_steps_in_topo_order()}
    assert deps["notify_after_refresh"] == set()
    assert deps["write_rows"] == {"read_rows"}


def test_nothing_input_orders_the_ops_as_the_message_says():
    pytest.importorskip("dagster")
    good = _load_fixture("good.py")
    deps = {
        step.key: step.get_execution_dependency_keys()
        for step in _plan(good.ordered_by_nothing).get_all_steps_in_topo_order()
    }
    assert deps == {"extract_orders": set(), "load_orders": {"extract_orders"}, "notify_team": {"load_orders"}}
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        result = good.ordered_by_nothing.execute_in_process()
    started = [event.step_key for event in result.all_events if event.event_type_value == "STEP_START"]
    assert started == ["extract_orders", "load_orders", "notify_team"]


# What the check reports ------------------------------------------------------------------------


def test_message_names_both_ops_and_writes_the_fix(tmp_path):
    (finding,) = lint_job(tmp_path, "extract()\nload()\n")
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (26, 4, 26, 10)
    assert finding.obj == "pipeline"
    assert finding.msg == (
        "'load()' is passed no output of 'extract()' in @dg.job 'pipeline', so Dagster runs the "
        "two concurrently, in any order: the order of the body (Airflow's extract >> load) is "
        "lost. To run 'load' after 'extract', give 'load' ins={\"start\": dg.In(dg.Nothing)} and "
        "write load(start=extract()), or make them assets with deps=[extract] on 'load'"
    )


@pytest.mark.parametrize(
    ("header", "decorator", "prefix"),
    [
        ("from dagster import In, Nothing, job, op\n\n", "job", ""),
        ("import dagster\n\n", "dagster.job", "dagster."),
    ],
)
def test_fix_follows_the_import_style(tmp_path, header, decorator, prefix):
    op = "op" if not prefix else f"{prefix}op"
    code = header + f"@{op}\ndef a() -> None: ...\n\n@{op}\ndef b() -> None: ...\n\n@{decorator}\ndef j():\n    a()\n    b()\n"
    (finding,) = ours(lint_source(tmp_path, code))
    assert f"ins={{\"start\": {prefix}In({prefix}Nothing)}}" in finding.msg
    assert f"@{decorator} 'j'" in finding.msg


@pytest.mark.parametrize(
    "body",
    [
        # A chain of three: each one after the previous.
        "extract()\nload()\nkeep(rows())\n",
        # The later op's output is kept or returned.
        "extract()\nout = load()\n",
        "extract()\nreturn load()\n",
        # A copy of the op made with .alias / .with_hooks, in place or bound beforehand.
        "extract()\nload.alias('load_orders')()\n",
        "extract.with_hooks(set()).alias('first')()\nload()\n",
        "extract()\nLOAD_AGAIN()\n",
        # After a chain whose last output is discarded, and after a graph.
        "keep(rows())\nload()\n",
        "subgraph()\nload()\n",
        # The earlier output bound to a name that nothing reads.
        "extract_result = extract()\nload_result = load()\n",
        "first: None = extract()\nload()\n",
        # Docstrings and comments in between do not matter.
        "'''Nightly.'''\nextract()\n# then\nload()\n",
    ],
)
def test_sequential_bare_ops_are_reported(tmp_path, body):
    header = "import dagster as dg\n\n" + OPS + "LOAD_AGAIN = load.alias('load_again')\n\n"
    findings = lint_job(tmp_path, body, header)
    assert findings and all(f.symbol == SYMBOL for f in findings)


@pytest.mark.parametrize(
    "body",
    [
        # Data passed orders the ops.
        "keep(rows())\n",
        "r = rows()\nkeep(r)\n",
        # Fan-out from one upstream.
        "r = rows()\nkeep(r)\nkeep.alias('keep_again')(r)\n",
        # The earlier output is kept: the order meant is not known.
        "r = rows()\nload()\nkeep(r)\n",
        "r, = rows()\nload()\nkeep(r)\n",
        "holder = {}\nholder['r'] = rows()\nload()\n",
        # Independent chains, each passing data.
        "keep(rows())\nkeep.alias('k2')(rows.alias('r2')())\n",
        # One op.
        "extract()\n",
        # A later graph: its fix is not an In(Nothing) on an op.
        "extract()\nsubgraph()\n",
        # Assets composed in a job are another message's.
        "orders()\nload()\n",
        "extract()\norders()\n",
        # Callables the linter cannot see to be ops.
        "extract()\nhelper()\n",
        "helper()\nload()\n",
        "extract()\nmake_op('x')()\n",
        # A loop (or any other call) between the two.
        "extract()\nfor name in ['a', 'b']:\n    load.alias(name)()\nload()\n",
        "extract()\nif True:\n    pass\nload()\n",
        # Dynamic outputs.
        "rows().map(keep)\nload()\n",
    ],
)
def test_ordered_or_unknown_ops_are_not_reported(tmp_path, body):
    header = "import dagster as dg\n\n" + OPS + "def helper():\n    pass\n\ndef make_op(name):\n    return load\n\n"
    assert lint_job(tmp_path, body, header) == []


def test_ops_outside_job_bodies_are_not_reported(tmp_path):
    code = "import dagster as dg\n\n" + OPS + (
        "def test_ops():\n    extract()\n    load()\n\n"
        "@dg.asset\ndef a() -> None:\n    extract()\n    load()\n"
    )
    assert ours(lint_source(tmp_path, code)) == []


def test_ops_imported_from_the_project_are_reported(tmp_path, fresh_project_index):
    del fresh_project_index
    package = tmp_path / "etl"
    package.mkdir()
    (package / "__init__.py").write_text("")
    (package / "ops.py").write_text(
        "import dagster as dg\n\n@dg.op\ndef extract() -> None: ...\n\n@dg.op\ndef load() -> None: ...\n\n"
        "def not_an_op() -> None: ...\n"
    )
    (package / "jobs.py").write_text(
        "import dagster as dg\n\nfrom etl.ops import extract, load, not_an_op\n\n"
        "@dg.job\ndef nightly():\n    extract()\n    load()\n\n"
        "@dg.job\ndef other():\n    extract()\n    not_an_op()\n"
    )
    (package / "relative_jobs.py").write_text(
        "import dagster as dg\n\nfrom .ops import extract, load\n\n"
        "@dg.job\ndef nightly_relative():\n    extract()\n    load()\n"
    )
    findings = ours(lint([package / "jobs.py", package / "relative_jobs.py"]))
    assert [(f.line, f.obj) for f in findings] == [(8, "nightly"), (8, "nightly_relative")]
