"""Parameters Dagster never fills: values Airflow injected by name, and data deps= does not pass.

Airflow hands a task its template context by parameter name (``ds``, ``ti``, ``**context``).
Dagster turns a positional parameter of an asset into an input loaded from the upstream asset
of the same name (or the one mapped with ``ins``); ``deps`` orders materializations and passes
nothing, and no parameter name makes Dagster pass Airflow's values.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from astroid import nodes
from astroid.const import Context
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import names
from pylint_dagster_migration.checkers.base import DagsterChecker, excerpt
from pylint_dagster_migration.model import (
    Definition,
    DagsterModule,
    context_class,
    input_parameter_judge,
)

if TYPE_CHECKING:
    from pylint.lint import PyLinter

# What replaces each Airflow value; ``names.fill_in_fix`` fills in ``{context}`` and ``{prefix}``.
_PARTITION_KEY_FIX = (
    "Take 'context: {context}' and use context.partition_key, with a partitions_def such as "
    "{prefix}DailyPartitionsDefinition"
)
_TIME_WINDOW_FIX = (
    "Take 'context: {context}' and use context.partition_time_window, with a time-window "
    "partitions_def such as {prefix}DailyPartitionsDefinition"
)
_TASK_INSTANCE_FIX = (
    "Take 'context: {context}' for context.log and context.run_id, and hand data downstream "
    "by returning it (there is no XCom)"
)
_RUN_CONFIG_FIX = (
    "Take run configuration instead: a parameter 'config' annotated with a {prefix}Config "
    "subclass"
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

_ENTRY_TEXT_LIMIT = 60


class ParameterChecker(DagsterChecker):
    """Finds parameters of assets and ops that wait for a value Dagster never passes."""

    msgs = {
        "E7301": (
            "%s '%s' expects data, but deps=[%s] only orders runs and passes no value; %s",
            "deps-value-expected",
            "An asset lists its upstream in deps=[...] and takes a parameter that would have "
            "to carry that upstream's value, but the parameter names no known asset; or it "
            "reads an upstream named in deps out of **kwargs (kwargs[\"extract\"], "
            "kwargs.get(\"extract\"), or kwargs[name] in a loop over the deps' names).\n\n"
            "deps only orders materializations; it passes no data. Dagster turns every "
            "positional parameter (other than context, config and resources) into an input "
            "loaded from the asset of the same name, so a parameter called 'data' makes the "
            "code location fail to load with 'Input asset [\"data\"] is not produced by any "
            "of the provided asset ops'. **kwargs receives only inputs mapped with ins=, so "
            "with deps alone it is empty: kwargs[\"extract\"] fails the run with KeyError and "
            "kwargs.get(\"extract\") returns None. Name the parameter after the upstream "
            "asset, map it with ins={\"data\": dg.AssetIn(\"extract\")}, or keep deps and "
            "read the upstream from storage inside the asset (or with "
            "context.load_asset_value(dg.AssetKey(\"extract\"))).",
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
    }

    @only_required_for_messages("deps-value-expected", "airflow-context-parameter")
    def visit_functiondef(self, node: nodes.FunctionDef) -> None:
        model = self.dagster_model(node)
        definition = model.definition(node)
        if definition is None or not definition.is_compute:
            return
        self._check_airflow_parameters(definition, model)
        self._check_airflow_kwargs(definition)
        if definition.kind in {"asset", "multi_asset"} and definition.deps_entries:
            self._check_deps_parameters(definition, model)
            self._check_deps_kwargs(definition, model)

    visit_asyncfunctiondef = visit_functiondef

    # airflow-context-parameter --------------------------------------------------------------

    def _check_airflow_parameters(self, definition: Definition, model: DagsterModule) -> None:
        arguments = definition.function.args
        keyword_only = arguments.kwonlyargs or []
        for parameter in [*(arguments.posonlyargs or []), *(arguments.args or []), *keyword_only]:
            fix = AIRFLOW_CONTEXT_PARAMETERS.get(parameter.name)
            if (
                fix is None
                or (definition.kind == "op" and parameter.name not in AIRFLOW_ONLY_OBJECTS)
                or parameter.name in definition.ins_keys
                or model.is_asset_key(parameter.name)
            ):
                continue
            if parameter in keyword_only:
                consequence = (
                    "as a keyword-only parameter it is read as run config and the run fails"
                )
            elif definition.kind == "op":
                consequence = "it becomes an op input that no upstream op provides"
            else:
                consequence = (
                    "it becomes an upstream asset input and the code location fails to load"
                )
            self.add_message(
                "airflow-context-parameter",
                node=parameter,
                args=(
                    f"Parameter '{parameter.name}'",
                    definition.decorator_label,
                    definition.name,
                    "template variable",
                    consequence,
                    names.fill_in_fix(
                        fix, definition.decorator, context_class(definition.kind)
                    ),
                ),
            )

    def _check_airflow_kwargs(self, definition: Definition) -> None:
        kwarg = definition.function.args.kwarg_node
        if (
            kwarg is None
            or not definition.is_asset
            # With ins=, Dagster passes the inputs through **kwargs: that is Dagster, not Airflow.
            or definition.keyword("ins") is not None
            or definition.has_keyword_expansion
        ):
            return
        if kwarg.name == "context":
            consequence = (
                "Dagster passes the context positionally, so the run fails with TypeError"
            )
        elif _reads_airflow_keys(definition.function, kwarg.name):
            consequence = (
                "it is always empty (Dagster fills **kwargs only with inputs mapped by ins=)"
            )
        else:
            return  # Any other **kwargs that reads no Airflow key is a catch-all.
        self.add_message(
            "airflow-context-parameter",
            node=kwarg,
            args=(
                f"'**{kwarg.name}'",
                definition.decorator_label,
                definition.name,
                "context",
                consequence,
                names.fill_in_fix(
                    _KWARGS_FIX, definition.decorator, context_class(definition.kind)
                ),
            ),
        )

    # deps-value-expected --------------------------------------------------------------------

    def _check_deps_parameters(self, definition: Definition, model: DagsterModule) -> None:
        deps_keys = set()
        for entry in definition.deps_entries:
            deps_keys |= model.keys_named_by(entry)
        for parameter in definition.input_parameters():
            name = parameter.name
            # The shared rule gives each parameter one message (airflow-context-parameter
            # takes Airflow's names, ins= keys and non-data annotations are nobody's here).
            if (
                input_parameter_judge(definition, parameter, model) != "deps-value-expected"
                or model.is_asset_key(name)
            ):
                continue
            upstream = next(iter(sorted(deps_keys)), None)
            prefix = names.dagster_prefix(definition.decorator)
            written = f'"{upstream}"' if upstream else '"<upstream>"'
            self._report_deps_value(
                parameter,
                f"Parameter '{name}' of asset",
                definition,
                f"Dagster will look for an asset named '{name}' and fail to load. Name the "
                f"parameter after the upstream asset, map it with "
                f'ins={{"{name}": {prefix}AssetIn({written})}}, or read the upstream from storage',
            )

    def _check_deps_kwargs(self, definition: Definition, model: DagsterModule) -> None:
        """``kwargs["up"]``, ``kwargs.get("up")`` or ``kwargs[name]`` over the deps' names in
        an asset with ``deps=[up]``: with no ``ins=``, Dagster passes ``**kwargs`` nothing."""
        kwarg = definition.function.args.kwarg
        if (
            not kwarg
            or kwarg == "context"  # airflow-context-parameter: the run fails before any read
            or definition.keyword("ins") is not None
            or definition.has_keyword_expansion
        ):
            return
        deps_keys: set[str] = set()
        for entry in definition.deps_entries:
            deps_keys |= model.keys_named_by(entry)
        for name in definition.function.nodes_of_class(nodes.Name, skip_klass=(nodes.FunctionDef,)):
            if name.name != kwarg or not _is_parameter(name, definition.function):
                continue
            read = _kwargs_read(name)
            if read is None:
                continue
            lookup, keys, outcome = read
            upstreams = [key for key in keys if key in deps_keys]
            if not upstreams or names.AIRFLOW_CONTEXT_KEYS.intersection(keys):
                continue
            prefix = names.dagster_prefix(definition.decorator)
            if len(upstreams) == 1:
                take = f"a parameter named '{upstreams[0]}' to receive its value, or read it"
            else:
                named = ", ".join(f"'{key}'" for key in upstreams)
                take = f"parameters named {named} to receive their values, or read each"
            self._report_deps_value(
                lookup,
                f"{excerpt(lookup, _ENTRY_TEXT_LIMIT, fold_whitespace=True)} in asset",
                definition,
                f"**{kwarg} stays empty (Dagster fills it only with inputs mapped by ins=), so "
                f"the read {outcome}. Take {take} with "
                f'context.load_asset_value({prefix}AssetKey("{upstreams[0]}"))',
            )

    def _report_deps_value(
        self, node: nodes.NodeNG, what: str, definition: Definition, consequence: str
    ) -> None:
        self.add_message(
            "deps-value-expected",
            node=node,
            args=(
                what,
                definition.name,
                ", ".join(excerpt(entry, _ENTRY_TEXT_LIMIT) for entry in definition.deps_entries),
                consequence,
            ),
        )


def _is_parameter(name: nodes.Name, function: nodes.FunctionDef) -> bool:
    """Whether ``name`` is, where it is used, the parameter of ``function`` it is named
    after (not a variable rebinding it)."""
    _, bindings = name.lookup(name.name)
    return len(bindings) == 1 and bindings[0] is function.args


def _kwargs_read(name: nodes.Name) -> tuple[nodes.NodeNG, tuple[str, ...], str] | None:
    """What ``name`` (a ``**kwargs``) is read for: (the read, the keys it may read, what the
    read does with a missing key), for ``kwargs["k"]``, ``kwargs.get("k")`` and
    ``kwargs[name]`` where ``name`` loops over literal strings; None otherwise."""
    parent = name.parent
    if isinstance(parent, nodes.Subscript) and parent.value is name:
        if parent.ctx is not Context.Load:
            return None  # kwargs["k"] = ... and del kwargs["k"] read nothing
        keys = _literal_keys(parent.slice)
        return (parent, keys, "raises KeyError at run time") if keys else None
    if (
        isinstance(parent, nodes.Attribute)
        and parent.attrname == "get"
        and isinstance(parent.parent, nodes.Call)
        and parent.parent.func is parent
        and parent.parent.args
    ):
        call = parent.parent
        keys = _literal_keys(call.args[0])
        outcome = "returns its default" if len(call.args) > 1 or call.keywords else "returns None"
        return (call, keys, outcome) if keys else None
    return None


def _literal_keys(key: nodes.NodeNG) -> tuple[str, ...]:
    """The strings a key expression may be: a literal, or a loop variable over a literal
    list, tuple or set of strings (directly or through a name bound to one)."""
    if isinstance(key, nodes.Const):
        return (key.value,) if isinstance(key.value, str) else ()
    if not isinstance(key, nodes.Name):
        return ()
    _, bindings = key.lookup(key.name)
    if len(bindings) != 1 or not isinstance(bindings[0], nodes.AssignName):
        return ()
    loop = bindings[0].parent
    if not isinstance(loop, (nodes.For, nodes.Comprehension)) or loop.target is not bindings[0]:
        return ()
    items = loop.iter
    if isinstance(items, nodes.Name):
        items = names.assigned_value(items)
    if not isinstance(items, (nodes.List, nodes.Tuple, nodes.Set)) or not items.elts:
        return ()
    strings = tuple(
        element.value
        for element in items.elts
        if isinstance(element, nodes.Const) and isinstance(element.value, str)
    )
    return strings if len(strings) == len(items.elts) else ()


def _reads_airflow_keys(function: nodes.FunctionDef, name: str) -> bool:
    """Whether ``function`` reads an Airflow context key from its ``**name`` parameter."""
    return any(
        node.name == name and names.reads_airflow_context_key(node)
        for node in function.nodes_of_class(nodes.Name, skip_klass=(nodes.FunctionDef,))
    )


def register(linter: PyLinter) -> None:
    linter.register_checker(ParameterChecker(linter))
