"""Airflow's and Prefect's runtime inside Dagster code: XCom, task context, run logger, futures.

A port that keeps ``xcom_push``, ``get_current_context()``, ``context["ti"]``, Prefect's
``get_run_logger()`` and ``prefect.runtime``, or submits assets like Prefect tasks, talks to a
runtime that no longer runs the pipeline: the calls fail or return nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import names
from pylint_dagster_migration.checkers.base import DagsterChecker, excerpt
from pylint_dagster_migration.model import Definition, context_class, is_prefect_submission

if TYPE_CHECKING:
    from pylint.lint import PyLinter

#: How much of a call or expression a message quotes.
_TEXT_LIMIT = 60

# What to do instead; ``names.fill_in_fix`` fills in ``{context}`` and ``{prefix}``.
_RETURN_INSTEAD = (
    "Return the value from the upstream and take a parameter named after it (the I/O manager "
    "stores and loads it), or write it to storage and declare deps=[upstream]"
)
_CONTEXT_INSTEAD = (
    "Take 'context: {context}' and use context.log, context.run_id and context.partition_key"
)
_LOG_INSTEAD = "Use context.log (take 'context: {context}') or {prefix}get_dagster_logger()"
_RUNTIME_INSTEAD = (
    "Take 'context: {context}' and use context.run_id, context.partition_key or "
    "context.partition_time_window"
)
_FUTURE_INSTEAD = (
    "Dagster runs {kind}s itself: declare the upstream with a parameter named after it or "
    "deps=[...], and fan out with partitions (or DynamicOut in an op graph)"
)
_NOT_A_DICT = "Dagster's context is not a dict and holds no Airflow values"

#: Names Airflow code gives its context dict.
CONTEXT_DICT_NAMES = frozenset({"context", "ctx", "kwargs", "kw", "_context", "context_dict"})
XCOM_METHODS = frozenset({"xcom_push", "xcom_pull"})
#: Functions of the old orchestrators' runtime, by name: the package that defines them, what
#: they are, what calling one under Dagster does, and what to do instead.
RUNTIME_FUNCTIONS = {
    "get_current_context": (
        "airflow.", "Airflow's task context", "it raises because no Airflow task is running",
        _CONTEXT_INSTEAD,
    ),
    "get_run_context": (
        "prefect.", "Prefect's run context", "it raises because no Prefect flow or task is running",
        _CONTEXT_INSTEAD,
    ),
    "get_run_logger": (
        "prefect.", "Prefect's run logger", "outside a Prefect run it raises MissingContextError",
        _LOG_INSTEAD,
    ),
}
#: Prefect's task-future API, which a Dagster definition does not have.
FUTURE_METHODS = frozenset({"submit", "map", "wait", "result"})
#: The names a ``prefect.runtime`` access starts with, however it is imported.
RUNTIME_ROOTS = frozenset({"prefect", "runtime", "flow_run", "task_run", "deployment"})


class ForeignRuntimeChecker(DagsterChecker):
    """Finds Airflow and Prefect runtime APIs used in Dagster definitions."""

    msgs = {
        "W7343": (
            "%s inside %s '%s' is %s, which does not exist in Dagster: %s. %s",
            "foreign-runtime-api",
            "Dagster code uses an Airflow or Prefect runtime API: xcom_push/xcom_pull, "
            "get_current_context(), context[\"ti\"], Prefect's get_run_logger(), "
            "get_run_context() or prefect.runtime, or .submit()/.map()/.wait()/.result() on an "
            "asset or op definition.\n\n"
            "In a Dagster run there is no Airflow task instance or Prefect flow run: the calls "
            "fail, return nothing, or talk to a system that no longer runs the pipeline. "
            "Dagster passes data by return value to a parameter named after the upstream asset "
            "(or through an I/O manager), logs with context.log, exposes the run through "
            "context.run_id, context.partition_key and context.partition_time_window, and "
            "runs assets itself: a definition has no submit() or map().",
        ),
    }

    @only_required_for_messages("foreign-runtime-api")
    def visit_call(self, node: nodes.Call) -> None:
        func = node.func
        spelled = names.spelled_callee(node)
        if spelled in RUNTIME_FUNCTIONS:
            self._check_runtime_function(node, spelled)
        # Futures and XCom are methods: a bare ``wait(futures)`` is concurrent.futures'.
        elif isinstance(func, nodes.Attribute) and spelled in FUTURE_METHODS:
            self._check_future_call(node, func)
        elif isinstance(func, nodes.Attribute) and spelled in XCOM_METHODS:
            self._check_xcom_call(node, func)

    def _check_runtime_function(self, call: nodes.Call, spelled: str) -> None:
        """``get_current_context()``, ``prefect.get_run_logger()`` and the like."""
        package, what, consequence, fix = RUNTIME_FUNCTIONS[spelled]
        if not (names.qualified_name(call.func) or "").startswith(package):
            return
        definition = self.dagster_model(call).enclosing_definition(call)
        if definition is not None:
            label = excerpt(call.func, _TEXT_LIMIT, fold_whitespace=True) + "()"
            self._report(call, definition, label, what, consequence, _fix(fix, definition))

    def _check_xcom_call(self, call: nodes.Call, func: nodes.Attribute) -> None:
        """``ti.xcom_push(...)``, ``context["ti"].xcom_pull(...)``, whatever the receiver."""
        definition = self.dagster_model(call).enclosing_definition(call)
        if definition is not None:
            self._report(
                call,
                definition,
                excerpt(func, _TEXT_LIMIT, fold_whitespace=True) + "()",
                "Airflow's XCom",
                "nothing is pushed to or pulled from anywhere",
                _RETURN_INSTEAD,
            )

    def _check_future_call(self, call: nodes.Call, func: nodes.Attribute) -> None:
        """``extract.submit()``: Prefect's task futures on a Dagster definition, anywhere."""
        receiver = func.expr
        if isinstance(receiver, nodes.Call):
            return  # ``extract().result()`` is a call's result, not the definition.
        model = self.dagster_model(call)
        kind = names.definition_kind_named_by(receiver, model)
        if kind is None:
            return
        enclosing = model.enclosing_definition(call)
        if (
            not is_prefect_submission(func)
            and enclosing is not None
            and enclosing.is_compute
            and model.asset_object_referenced_by(receiver) is not None
        ):
            return  # asset-object-used-as-data reports .wait()/.result() on an asset in a body.
        method = func.attrname
        self._report(
            call,
            enclosing,
            f"{receiver.as_string()}.{method}()",
            f"Prefect's task {'submission' if method in {'submit', 'map'} else 'future API'}",
            f"a Dagster {kind} definition has no {method}() and the call fails with "
            "AttributeError",
            _FUTURE_INSTEAD.format(kind=kind),
        )

    @only_required_for_messages("foreign-runtime-api")
    def visit_name(self, node: nodes.Name) -> None:
        """``context["ti"]`` and ``context.get("ds")``: Airflow's context read as a dict."""
        if node.name not in CONTEXT_DICT_NAMES or not names.reads_airflow_context_key(node):
            return
        if isinstance(node.parent, nodes.Subscript):
            lookup = node.parent
            user = lookup.parent
            if isinstance(user, nodes.Attribute) and user.attrname in XCOM_METHODS:
                return  # Reported once, on the XCom call.
            label = lookup.as_string()
        else:
            lookup = node.parent.parent  # the call of ``context.get``
            label = excerpt(lookup, _TEXT_LIMIT, fold_whitespace=True)
        definition = self.dagster_model(node).enclosing_definition(node)
        if definition is None or _reported_as_context_parameter(node, definition):
            return
        self._report(
            lookup, definition, label, "Airflow's task context", _NOT_A_DICT,
            _fix(_CONTEXT_INSTEAD, definition),
        )

    @only_required_for_messages("foreign-runtime-api")
    def visit_attribute(self, node: nodes.Attribute) -> None:
        """``flow_run.id``, ``runtime.deployment.parameters``: Prefect's runtime module."""
        if not (isinstance(node.expr, nodes.Name) and node.expr.name in RUNTIME_ROOTS):
            return
        access = node
        while isinstance(access.parent, nodes.Attribute) and access.parent.expr is access:
            access = access.parent
        if not (names.qualified_name(access) or "").startswith("prefect.runtime."):
            return
        definition = self.dagster_model(node).enclosing_definition(node)
        if definition is not None:
            self._report(
                access,
                definition,
                excerpt(access, _TEXT_LIMIT, fold_whitespace=True),
                "Prefect's runtime",
                "outside a Prefect run it holds no run, deployment or parameters",
                _fix(_RUNTIME_INSTEAD, definition),
            )

    def _report(
        self,
        node: nodes.NodeNG,
        definition: Definition | None,
        label: str,
        what: str,
        consequence: str,
        fix: str,
    ) -> None:
        """Report ``node`` inside ``definition``, or, outside any, inside its function or
        module."""
        if definition is not None:
            where, name = definition.decorator_label, definition.name
        elif isinstance(node.scope(), nodes.FunctionDef):
            where, name = "function", node.scope().name
        else:
            where, name = "module", node.root().name
        self.add_message(
            "foreign-runtime-api", node=node, args=(label, where, name, what, consequence, fix)
        )


def _fix(template: str, definition: Definition) -> str:
    """``template`` for ``definition``, in the spelling of its module."""
    return names.fill_in_fix(template, definition.decorator, context_class(definition.kind))


def _reported_as_context_parameter(name: nodes.Name, definition: Definition) -> bool:
    """Whether ``name`` is the ``**context``/``**kwargs`` of an asset, which
    airflow-context-parameter already reports."""
    _, bindings = name.lookup(name.name)
    return (
        definition.is_asset
        and len(bindings) == 1
        and isinstance(bindings[0], nodes.Arguments)
        and bindings[0].kwarg == name.name
        and bindings[0].parent is definition.function
    )


def register(linter: PyLinter) -> None:
    linter.register_checker(ForeignRuntimeChecker(linter))
