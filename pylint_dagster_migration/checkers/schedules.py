"""Schedules: Airflow's catchup, which no Dagster schedule performs.

An Airflow DAG with ``start_date`` and the default ``catchup=True`` runs once for every
interval since the start date when it is deployed. A Dagster schedule only ever launches its
latest tick. History needs a partitions definition that carries the start date and an explicit
backfill; ``start_date=`` is right on ``DailyPartitionsDefinition`` and nowhere else. The fixes
the messages suggest are written by ``catchup.py``; which keywords ``assumed-catchup`` reports,
rather than ``unknown-dagster-argument``, is decided by ``keyword_owners.py``.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import names, signatures
from pylint_dagster_migration.catchup import (
    BACKFILL,
    CATCHUP_KEYWORDS,
    NEVER_CATCHES_UP,
    SCHEDULED_CONSTRUCTS,
    declines_catchup,
    keyword_fix,
    partitions_fix,
)
from pylint_dagster_migration.checkers.base import DagsterChecker, excerpt
from pylint_dagster_migration.keyword_owners import reports
from pylint_dagster_migration.literals import dict_entries
from pylint_dagster_migration.retry_policies import FOREIGN_RETRY_KEYWORDS

if TYPE_CHECKING:
    from pylint.lint import PyLinter

TIME_WINDOW_PARTITIONS = frozenset(
    {
        "DailyPartitionsDefinition", "HourlyPartitionsDefinition", "WeeklyPartitionsDefinition",
        "MonthlyPartitionsDefinition", "TimeWindowPartitionsDefinition",
    }
)
#: Keywords worth resolving a call's callee for (None is a ``**`` expansion).
_INTERESTING_KEYWORDS = CATCHUP_KEYWORDS | {None, "execution_fn"}

#: Calls that build a fixed date: ``datetime(2024, 1, 1)``, ``pendulum.datetime(...)``.
_DATE_CONSTRUCTORS = frozenset(
    {
        "datetime.datetime", "datetime.date", "pendulum.datetime", "pendulum.date",
        "pandas.Timestamp", "datetime.datetime.strptime", "datetime.datetime.fromisoformat",
        "datetime.date.fromisoformat", "pendulum.parse", "dateutil.parser.parse",
    }
)
#: Calls that iterate dates between a start and an end.
_DATE_RANGES = frozenset({"pandas.date_range", "pendulum.period", "pendulum.interval", "dateutil.rrule.rrule"})
_COMPREHENSIONS = (nodes.ListComp, nodes.GeneratorExp, nodes.SetComp)
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}")
_TEXT_LIMIT = 50


class ScheduleChecker(DagsterChecker):
    """Finds Airflow catchup carried over to Dagster assets, jobs and schedules."""

    msgs = {
        "W7330": (
            f"%s %s. {NEVER_CATCHES_UP}: %s",
            "assumed-catchup",
            "Airflow catchup arguments (catchup, start_date, end_date, depends_on_past, "
            "default_args) on a Dagster asset, op, job, schedule or sensor, or a schedule that "
            "loops over past dates or partitions yielding a RunRequest for each.\n\n"
            "Airflow runs a DAG once per interval since start_date when it is deployed "
            "(catchup=True is the default). Dagster has no such arguments (the module fails "
            "to load with TypeError) and no such behaviour: a schedule launches only its latest "
            "tick, and a schedule that requests every past date re-requests all of history on "
            "every tick. Put the start date on a partitions definition "
            "(partitions_def=dg.DailyPartitionsDefinition(start_date=\"2024-01-01\")), schedule "
            "the partitioned job with dg.build_schedule_from_partitioned_job, and backfill "
            "history once, explicitly: from the UI, or with dg launch / dagster asset "
            "materialize --partition-range for assets with BackfillPolicy.single_run(). "
            "start_date= on DailyPartitionsDefinition and the other partitions definitions is "
            "right and not reported.",
        ),
    }

    @only_required_for_messages("assumed-catchup")
    def visit_call(self, node: nodes.Call) -> None:
        if not any(k.arg in _INTERESTING_KEYWORDS for k in node.keywords or ()):
            return
        callee = names.call_dagster_name(node)
        if callee == "ScheduleDefinition":
            self._check_evaluation_function(names.keyword_argument(node, "execution_fn"), node)
        if callee not in SCHEDULED_CONSTRUCTS:
            return
        for keyword in node.keywords or ():
            if keyword.arg is None:
                self._check_expansion(keyword, node, callee)
            elif reports("assumed-catchup", callee, keyword.arg):
                self._report_keyword(keyword, node, callee)

    @only_required_for_messages("assumed-catchup")
    def visit_functiondef(self, node: nodes.FunctionDef) -> None:
        definition = self.dagster_model(node).definition(node)
        if definition is not None and definition.kind == "schedule":
            for loop in _catchup_loops(node):
                self._report_loop(loop, node.name, definition.decorator)

    visit_asyncfunctiondef = visit_functiondef

    # Keywords -----------------------------------------------------------------------------

    def _report_keyword(self, keyword: nodes.Keyword, call: nodes.Call, callee: str) -> None:
        consequence = "is Airflow's: Dagster has no such argument and rejects it with TypeError when the module loads"
        if declines_catchup(keyword):
            consequence = (
                "is rejected with TypeError when the module loads; Dagster never catches up, "
                "so catchup=False is already what it does"
            )
        elif keyword.arg == "default_args":
            held = sorted(set(dict_entries(keyword.value)) & (CATCHUP_KEYWORDS | FOREIGN_RETRY_KEYWORDS))
            if held:
                consequence = f"(holding {', '.join(held)}) " + consequence
        self.add_message(
            "assumed-catchup",
            node=keyword,
            args=(
                f"{excerpt(keyword, _TEXT_LIMIT)} on {names.construct_label(call)}",
                consequence,
                keyword_fix(keyword, call, callee),
            ),
        )

    def _check_expansion(self, keyword: nodes.Keyword, call: nodes.Call, callee: str) -> None:
        """``**default_args`` where the dict holds Airflow catchup arguments."""
        entries = dict_entries(keyword.value)
        held = sorted(k for k in entries if k in CATCHUP_KEYWORDS and signatures.rejects(callee, k))
        if not held:
            return
        self.add_message(
            "assumed-catchup",
            node=keyword,
            args=(
                f"{excerpt(keyword, _TEXT_LIMIT)} on {names.construct_label(call)}",
                f"passes Airflow's {', '.join(held)}: Dagster has no such arguments and "
                "rejects them with TypeError when the module loads",
                partitions_fix(call, entries),
            ),
        )

    # Hand-rolled catchup in a schedule's evaluation function -------------------------------

    def _check_evaluation_function(self, function: nodes.NodeNG | None, call: nodes.Call) -> None:
        if not isinstance(function, nodes.Name):
            return
        _, bindings = function.lookup(function.name)
        if bindings and isinstance(bindings[-1], nodes.FunctionDef):
            for loop in _catchup_loops(bindings[-1]):
                self._report_loop(loop, bindings[-1].name, call)

    def _report_loop(self, loop: nodes.NodeNG, schedule: str, construct: nodes.NodeNG) -> None:
        kind = "comprehension" if isinstance(loop, _COMPREHENSIONS) else f"{type(loop).__name__.lower()} loop"
        prefix = names.dagster_prefix(construct)
        self.add_message(
            "assumed-catchup",
            node=loop,
            args=(
                f"The {kind} in schedule '{schedule}'",
                "requests a run for every past date or partition on each tick: this hand-rolled "
                "catchup re-requests all of history every time (run_key only dedupes within one "
                "tick)",
                f"give the assets a partitions_def such as {prefix}DailyPartitionsDefinition"
                f"(start_date=...), schedule the job with {prefix}"
                "build_schedule_from_partitioned_job(job) so each tick requests its own "
                "partition, and " + BACKFILL,
            ),
        )


def _scope_nodes(function: nodes.FunctionDef):
    """The nodes of a function's own body, not those of nested functions or classes."""
    stack = list(function.body)
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(node, (nodes.FunctionDef, nodes.ClassDef, nodes.Lambda)):
            stack.extend(node.get_children())


def _requests_runs(node: nodes.NodeNG) -> bool:
    """Whether ``node`` builds a RunRequest (itself or anywhere inside, nested functions aside)."""
    return any(
        isinstance(child, nodes.Call) and names.call_dagster_name(child) == "RunRequest"
        for child in [node, *_subtree(node)]
    )


def _subtree(node: nodes.NodeNG):
    stack = list(node.get_children())
    while stack:
        child = stack.pop()
        yield child
        if not isinstance(child, (nodes.FunctionDef, nodes.ClassDef, nodes.Lambda)):
            stack.extend(child.get_children())


def _catchup_loops(function: nodes.FunctionDef) -> list[nodes.NodeNG]:
    """Loops and comprehensions of a schedule function that yield a RunRequest per date or
    partition since a fixed start."""
    found = []
    for node in _scope_nodes(function):
        if isinstance(node, nodes.For):
            if _is_history(node.iter) and _requests_runs(node):
                found.append(node)
        elif isinstance(node, nodes.While):
            if _steps_through_history(node) and _requests_runs(node):
                found.append(node)
        elif isinstance(node, _COMPREHENSIONS):
            if any(_is_history(g.iter) for g in node.generators) and _requests_runs(node.elt):
                found.append(node)
    return sorted(found, key=lambda n: (n.lineno, n.col_offset))


def _is_history(iterable: nodes.NodeNG) -> bool:
    """Whether a loop's iterable walks every date or partition since a fixed start."""
    if isinstance(iterable, nodes.Name):
        value = names.assigned_value(iterable)
        return value is not None and _is_history(value)
    if not isinstance(iterable, nodes.Call):
        return False
    func = iterable.func
    if isinstance(func, nodes.Attribute) and func.attrname == "get_partition_keys":
        return _is_time_window_partitions(func.expr)
    qualified = names.call_qualified_name(iterable)
    if qualified in _DATE_RANGES:
        start = names.keyword_argument(iterable, "start") or names.keyword_argument(iterable, "dtstart")
        if start is None and iterable.args:
            start = iterable.args[0] if qualified != "dateutil.rrule.rrule" else None
        return start is not None and _is_fixed_date(start)
    if names.is_builtin(func, "range"):
        return any(_days_since_fixed_date(argument) for argument in iterable.args)
    return False


def _days_since_fixed_date(node: nodes.NodeNG) -> bool:
    """``(today - START_DATE).days`` anywhere inside ``node`` (or the value it names)."""
    if isinstance(node, nodes.Name):
        node = names.assigned_value(node) or node
    for child in [node, *_subtree(node)]:
        if isinstance(child, nodes.Attribute) and child.attrname == "days":
            difference = child.expr
            if isinstance(difference, nodes.BinOp) and difference.op == "-" and _is_fixed_date(difference.right):
                return True
    return False


def _steps_through_history(loop: nodes.While) -> bool:
    """``while day <= today: ...; day += timedelta(days=1)`` with ``day`` starting at a fixed date."""
    for node in _subtree(loop):
        if isinstance(node, nodes.AugAssign) and node.op == "+=" and names.is_timedelta_call(node.value):
            target = node.target
            if isinstance(target, nodes.AssignName):
                starts = [
                    assign.value
                    for assign in loop.scope().nodes_of_class(nodes.Assign)
                    if assign.lineno < loop.lineno
                    and any(isinstance(t, nodes.AssignName) and t.name == target.name for t in assign.targets)
                ]
                if starts and _is_fixed_date(starts[-1]):
                    return True
    return False


def _is_fixed_date(node: nodes.NodeNG, depth: int = 0) -> bool:
    """A date that does not move with the tick: a literal, a constant, a partitions start."""
    if depth > 3:
        return False
    if isinstance(node, nodes.Const):
        return isinstance(node.value, str) and bool(_ISO_DATE.match(node.value))
    if isinstance(node, nodes.Name):
        value = names.assigned_value(node)
        return value is not None and _is_fixed_date(value, depth + 1)
    if isinstance(node, nodes.Attribute) and node.attrname in {"start", "start_date"}:
        return _is_time_window_partitions(node.expr)
    if isinstance(node, nodes.Call):
        if names.call_qualified_name(node) in _DATE_CONSTRUCTORS:
            return all(isinstance(argument, nodes.Const) for argument in node.args) and all(
                isinstance(keyword.value, nodes.Const) for keyword in node.keywords or ()
            )
        if isinstance(node.func, nodes.Attribute) and node.func.attrname == "date":
            return _is_fixed_date(node.func.expr, depth + 1)
    return False


def _is_time_window_partitions(node: nodes.NodeNG) -> bool:
    if isinstance(node, nodes.Name):
        node = names.assigned_value(node)
    return isinstance(node, nodes.Call) and names.call_dagster_name(node) in TIME_WINDOW_PARTITIONS


def register(linter: PyLinter) -> None:
    linter.register_checker(ScheduleChecker(linter))
