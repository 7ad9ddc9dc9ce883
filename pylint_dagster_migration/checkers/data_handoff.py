"""deps is ordering, not data: how values move (or fail to move) between assets.

Airflow hands values from task to task through XCom and its template context; Prefect passes
return values from call to call. In Dagster an asset receives an upstream's value only through
a parameter named after that upstream (or mapped with ``ins``); ``deps`` orders materializations
and passes nothing.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import names
from pylint_dagster_migration.checkers.base import DagsterChecker, excerpt
from pylint_dagster_migration.model import (
    ASSET_DECORATORS,
    Definition,
    DagsterModule,
    annotation_role,
    context_class,
)

if TYPE_CHECKING:
    from pylint.lint import PyLinter

# ``{context}`` is filled with the context class of the definition's kind.
_PARTITION_KEY_FIX = (
    "Take 'context: {context}' and use context.partition_key, with a partitions_def such as "
    "dg.DailyPartitionsDefinition"
)
_TIME_WINDOW_FIX = (
    "Take 'context: {context}' and use context.partition_time_window, with a time-window "
    "partitions_def such as dg.DailyPartitionsDefinition"
)
_TASK_INSTANCE_FIX = (
    "Take 'context: {context}' for context.log and context.run_id, and hand data downstream "
    "by returning it (there is no XCom)"
)
_RUN_CONFIG_FIX = (
    "Take run configuration instead: a parameter 'config' annotated with a dg.Config subclass"
)
_RUN_INFO_FIX = (
    "Take 'context: {context}' and use context.run_id, context.job_name or context.asset_key"
)
_KWARGS_FIX = (
    "Take 'context: {context}' and use context.partition_key, context.run_id and context.log"
)

#: Op inputs are wired by position in a job, so an op may name an input 'params' or 'ds'
#: legitimately; only objects nothing but Airflow provides are reported on ops.
AIRFLOW_ONLY_OBJECTS = frozenset({"ti", "task_instance", "dag_run"})

#: Airflow's template variables, each with what replaces it in Dagster.
AIRFLOW_CONTEXT_PARAMETERS = {
    "ds": _PARTITION_KEY_FIX,
    "ds_nodash": _PARTITION_KEY_FIX,
    "ts": _PARTITION_KEY_FIX,
    "execution_date": _PARTITION_KEY_FIX,
    "logical_date": _PARTITION_KEY_FIX,
    "data_interval_start": _TIME_WINDOW_FIX,
    "data_interval_end": _TIME_WINDOW_FIX,
    "prev_ds": _TIME_WINDOW_FIX,
    "next_ds": _TIME_WINDOW_FIX,
    "ti": _TASK_INSTANCE_FIX,
    "task_instance": _TASK_INSTANCE_FIX,
    "dag_run": _RUN_CONFIG_FIX,
    "params": _RUN_CONFIG_FIX,
    "conf": _RUN_CONFIG_FIX,
    "dag": _RUN_INFO_FIX,
    "task": _RUN_INFO_FIX,
}

#: Keys of Airflow's template context: what Airflow code reads from its context dict.
AIRFLOW_CONTEXT_KEYS = frozenset(AIRFLOW_CONTEXT_PARAMETERS) | {
    "ts_nodash", "macros", "var", "run_id", "prev_execution_date", "next_execution_date",
    "yesterday_ds", "tomorrow_ds", "templates_dict", "test_mode",
}

#: Attributes of an AssetsDefinition/AssetSpec that are Dagster API, not data.
ASSET_DEFINITION_API = frozenset(
    {
        "key", "keys", "asset_key", "asset_keys", "with_attributes", "specs", "specs_by_key",
        "op", "node_def", "check_specs", "check_key", "check_keys", "to_source_asset",
        "to_source_assets", "get_partition_mapping", "partitions_def", "metadata_by_key",
        "group_names_by_key", "asset_deps", "dependency_keys", "deps", "descriptions_by_key",
        "owners_by_key", "tags_by_key", "code_versions_by_key", "backfill_policy",
        "automation_conditions_by_key", "is_asset_executable", "is_external", "is_materializable",
        "is_observable", "required_resource_keys", "resource_defs", "has_self_dependency",
        "replace_specs_on_asset", "get_asset_spec", "group_name", "metadata", "tags", "owners",
        "kinds", "description", "code_version", "name", "replace", "merge_attributes",
    }
)

_ENTRY_TEXT_LIMIT = 60


class DataHandoffChecker(DagsterChecker):
    """Finds Airflow- and Prefect-style data handoff that Dagster does not perform."""

    msgs = {
        "E7301": (
            "Parameter '%s' of asset '%s' expects data, but deps=[%s] only orders runs and "
            "passes no value; Dagster will look for an asset named '%s' and fail to load. Name "
            "the parameter after the upstream asset, map it with ins={\"%s\": dg.AssetIn(%s)}, "
            "or read the upstream from storage",
            "deps-value-expected",
            "An asset lists its upstream in deps=[...] and takes a parameter that would have "
            "to carry that upstream's value, but the parameter names no known asset.\n\n"
            "deps only orders materializations; it passes no data. Dagster turns every "
            "positional parameter (other than context, config and resources) into an input "
            "loaded from the asset of the same name, so a parameter called 'data' makes the "
            "code location fail to load with 'Input asset [\"data\"] is not produced by any "
            "of the provided asset ops'. Name the parameter after the upstream asset, map it "
            "with ins={\"data\": dg.AssetIn(\"extract\")}, or keep deps and read the upstream "
            "from storage inside the asset.",
        ),
        "W7302": (
            "%s '%s' is called directly inside %s '%s': %s",
            "asset-called-directly",
            "A Dagster asset, op or job body calls a function that is itself an asset or op "
            "definition, as a Prefect flow or a plain script would.\n\n"
            "The call runs the upstream's body again in-process (Dagster 1.13 direct "
            "invocation): no materialization is recorded, no I/O manager stores the result, "
            "and the upstream's retry policy does not apply. Inside @job, composing assets "
            "builds an op job that records no asset materializations at all. Declare the "
            "upstream instead: a parameter named after it (to receive its value) or "
            "deps=[upstream] (ordering only); for a job of assets use "
            "dg.define_asset_job(\"name\", selection=[...]).",
        ),
        "W7303": (
            "'%s' inside %s '%s' is the asset definition, not its data. Add a parameter named "
            "'%s' so Dagster loads the value through the I/O manager, or read it with "
            "context.load_asset_value(dg.AssetKey(\"%s\"))",
            "asset-object-used-as-data",
            "Inside an asset or op body, the name of an asset definition is used as if it held "
            "the asset's data: subscripted, iterated, measured, used in arithmetic, given to a "
            "non-Dagster function, or asked for an attribute that is not Dagster API.\n\n"
            "At module level the name is bound to an AssetsDefinition (or AssetSpec), not to "
            "the value the asset produced, so the code fails or silently works on the wrong "
            "object. Dagster hands over the value through a parameter named after the "
            "upstream asset, loaded by the I/O manager; context.load_asset_value(...) reads "
            "it explicitly. Using the name inside deps=, AssetIn, Definitions, selections or "
            "materialize([...]) is fine and not reported.",
        ),
        "E7304": (
            "%s of %s '%s' expects Airflow's injected %s, which Dagster never passes: %s. %s",
            "airflow-context-parameter",
            "A Dagster asset takes a parameter named after a value Airflow injects into tasks "
            "(ds, ts, ti, execution_date, logical_date, data_interval_start, dag_run, params, "
            "conf, ...) or collects Airflow's context with **context/**kwargs, or an op takes "
            "ti, task_instance or dag_run.\n\n"
            "Dagster injects nothing by those names. A positional parameter becomes an input "
            "from an asset of that name and the code location fails to load; **context makes "
            "the run fail with TypeError, and kwargs[\"ds\"] fails because **kwargs is always "
            "empty (unless ins= maps inputs into it). The run's facts come "
            "from the context parameter instead (context.partition_key and "
            "context.partition_time_window for partitioned assets, context.run_id, "
            "context.log), and user parameters from run config (a dg.Config subclass).",
        ),
        "E7305": (
            "deps=%s is %s, not a list: %s. Wrap it in a list: deps=[%s]",
            "deps-not-a-list",
            "deps= is given one string or one asset object instead of a list of them.\n\n"
            "Dagster iterates deps. A string is iterated character by character: "
            "deps=\"orders\" silently declares six external assets 'o', 'r', 'd'... and no "
            "dependency on orders. A single asset definition, AssetSpec or AssetKey is not "
            "iterable and the module fails to load. Write deps=[\"orders\"] or deps=[orders].",
        ),
    }

    @only_required_for_messages(
        "deps-value-expected", "airflow-context-parameter"
    )
    def visit_functiondef(self, node: nodes.FunctionDef) -> None:
        model = self.dagster_model(node)
        definition = model.definition(node)
        if definition is None or not definition.is_compute:
            return
        reported = self._check_airflow_parameters(definition, model)
        if definition.kind in {"asset", "multi_asset"} and definition.deps_entries:
            self._check_deps_parameters(definition, model, reported)

    visit_asyncfunctiondef = visit_functiondef

    @only_required_for_messages("deps-not-a-list", "asset-called-directly")
    def visit_call(self, node: nodes.Call) -> None:
        model = self.dagster_model(node)
        if isinstance(node.func, nodes.Name):
            self._check_direct_call(node, model)
        deps = names.keyword_argument(node, "deps")
        if deps is not None and names.call_dagster_name(node):
            self._check_deps_value(deps, model)

    @only_required_for_messages("asset-object-used-as-data")
    def visit_name(self, node: nodes.Name) -> None:
        model = self.dagster_model(node)
        if not model.may_name_asset_object(node.name):
            return
        definition = model.enclosing_definition(node)
        if definition is None or not definition.is_compute:
            return
        if not _used_as_data(node):
            return
        if model.asset_object_referenced_by(node) is None:
            return
        key = next(iter(sorted(model.asset_keys_of(node))), node.name)
        self.add_message(
            "asset-object-used-as-data",
            node=node,
            args=(node.name, definition.decorator_label, definition.name, key, key),
        )

    # deps-value-expected / airflow-context-parameter -------------------------------------

    def _check_airflow_parameters(self, definition: Definition, model: DagsterModule) -> set[str]:
        reported: set[str] = set()
        context = f"dg.{context_class(definition.kind)}"
        arguments = definition.function.args
        parameters = [
            *(arguments.posonlyargs or []),
            *(arguments.args or []),
            *(arguments.kwonlyargs or []),
        ]
        for parameter in parameters:
            fix = AIRFLOW_CONTEXT_PARAMETERS.get(parameter.name)
            if (
                fix is None
                or (definition.kind == "op" and parameter.name not in AIRFLOW_ONLY_OBJECTS)
                or parameter.name in definition.ins_keys
                or model.is_asset_key(parameter.name)
            ):
                continue
            if parameter in (arguments.kwonlyargs or []):
                consequence = "as a keyword-only parameter it is read as run config and the run fails"
            elif definition.kind == "op":
                consequence = "it becomes an op input that no upstream op provides"
            else:
                consequence = "it becomes an upstream asset input and the code location fails to load"
            self.add_message(
                "airflow-context-parameter",
                node=parameter,
                args=(
                    f"Parameter '{parameter.name}'",
                    definition.decorator_label,
                    definition.name,
                    "template variable",
                    consequence,
                    fix.format(context=context),
                ),
            )
            reported.add(parameter.name)
        kwarg = arguments.kwarg_node
        if (
            kwarg is not None
            and definition.kind in ASSET_DECORATORS
            # With ins=, Dagster passes the inputs through **kwargs: that is Dagster, not Airflow.
            and definition.keyword("ins") is None
            and not definition.has_keyword_expansion
            # Any other **kwargs is Airflow's context only where the body reads Airflow's keys
            # from it (kwargs["ds"], kwargs.get("ti")); otherwise it is a catch-all.
            and (
                kwarg.name == "context"
                or _reads_airflow_keys(definition.function, kwarg.name)
            )
        ):
            consequence = (
                "Dagster passes the context positionally, so the run fails with TypeError"
                if kwarg.name == "context"
                else "it is always empty (Dagster fills **kwargs only with inputs mapped by ins=)"
            )
            self.add_message(
                "airflow-context-parameter",
                node=kwarg,
                args=(
                    f"'**{kwarg.name}'",
                    definition.decorator_label,
                    definition.name,
                    "context",
                    consequence,
                    _KWARGS_FIX.format(context=context),
                ),
            )
        return reported

    def _check_deps_parameters(
        self, definition: Definition, model: DagsterModule, reported: set[str]
    ) -> None:
        deps_keys = set()
        for entry in definition.deps_entries:
            deps_keys |= model.keys_named_by(entry)
        arguments = definition.function.args
        annotations = {
            parameter.name: annotation
            for parameter, annotation in [
                *zip(arguments.posonlyargs or [], arguments.posonlyargs_annotations or []),
                *zip(arguments.args or [], arguments.annotations or []),
            ]
        }
        for parameter in definition.input_parameters():
            name = parameter.name
            if (
                name in reported
                or name in deps_keys
                or name in definition.ins_keys
                or annotation_role(annotations.get(name)) != "data"
                or model.is_asset_key(name)
            ):
                continue
            upstream = next(iter(sorted(deps_keys)), None)
            self.add_message(
                "deps-value-expected",
                node=parameter,
                args=(
                    name,
                    definition.name,
                    ", ".join(
                        excerpt(entry, _ENTRY_TEXT_LIMIT) for entry in definition.deps_entries
                    ),
                    name,
                    name,
                    f'"{upstream}"' if upstream else '"<upstream>"',
                ),
            )

    # asset-called-directly ------------------------------------------------------------------

    def _check_direct_call(self, call: nodes.Call, model: DagsterModule) -> None:
        func = call.func
        if not model.may_name_definition(func.name):
            return
        enclosing = model.enclosing_definition(call)
        if enclosing is None or not (enclosing.is_compute or enclosing.is_composition):
            return
        callee = model.definition_referenced_by(func)
        if callee is None or callee.kind not in ASSET_DECORATORS | {"op"}:
            return
        if enclosing.is_composition and not callee.is_asset:
            return  # Calling ops inside @job/@graph is how Dagster wires a graph.
        callee_label = "Asset" if callee.is_asset else "Op"
        if enclosing.is_composition:
            consequence = (
                "an op job built from assets records no asset materializations. Select the "
                "assets instead: dg.define_asset_job(\"%s\", selection=[...])" % enclosing.name
            )
        elif callee.is_asset:
            key = next(iter(sorted(model.asset_keys_of(func))), func.name)
            consequence = (
                "Dagster runs its body again in-process, with no materialization, I/O manager "
                f"or retry policy. Declare it upstream instead: a parameter named '{key}' to "
                f"receive its value, or deps=[{func.name}] for ordering only"
            )
        else:
            consequence = (
                "Dagster runs its body again in-process, outside the graph, with no events "
                "or retries. Wire the ops together in a @dg.job or @dg.graph body instead, "
                f"passing {func.name}()'s output to the op that needs it"
            )
        self.add_message(
            "asset-called-directly",
            node=call,
            args=(callee_label, func.name, enclosing.decorator_label, enclosing.name, consequence),
        )

    # deps-not-a-list -------------------------------------------------------------------------

    def _check_deps_value(self, deps: nodes.NodeNG, model: DagsterModule) -> None:
        if isinstance(deps, nodes.JoinedStr) or (
            isinstance(deps, nodes.Const) and isinstance(deps.value, str)
        ):
            kind = "a string"
            consequence = (
                "Dagster iterates it and declares one external asset per character, with no "
                "error"
            )
        else:
            what = _single_asset_object(deps, model)
            if what is None:
                return
            kind = what
            consequence = "Dagster cannot iterate it and the module fails to load"
        text = excerpt(deps, _ENTRY_TEXT_LIMIT)
        self.add_message(
            "deps-not-a-list", node=deps, args=(text, kind, consequence, text)
        )


def _reads_airflow_keys(function: nodes.FunctionDef, name: str) -> bool:
    """Whether ``function`` reads an Airflow context key from its ``**name`` parameter."""
    for node in function.nodes_of_class(nodes.Name, skip_klass=(nodes.FunctionDef,)):
        if node.name != name:
            continue
        parent = node.parent
        if isinstance(parent, nodes.Subscript) and parent.value is node:
            key = parent.slice
        elif (
            isinstance(parent, nodes.Attribute)
            and parent.attrname == "get"
            and isinstance(parent.parent, nodes.Call)
            and parent.parent.args
        ):
            key = parent.parent.args[0]
        else:
            continue
        if isinstance(key, nodes.Const) and key.value in AIRFLOW_CONTEXT_KEYS:
            return True
    return False


def _single_asset_object(node: nodes.NodeNG, model: DagsterModule) -> str | None:
    """What single asset object ``node`` is ('a single asset definition', ...), or None."""
    if isinstance(node, nodes.Call):
        callee = names.call_dagster_name(node)
        if callee in {"AssetKey", "AssetSpec", "AssetDep", "SourceAsset"}:
            return f"a single {callee}"
        return None
    if isinstance(node, nodes.Name):
        if model.asset_object_referenced_by(node) is not None:
            return "a single asset definition"
        return None
    if isinstance(node, nodes.Attribute) and node.attrname == "key":
        if isinstance(node.expr, nodes.Name) and model.asset_object_referenced_by(node.expr):
            return "a single AssetKey"
    return None


def _used_as_data(name: nodes.Name) -> bool:
    """Whether the way ``name`` is used treats it as a value rather than as a definition."""
    parent = name.parent
    if isinstance(parent, nodes.Attribute):
        return parent.attrname not in ASSET_DEFINITION_API
    if isinstance(parent, nodes.Subscript):
        return parent.value is name
    if isinstance(parent, (nodes.For, nodes.Comprehension)):
        return parent.iter is name
    if isinstance(parent, (nodes.BinOp, nodes.AugAssign)):
        return True
    if isinstance(parent, nodes.UnaryOp):
        return parent.op != "not"
    if isinstance(parent, nodes.Compare):
        return any(op in {"in", "not in"} and operand is name for op, operand in parent.ops)
    if isinstance(parent, nodes.Keyword):
        parent = parent.parent
    if isinstance(parent, nodes.Call) and parent.func is not name:
        return not _is_dagster_api_call(parent)
    return False


def _is_dagster_api_call(call: nodes.Call) -> bool:
    """Dagster's own functions and the methods of the context take asset definitions."""
    if names.call_dagster_name(call):
        return True
    func = call.func
    while isinstance(func, nodes.Attribute):
        func = func.expr
    return isinstance(func, nodes.Name) and func.name in {"context", "_context"}


def register(linter: PyLinter) -> None:
    linter.register_checker(DataHandoffChecker(linter))
