"""Leftovers of the old orchestrator: Airflow and Prefect runtime APIs inside Dagster code.

A port that keeps XCom, Airflow's task context, Prefect's logger and futures, ``>>`` chaining,
or whole Airflow DAGs and Prefect flows beside the new assets fails at import or at run time,
or keeps running the old way without anybody noticing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import names
from pylint_dagster_migration.checkers.base import DagsterChecker, excerpt
from pylint_dagster_migration.checkers.data_handoff import AIRFLOW_CONTEXT_KEYS
from pylint_dagster_migration.model import ASSET_DECORATORS, DagsterModule, context_class

if TYPE_CHECKING:
    from pylint.lint import PyLinter

# foreign-runtime-api -------------------------------------------------------------------------

#: How much of a call or expression a message quotes.
_TEXT_LIMIT = 60

_RETURN_INSTEAD = (
    "Return the value from the upstream and take a parameter named after it (the I/O manager "
    "stores and loads it), or write it to storage and declare deps=[upstream]"
)
_CONTEXT_INSTEAD = (
    "Take 'context: {context}' and use context.log, context.run_id and context.partition_key"
)
_LOG_INSTEAD = "Use context.log (take 'context: {context}') or dg.get_dagster_logger()"
_RUNTIME_INSTEAD = (
    "Take 'context: {context}' and use context.run_id, context.partition_key or "
    "context.partition_time_window"
)
_FUTURE_INSTEAD = (
    "Dagster runs {kind}s itself: declare the upstream with a parameter named after it or "
    "deps=[...], and fan out with partitions (or DynamicOut in an op graph)"
)

#: Names Airflow code gives its context dict.
CONTEXT_DICT_NAMES = frozenset({"context", "ctx", "kwargs", "kw", "_context", "context_dict"})
RUNTIME_FUNCTIONS = frozenset(
    {"xcom_push", "xcom_pull", "get_current_context", "get_run_context", "get_run_logger"}
)
FUTURE_METHODS = frozenset({"submit", "map", "wait", "result"})
RUNTIME_ROOTS = frozenset({"prefect", "runtime", "flow_run", "task_run", "deployment"})

# bitshift-dependency -------------------------------------------------------------------------

AIRFLOW_CHAIN_FUNCTIONS = frozenset({"chain", "cross_downstream", "chain_linear"})
SET_RELATIVES = frozenset({"set_downstream", "set_upstream"})

# mixed-orchestrator-definitions --------------------------------------------------------------

AIRFLOW_DECORATOR_MODULES = ("airflow.decorators.", "airflow.sdk.")
#: ``@task``, ``@task.virtualenv``, ``@dag``, and Airflow 3's ``@asset`` and setup/teardown tasks.
AIRFLOW_DECORATORS = frozenset({"dag", "task", "asset", "setup", "teardown"})
PREFECT_DECORATORS = frozenset(
    {"prefect.flow", "prefect.task", "prefect.flows.flow", "prefect.tasks.task"}
)


def _context_class(kind: str) -> str:
    return f"dg.{context_class(kind)}"


def _referenced_definition(node: nodes.NodeNG, model: DagsterModule):
    """The asset or op definition (or AssetSpec) ``node`` names, directly or as the call
    of an op inside a job body; None for anything else."""
    if isinstance(node, nodes.Call) and isinstance(node.func, nodes.Name):
        node = node.func
    if not isinstance(node, nodes.Name):
        return None
    if model.may_name_definition(node.name):
        definition = model.definition_referenced_by(node)
        if definition is not None and definition.kind in ASSET_DECORATORS | {"op"}:
            return definition
    if model.may_name_asset_object(node.name) and model.asset_object_referenced_by(node):
        return "asset"
    return None


def _reported_as_context_parameter(name: nodes.Name, definition) -> bool:
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


def _kind_of(referenced) -> str:
    if referenced == "asset":
        return "asset"
    return "op" if referenced.kind == "op" else "asset"


def _operands(binop: nodes.BinOp) -> list[nodes.NodeNG]:
    """The operands of a chain ``a >> b >> [c, d]``, with list elements flattened."""
    found: list[nodes.NodeNG] = []
    stack = [binop]
    while stack:
        node = stack.pop()
        if isinstance(node, nodes.BinOp) and node.op in {">>", "<<"}:
            stack.extend([node.right, node.left])
        elif isinstance(node, (nodes.List, nodes.Tuple, nodes.Set)):
            stack.extend(reversed(node.elts))
        else:
            found.append(node)
    return found


class OrchestratorLeftoversChecker(DagsterChecker):
    """Airflow and Prefect APIs that survived a port to Dagster."""

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
        "E7344": (
            "'%s' chains Dagster %s '%s' the Airflow way: %s. %s",
            "bitshift-dependency",
            "Airflow's dependency operators are used on Dagster definitions: a >> b, a << b, "
            "[a, b] >> c, chain(a, b), cross_downstream(...), a.set_downstream(b) or "
            "a.set_upstream(b), where an operand is an asset or op.\n\n"
            "Assets and ops define no >> or set_downstream: the module fails to load with "
            "TypeError (or AttributeError), and inside a @job body the op outputs do not "
            "support >> either. A dependency is declared on the downstream: deps=[a] on b (order "
            "only) or a parameter named a (to receive its value); ops are wired by passing "
            "outputs in a @dg.job body: b(a()).",
        ),
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

    # foreign-runtime-api -----------------------------------------------------------------------

    @only_required_for_messages(
        "foreign-runtime-api", "bitshift-dependency", "mixed-orchestrator-definitions"
    )
    def visit_call(self, node: nodes.Call) -> None:
        spelled = names.spelled_callee(node)
        if spelled is None:
            return
        if spelled in RUNTIME_FUNCTIONS or spelled in FUTURE_METHODS or (
            spelled == "get"
            and isinstance(node.func, nodes.Attribute)
            and _spelled(node.func.expr) in CONTEXT_DICT_NAMES
        ):
            self._check_runtime_call(node, spelled)
        if spelled in AIRFLOW_CHAIN_FUNCTIONS or spelled in SET_RELATIVES:
            self._check_chain_call(node, spelled)
        if spelled == "DAG" or spelled.endswith(("Operator", "Sensor")):
            self._check_airflow_constructor(node, spelled)

    def _check_runtime_call(self, call: nodes.Call, spelled: str) -> None:
        model = self.dagster_model(call)
        func = call.func
        if spelled in FUTURE_METHODS:
            if not isinstance(func, nodes.Attribute):
                return
            referenced = _referenced_definition(func.expr, model)
            if referenced is None or isinstance(func.expr, nodes.Call):
                return
            enclosing = model.enclosing_definition(call)
            if (
                enclosing is not None
                and enclosing.is_compute
                and model.asset_object_referenced_by(func.expr) is not None
            ):
                return  # asset-object-used-as-data reports an asset's attribute in a body.
            kind = _kind_of(referenced)
            self._report_runtime(
                call,
                model,
                f"{func.expr.as_string()}.{spelled}()",
                f"Prefect's task {'submission' if spelled in {'submit', 'map'} else 'future API'}",
                f"a Dagster {kind} definition has no {spelled}() and the call fails with "
                "AttributeError",
                _FUTURE_INSTEAD.format(kind=kind),
            )
            return
        definition = model.enclosing_definition(call)
        if definition is None:
            return
        label = excerpt(func, _TEXT_LIMIT, fold_whitespace=True) + "()"
        context = _context_class(definition.kind)
        if spelled in {"xcom_push", "xcom_pull"}:
            if isinstance(func, nodes.Attribute):
                self._report(call, definition, label, "Airflow's XCom",
                             "nothing is pushed to or pulled from anywhere", _RETURN_INSTEAD)
            return
        if spelled == "get":
            self._check_context_get(call, definition, context)
            return
        qualified = names.qualified_name(func) or ""
        if spelled == "get_current_context" and qualified.startswith("airflow."):
            self._report(call, definition, label, "Airflow's task context",
                         "it raises because no Airflow task is running",
                         _CONTEXT_INSTEAD.format(context=context))
        elif spelled == "get_run_context" and qualified.startswith("prefect."):
            self._report(call, definition, label, "Prefect's run context",
                         "it raises because no Prefect flow or task is running",
                         _CONTEXT_INSTEAD.format(context=context))
        elif spelled == "get_run_logger" and qualified.startswith("prefect."):
            self._report(call, definition, label, "Prefect's run logger",
                         "outside a Prefect run it raises MissingContextError",
                         _LOG_INSTEAD.format(context=context))

    def _check_context_get(self, call, definition, context) -> None:
        func = call.func
        if (
            isinstance(func.expr, nodes.Name)
            and call.args
            and isinstance(call.args[0], nodes.Const)
            and call.args[0].value in AIRFLOW_CONTEXT_KEYS
            and not _reported_as_context_parameter(func.expr, definition)
        ):
            self._report(
                call,
                definition,
                excerpt(call, _TEXT_LIMIT, fold_whitespace=True),
                "Airflow's task context",
                "Dagster's context is not a dict and holds no Airflow values",
                _CONTEXT_INSTEAD.format(context=context),
            )

    @only_required_for_messages("foreign-runtime-api")
    def visit_subscript(self, node: nodes.Subscript) -> None:
        key = node.slice
        if not (
            isinstance(key, nodes.Const)
            and key.value in AIRFLOW_CONTEXT_KEYS
            and isinstance(node.value, nodes.Name)
            and node.value.name in CONTEXT_DICT_NAMES
        ):
            return
        parent = node.parent
        if isinstance(parent, nodes.Attribute) and parent.attrname in {"xcom_push", "xcom_pull"}:
            return  # Reported once, on the XCom call.
        definition = self.dagster_model(node).enclosing_definition(node)
        if definition is None or _reported_as_context_parameter(node.value, definition):
            return
        self._report(
            node, definition, node.as_string(), "Airflow's task context",
            "Dagster's context is not a dict and holds no Airflow values",
            _CONTEXT_INSTEAD.format(context=_context_class(definition.kind)),
        )

    @only_required_for_messages("foreign-runtime-api")
    def visit_attribute(self, node: nodes.Attribute) -> None:
        if not (isinstance(node.expr, nodes.Name) and node.expr.name in RUNTIME_ROOTS):
            return
        if isinstance(node.parent, nodes.Attribute) and node.parent.expr is node:
            outermost = node.parent
            parent = outermost.parent
            while isinstance(parent, nodes.Attribute) and parent.expr is outermost:
                outermost, parent = parent, parent.parent
        else:
            outermost = node
        qualified = names.qualified_name(node) or ""
        if not qualified.startswith("prefect.runtime.") and qualified != "prefect.runtime":
            return
        if qualified == "prefect.runtime" and outermost is node:
            return
        definition = self.dagster_model(node).enclosing_definition(node)
        if definition is None:
            return
        self._report(
            outermost,
            definition,
            excerpt(outermost, _TEXT_LIMIT, fold_whitespace=True),
            "Prefect's runtime",
            "outside a Prefect run it holds no run, deployment or parameters",
            _RUNTIME_INSTEAD.format(context=_context_class(definition.kind)),
        )

    def _report(self, node, definition, label, what, consequence, fix) -> None:
        self.add_message(
            "foreign-runtime-api",
            node=node,
            args=(label, definition.decorator_label, definition.name, what, consequence, fix),
        )

    def _report_runtime(self, node, model, label, what, consequence, fix) -> None:
        definition = model.enclosing_definition(node)
        if definition is not None:
            where, name = definition.decorator_label, definition.name
        elif isinstance(node.scope(), nodes.FunctionDef):
            where, name = "function", node.scope().name
        else:
            where, name = "module", node.root().name
        self.add_message(
            "foreign-runtime-api", node=node, args=(label, where, name, what, consequence, fix)
        )

    # bitshift-dependency --------------------------------------------------------------------------

    @only_required_for_messages("bitshift-dependency")
    def visit_binop(self, node: nodes.BinOp) -> None:
        if node.op not in {">>", "<<"}:
            return
        if isinstance(node.parent, nodes.BinOp) and node.parent.op in {">>", "<<"}:
            return  # Reported once, on the whole chain.
        model = self.dagster_model(node)
        operands = _operands(node)
        for operand in operands:
            referenced = _referenced_definition(operand, model)
            if referenced is not None:
                upstream, downstream = node.left, node.right
                if node.op == "<<":
                    upstream, downstream = downstream, upstream
                self._report_chain(node, operand, referenced, upstream, downstream, "TypeError")
                return

    def _check_chain_call(self, call: nodes.Call, spelled: str) -> None:
        model = self.dagster_model(call)
        func = call.func
        if spelled in SET_RELATIVES:
            if not isinstance(func, nodes.Attribute):
                return
            candidates = [func.expr, *call.args]
            upstream, downstream = (
                (func.expr, call.args[0]) if spelled == "set_downstream" and call.args
                else (call.args[0], func.expr) if call.args else (None, None)
            )
            error = "AttributeError"
        else:
            if not (names.qualified_name(func) or "").startswith("airflow."):
                return
            candidates = []
            for argument in call.args:
                if isinstance(argument, (nodes.List, nodes.Tuple)):
                    candidates.extend(argument.elts)
                else:
                    candidates.append(argument)
            upstream = downstream = None
            if spelled == "chain" and len(call.args) == 2:
                upstream, downstream = call.args
            error = "TypeError"
        for candidate in candidates:
            referenced = _referenced_definition(candidate, model)
            if referenced is not None:
                self._report_chain(call, candidate, referenced, upstream, downstream, error)
                return

    def _report_chain(self, node, operand, referenced, upstream, downstream, error) -> None:
        kind = _kind_of(referenced)
        name = operand.func.name if isinstance(operand, nodes.Call) else operand.name
        if kind == "op":
            consequence = (
                f"ops define no >> or set_downstream, so the module fails to load with {error}"
            )
            example = (
                f"{_callee(downstream)}({_callee(upstream)}())"
                if _simple(upstream, downstream)
                else "load(transform(extract()))"
            )
            fix = f"Wire ops by passing outputs in a @dg.job body, e.g. {example}"
        else:
            consequence = (
                f"an AssetsDefinition defines no >> or set_downstream, so the module fails to "
                f"load with {error}"
            )
            if _simple(upstream, downstream):
                fix = (
                    f"Declare it on the downstream: deps=[{_callee(upstream)}] on "
                    f"'{_callee(downstream)}', or a parameter named '{_callee(upstream)}' to "
                    "receive its value"
                )
            else:
                fix = (
                    "Declare each dependency on the downstream asset: deps=[upstream], or a "
                    "parameter named after the upstream to receive its value"
                )
        self.add_message(
            "bitshift-dependency",
            node=node,
            args=(excerpt(node, _TEXT_LIMIT, fold_whitespace=True), kind, name, consequence, fix),
        )

    # mixed-orchestrator-definitions ---------------------------------------------------------------

    def _mixes_orchestrators(self, node: nodes.NodeNG) -> DagsterModule | None:
        model = self.dagster_model(node)
        if not model.definitions or model.imports("dagster_airlift"):
            return None
        return model

    def _dagster_kinds(self, model: DagsterModule) -> str:
        kinds = sorted(
            {"assets" if d.is_asset else f"{d.kind}s" for d in model.definitions.values()}
        )
        return " and ".join(kinds)

    def _check_airflow_constructor(self, call: nodes.Call, spelled: str) -> None:
        qualified = names.qualified_name(call.func) or ""
        if not qualified.startswith("airflow."):
            return
        model = self._mixes_orchestrators(call)
        if model is None:
            return
        if spelled == "DAG":
            dag_id = _string_argument(call, "dag_id", 0)
            what = f"Airflow DAG '{dag_id}'" if dag_id else "An Airflow DAG"
            fix = (
                "Finish the port (define_asset_job plus a @dg.schedule replaces the DAG) or "
                "keep the DAG in its own module while both orchestrators run"
            )
        else:
            if not names.under_airflow(call):
                # An operator outside any DAG is inert in Airflow (and airflow-sensor-operator
                # reports a sensor standing on its own): only DAG members are definitions.
                return
            task_id = _string_argument(call, "task_id", None)
            what = f"Airflow {spelled} '{task_id}'" if task_id else f"An Airflow {spelled}"
            fix = (
                "Finish the port (an @dg.asset per task; Dagster Pipes for a script) or keep the "
                "task in its own DAG module while both orchestrators run"
            )
        self.add_message(
            "mixed-orchestrator-definitions",
            node=call,
            args=(what, self._dagster_kinds(model), fix),
        )

    @only_required_for_messages("mixed-orchestrator-definitions")
    def visit_functiondef(self, node: nodes.FunctionDef) -> None:
        if not node.decorators:
            return
        for decorator in node.decorators.nodes:
            target = _decorator_target(decorator)
            # Resolved whatever the spelling: ``from prefect import task as prefect_task``.
            qualified = names.qualified_name(target) or ""
            decorator_path = qualified.split(".", 2)[-1]
            if (
                qualified.startswith(AIRFLOW_DECORATOR_MODULES)
                and decorator_path.split(".", 1)[0] in AIRFLOW_DECORATORS
            ):
                system = "Airflow"
                kind = f"@{decorator_path}"
                fix = (
                    "Finish the port (an @dg.asset per task, define_asset_job plus a "
                    "@dg.schedule per DAG) or keep it in its own module while both run"
                )
            elif qualified in PREFECT_DECORATORS:
                system = "Prefect"
                kind = f"@{qualified.rsplit('.', 1)[-1]}"
                fix = (
                    "Finish the port (an @dg.asset per task, define_asset_job plus a "
                    "@dg.schedule per deployment) or keep it in its own module while both run"
                )
            else:
                continue
            model = self._mixes_orchestrators(node)
            if model is None:
                return
            self.add_message(
                "mixed-orchestrator-definitions",
                node=decorator,
                args=(f"{system} {kind} '{node.name}'", self._dagster_kinds(model), fix),
            )
            return

    visit_asyncfunctiondef = visit_functiondef


def _decorator_target(decorator: nodes.NodeNG) -> nodes.NodeNG:
    return decorator.func if isinstance(decorator, nodes.Call) else decorator


def _string_argument(call: nodes.Call, keyword: str, position: int | None) -> str | None:
    value = names.keyword_argument(call, keyword)
    if value is None and position is not None and len(call.args) > position:
        value = call.args[position]
    if isinstance(value, nodes.Const) and isinstance(value.value, str):
        return value.value
    return None


def _spelled(node: nodes.NodeNG) -> str | None:
    if isinstance(node, nodes.Attribute):
        return node.attrname
    if isinstance(node, nodes.Name):
        return node.name
    return None


def _callee(node: nodes.NodeNG) -> str:
    return node.func.name if isinstance(node, nodes.Call) else node.name


def _simple(upstream, downstream) -> bool:
    return all(
        isinstance(n, nodes.Name) or (isinstance(n, nodes.Call) and isinstance(n.func, nodes.Name))
        for n in (upstream, downstream)
    ) and upstream is not None


def register(linter: PyLinter) -> None:
    linter.register_checker(OrchestratorLeftoversChecker(linter))
