"""Half-migrated modules: Airflow DAGs or Prefect flows defined beside Dagster definitions.

A module that keeps its Airflow DAG or Prefect flow next to the new assets runs twice or not
at all: the old scheduler still imports and runs its part, and Dagster loads the other
orchestrator as a dependency of the code location.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import names
from pylint_dagster_migration.checkers.base import DagsterChecker
from pylint_dagster_migration.model import DagsterModule

if TYPE_CHECKING:
    from pylint.lint import PyLinter

AIRFLOW_DECORATOR_MODULES = ("airflow.decorators.", "airflow.sdk.")
#: ``@task``, ``@task.virtualenv``, ``@dag``, and Airflow 3's ``@asset`` and setup/teardown tasks.
AIRFLOW_DECORATORS = frozenset({"dag", "task", "asset", "setup", "teardown"})
PREFECT_DECORATORS = frozenset(
    {"prefect.flow", "prefect.task", "prefect.flows.flow", "prefect.tasks.task"}
)


class MixedOrchestratorChecker(DagsterChecker):
    """Finds Airflow and Prefect definitions in modules that define Dagster ones."""

    msgs = {
        "C7345": (
            "%s is defined in a module that also defines Dagster %s. %s",
            "mixed-orchestrator-definitions",
            "A module that defines Dagster assets, ops or jobs also defines Airflow DAGs, "
            "tasks or a DAG's operators, or Prefect flows or tasks.\n\n"
            "Half-migrated modules run twice or not at all: the old scheduler still imports "
            "and runs its part, Dagster loads the module with the other orchestrator as a "
            "dependency of the code location, and readers cannot tell which system owns "
            "which table. Finish the port (an asset per task, define_asset_job and a "
            "schedule per DAG) or keep the old definitions in their own module while both "
            "run; dagster_airlift, which legitimately mixes both sides, is not reported.",
        ),
    }

    @only_required_for_messages("mixed-orchestrator-definitions")
    def visit_call(self, node: nodes.Call) -> None:
        """``DAG(...)``, and an operator or sensor that is a member of a DAG."""
        spelled = names.spelled_callee(node)
        if spelled is None or not (spelled == "DAG" or spelled.endswith(("Operator", "Sensor"))):
            return
        if not (names.qualified_name(node.func) or "").startswith("airflow."):
            return
        model = self._mixed_module(node)
        if model is None:
            return
        prefix = names.dagster_prefix(node)
        if spelled == "DAG":
            dag_id = _string_argument(node, "dag_id", 0)
            what = f"Airflow DAG '{dag_id}'" if dag_id else "An Airflow DAG"
            fix = (
                f"Finish the port (define_asset_job plus a @{prefix}schedule replaces the DAG) "
                "or keep the DAG in its own module while both orchestrators run"
            )
        else:
            if not names.under_airflow(node):
                # An operator outside any DAG is inert in Airflow (and airflow-sensor-operator
                # reports a sensor standing on its own): only DAG members are definitions.
                return
            task_id = _string_argument(node, "task_id", None)
            what = f"Airflow {spelled} '{task_id}'" if task_id else f"An Airflow {spelled}"
            fix = (
                f"Finish the port (an @{prefix}asset per task; Dagster Pipes for a script) or "
                "keep the task in its own DAG module while both orchestrators run"
            )
        self.add_message(
            "mixed-orchestrator-definitions",
            node=node,
            args=(what, _dagster_kinds(model), fix),
        )

    @only_required_for_messages("mixed-orchestrator-definitions")
    def visit_functiondef(self, node: nodes.FunctionDef) -> None:
        """``@task``, ``@dag``, Prefect's ``@flow``, however they are imported and named."""
        if not node.decorators:
            return
        for decorator in node.decorators.nodes:
            target = decorator.func if isinstance(decorator, nodes.Call) else decorator
            # Resolved whatever the spelling: ``from prefect import task as prefect_task``.
            qualified = names.qualified_name(target) or ""
            decorator_path = qualified.split(".", 2)[-1]
            if (
                qualified.startswith(AIRFLOW_DECORATOR_MODULES)
                and decorator_path.split(".", 1)[0] in AIRFLOW_DECORATORS
            ):
                system, kind, replaced = "Airflow", f"@{decorator_path}", "DAG"
            elif qualified in PREFECT_DECORATORS:
                system, kind, replaced = "Prefect", f"@{qualified.rsplit('.', 1)[-1]}", "deployment"
            else:
                continue
            model = self._mixed_module(node)
            if model is None:
                return
            prefix = names.dagster_prefix(decorator)
            fix = (
                f"Finish the port (an @{prefix}asset per task, define_asset_job plus a "
                f"@{prefix}schedule per {replaced}) or keep it in its own module while both run"
            )
            self.add_message(
                "mixed-orchestrator-definitions",
                node=decorator,
                args=(f"{system} {kind} '{node.name}'", _dagster_kinds(model), fix),
            )
            return

    visit_asyncfunctiondef = visit_functiondef

    def _mixed_module(self, node: nodes.NodeNG) -> DagsterModule | None:
        """The model of ``node``'s module when it defines Dagster definitions and is no
        dagster_airlift bridge, which mixes both sides on purpose; None otherwise."""
        model = self.dagster_model(node)
        if not model.definitions or model.imports("dagster_airlift"):
            return None
        return model


def _dagster_kinds(model: DagsterModule) -> str:
    """``assets and ops``: what the module defines in Dagster terms."""
    kinds = sorted({"assets" if d.is_asset else f"{d.kind}s" for d in model.definitions.values()})
    return " and ".join(kinds)


def _string_argument(call: nodes.Call, keyword: str, position: int | None) -> str | None:
    value = names.keyword_argument(call, keyword)
    if value is None and position is not None and len(call.args) > position:
        value = call.args[position]
    if isinstance(value, nodes.Const) and isinstance(value.value, str):
        return value.value
    return None


def register(linter: PyLinter) -> None:
    linter.register_checker(MixedOrchestratorChecker(linter))
