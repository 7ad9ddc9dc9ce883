"""Schedules, sensors and jobs that no ``Definitions`` of the project registers.

Dagster evaluates only what a code location's ``Definitions`` holds. A schedule written in
the migration and never listed there loads without a word and never ticks: on the day the
old cron entry or Airflow DAG is switched off, the pipeline silently stops running. The check
follows every ``Definitions`` of the project (``asset_graph.registry_for``), read from the
syntax alone, and says nothing where the registration cannot be followed.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import asset_graph, names
from pylint_dagster_migration.checkers.base import DagsterChecker
from pylint_dagster_migration.model import is_test_module
from pylint_dagster_migration.names import REGISTRABLE_CALLS, REGISTRABLE_DECORATORS
from pylint_dagster_migration.project_root import project_root

if TYPE_CHECKING:
    from pylint.lint import PyLinter

#: What each kind misses when it is not registered.
CONSEQUENCES = {
    "schedule": "Dagster never evaluates it, so the migrated pipeline never runs after the "
    "cut-over from the old scheduler",
    "sensor": "Dagster never evaluates it, so the migrated pipeline never runs after the "
    "cut-over from the old scheduler",
    "job": "Dagster cannot launch it (it is absent from the code location, and no registered "
    "schedule or sensor targets it)",
}
ARGUMENTS = {"schedule": "schedules", "sensor": "sensors", "job": "jobs"}


class RegistrationChecker(DagsterChecker):
    """Judges module-level schedules, sensors and jobs against the project's Definitions."""

    msgs = {
        "W7352": (
            "%s '%s' is not registered by any Definitions of this project: %s. Register it "
            "with %sDefinitions(%s=[%s], ...), or move it into the project's defs folder",
            "definition-not-registered",
            "A schedule, sensor or job defined at module level that no Definitions of the "
            "project reaches.\n\n"
            "Dagster evaluates only what a code location's Definitions holds: a schedule or "
            "sensor that is not listed there (directly, through a module-level list, * "
            "unpacking or Definitions.merge), not loaded by load_definitions_from_* or from a "
            "dg project's defs folder, loads without an error and never ticks. The last step "
            "of a migration is to switch off the old cron entry or Airflow DAG and turn on "
            "the Dagster schedule; if that schedule was never registered, the pipeline "
            "silently stops running that day. A job that is not registered, and that no "
            "registered schedule or sensor targets (Dagster registers those jobs with them), "
            "cannot be launched. Add it to Definitions(schedules=[...], sensors=[...], "
            "jobs=[...]), or move it into the defs folder. Projects with no Definitions and "
            "no loader at all, tests, and projects whose registration the linter cannot "
            "follow (Definitions built by functions from their parameters, modules loaded "
            "by a computed name) get no finding.",
        ),
    }

    @only_required_for_messages("definition-not-registered")
    def visit_module(self, node: nodes.Module) -> None:
        defined = [found for statement in node.body for found in _defined_names(statement)]
        # Most modules define no schedule, sensor or job: they never read the registry.
        unregistered = self._unregistered(node) if defined else {}
        if not unregistered:
            return
        for name, anchor in defined:
            kind = unregistered.get(name)
            if kind is None:
                continue
            prefix = names.dagster_prefix(anchor)
            self.add_message(
                "definition-not-registered",
                node=anchor,
                args=(kind.capitalize(), name, CONSEQUENCES[kind], prefix, ARGUMENTS[kind], name),
            )

    def _unregistered(self, module: nodes.Module) -> dict[str, str]:
        if not module.file or not module.file.endswith(".py") or not Path(module.file).exists():
            return {}
        linted = Path(module.file).resolve()
        if is_test_module(module) or asset_graph.is_test_path(Path(linted.name)):
            return {}
        configured = self.linter.config.dagster_project_root
        root = Path(configured).resolve() if configured else project_root(linted.parent)
        source = module.file_bytes
        if isinstance(source, str):
            source = source.encode("utf-8")
        registry = asset_graph.registry_for(root, linted, source)
        return {name: kind for kind, name in registry.unregistered(str(linted))}


def _defined_names(statement: nodes.NodeNG) -> list[tuple[str, nodes.NodeNG]]:
    """The schedule, sensor or job a module-level statement defines, with its anchor: the
    function for a decorator (pylint reports it at ``def name``), the name assigned to."""
    if isinstance(statement, (nodes.FunctionDef, nodes.AsyncFunctionDef)):
        decorators = statement.decorators.nodes if statement.decorators else []
        if any(names.spelled_name(decorator) in REGISTRABLE_DECORATORS for decorator in decorators):
            return [(statement.name, statement)]
        return []
    if isinstance(statement, (nodes.Assign, nodes.AnnAssign)) and isinstance(statement.value, nodes.Call):
        targets = statement.targets if isinstance(statement, nodes.Assign) else [statement.target]
        if len(targets) == 1 and isinstance(targets[0], nodes.AssignName):
            if names.spelled_name(statement.value) in REGISTRABLE_CALLS:
                return [(targets[0].name, targets[0])]
    return []


def register(linter: PyLinter) -> None:
    linter.register_checker(RegistrationChecker(linter))
