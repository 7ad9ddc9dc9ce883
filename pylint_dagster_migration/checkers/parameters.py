"""Parameters Dagster never fills: values Airflow injected by name, and data deps= does not pass.

Airflow hands a task its template context by parameter name (``ds``, ``ti``, ``**context``).
Dagster turns a positional parameter of an asset into an input loaded from the upstream asset
of the same name (or the one mapped with ``ins``); ``deps`` orders materializations and passes
nothing, and no parameter name makes Dagster pass Airflow's values.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

from astroid import nodes
from astroid.const import Context
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import names
from pylint_dagster_migration.checkers.base import DagsterChecker, excerpt
from pylint_dagster_migration.edits import (
    Edit,
    Fix,
    FixSafety,
    dagster_reference,
    end_of,
    insert_before,
    replace,
)
from pylint_dagster_migration.model import (
    Definition,
    DagsterModule,
    context_class,
    input_parameter_judge,
    key_argument,
    project_view,
    spelled_asset_key,
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

#: What each Airflow value is in a run of a time-window partition, read from the context:
#: Airflow's logical date is the start of the run's data interval, and the partition's time
#: window is that interval. ``ds`` of a daily partition is its key (see ``_partition_value``).
PARTITION_VALUES = {
    "ds": '{context}.partition_time_window.start.strftime("%Y-%m-%d")',
    "ds_nodash": '{context}.partition_time_window.start.strftime("%Y%m%d")',
    "ts": "{context}.partition_time_window.start.isoformat()",
    "logical_date": "{context}.partition_time_window.start",
    "execution_date": "{context}.partition_time_window.start",
    "data_interval_start": "{context}.partition_time_window.start",
    "data_interval_end": "{context}.partition_time_window.end",
}
#: Partitions whose runs have a time window (``context.partition_time_window``).
TIME_WINDOW_PARTITIONS = frozenset(
    {
        "DailyPartitionsDefinition", "HourlyPartitionsDefinition", "WeeklyPartitionsDefinition",
        "MonthlyPartitionsDefinition", "TimeWindowPartitionsDefinition",
    }
)
#: ``DailyPartitionsDefinition``'s ``fmt`` parameter, by keyword and position.
_DAILY_FMT = ("fmt", 5)
#: The names Dagster takes a first parameter for the context by.
CONTEXT_NAMES = ("context", "_context", "context_")

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

    fixes = {
        "deps-value-expected": FixSafety(
            "safe",
            "maps the parameter to the one upstream in deps=, which passed no value: "
            '@dg.asset(deps=["orders"]) def report(rows) becomes @dg.asset(ins={"rows": '
            'dg.AssetIn("orders")}) def report(rows), so Dagster loads orders into rows',
        ),
        "airflow-context-parameter": FixSafety(
            "unsafe",
            "replaces the parameter with the context and reads the value from the run's "
            "partition in the first statement: def daily(ds) becomes def daily(context: "
            "dg.AssetExecutionContext) with ds = context.partition_key; offered for ds, "
            "ds_nodash, ts, logical_date, execution_date, data_interval_start and "
            "data_interval_end of an asset with a time-window partitions_def. Unsafe because "
            "the value now comes from the partition a run materializes (the start and end of "
            "its time window, where Airflow had the run's data interval), so every run must "
            "target a partition, and dates are Python datetimes, not pendulum's",
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
                fix=_context_parameter_fix(definition, parameter),
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
        # The shared rule gives each parameter one message (airflow-context-parameter takes
        # Airflow's names, ins= keys and non-data annotations are nobody's here).
        reported = [
            parameter
            for parameter in definition.input_parameters()
            if input_parameter_judge(definition, parameter, model) == "deps-value-expected"
            and not model.is_asset_key(parameter.name)
        ]
        spelled, in_module = (
            _upstream_key(definition.deps_entries[0], model)
            if len(definition.deps_entries) == 1
            else (None, False)
        )
        first = next(iter(sorted(deps_keys)), None)
        written = _asset_in_key(spelled) if spelled else f'"{first or "<upstream>"}"'
        fixable = len(reported) == 1 and self._replaceable_by_ins(
            definition, model, spelled, in_module
        )
        for parameter in reported:
            name = parameter.name
            fix = None
            if fixable:
                asset_in, imports = dagster_reference(definition.decorator, "AssetIn")
                suggestion = f'ins={{"{name}": {asset_in}({written})}}'
                fix = Fix((replace(_deps_keyword(definition), suggestion), *imports))
            else:
                prefix = names.dagster_prefix(definition.decorator)
                suggestion = f'ins={{"{name}": {prefix}AssetIn({written})}}'
            self._report_deps_value(
                parameter,
                f"Parameter '{name}' of asset",
                definition,
                f"Dagster will look for an asset named '{name}' and fail to load. Name the "
                f"parameter after the upstream asset, map it with {suggestion}, or read the "
                "upstream from storage",
                fix,
            )

    def _replaceable_by_ins(
        self,
        definition: Definition,
        model: DagsterModule,
        key: tuple[str, ...] | None,
        in_module: bool,
    ) -> bool:
        """Whether ``ins=`` mapping the parameter to ``key``, the one upstream of
        ``definition``'s ``deps=[...]``, may take the place of ``deps``: the code spells the key
        (or names an asset of the module, ``in_module``, without key rewriting), the project
        produces or declares it (an ``AssetIn`` of an unknown key fails to load, where a
        ``deps`` entry made an external asset), and no other parameter already receives it."""
        if (
            key is None
            or definition.keyword("ins") is not None
            or definition.has_keyword_expansion
            or key[-1] in definition.parameter_names
        ):
            return False
        if in_module:
            return True
        view = project_view(self.linter.config, model.module)
        if view is None:
            return len(key) == 1 and model.is_asset_key(key[0])
        return view.catalog.knows(key)

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
        self,
        node: nodes.NodeNG,
        what: str,
        definition: Definition,
        consequence: str,
        fix: Fix | None = None,
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
            fix=fix,
        )


def _context_parameter_fix(definition: Definition, parameter: nodes.AssignName) -> Fix | None:
    """The fix of an Airflow value parameter of a time-window partitioned asset: the parameter
    becomes the context (or goes, where the context is the first parameter already), and the
    first statement reads the value from the partition. None where the signature or the body
    is not plain enough to edit surely (a default, positional-only parameters, a body on the
    ``def`` line, a name ``context`` used in the body)."""
    value = _partition_value(definition, parameter.name)
    function = definition.function
    arguments = function.args
    positional = list(arguments.args or [])
    if (
        value is None
        or parameter not in positional
        or arguments.posonlyargs
        or positional.index(parameter) >= len(positional) - len(arguments.defaults or [])
        or not function.body
        or function.body[0].lineno <= _signature_end(function)
    ):
        return None
    index = positional.index(parameter)
    first = positional[0]
    remove = Edit(end_of(positional[index - 1]), end_of(parameter), "") if index else None
    imports: tuple[Edit, ...] = ()
    if first is not parameter and first.name in CONTEXT_NAMES:
        context, edits = first.name, [remove]
    elif first.name == "_" or "context" in function.locals or any(
        name.name == "context" for name in function.nodes_of_class(nodes.Name)
    ):
        return None  # "_" may be the context; a new parameter context would shadow a name
    else:
        kind = context_class(definition.kind)
        annotation, imports = dagster_reference(definition.decorator, kind)
        context = "context"
        edits = (
            [insert_before(first, f"context: {annotation}, "), remove]
            if index
            else [replace(parameter, f"context: {annotation}")]
        )
    statement = function.body[0]
    indent = " " * statement.col_offset
    assignment = f"{parameter.name} = {value.format(context=context)}\n{indent}"
    return Fix((*edits, insert_before(statement, assignment), *imports))


def _partition_value(definition: Definition, name: str) -> str | None:
    """How the context gives Airflow's value ``name`` in a run of ``definition``'s partitions
    (``{context}`` for the context's name), or None when they are not time windows."""
    if definition.kind not in {"asset", "multi_asset"} or name not in PARTITION_VALUES:
        return None
    partitions = definition.keyword("partitions_def")
    if isinstance(partitions, nodes.Name):
        partitions = names.assigned_value(partitions)
    if not isinstance(partitions, nodes.Call):
        return None
    kind = names.call_dagster_name(partitions)
    if kind not in TIME_WINDOW_PARTITIONS:
        return None
    if (
        name == "ds"
        and kind == "DailyPartitionsDefinition"
        and names.keyword_argument(partitions, _DAILY_FMT[0]) is None
        and len(partitions.args) <= _DAILY_FMT[1]
    ):
        return "{context}.partition_key"  # "%Y-%m-%d", as ds is written
    return PARTITION_VALUES[name]


def _signature_end(function: nodes.FunctionDef) -> int:
    """The last line of ``function``'s parameters and return annotation."""
    arguments = function.args
    parts = [
        *(arguments.args or []),
        *(arguments.kwonlyargs or []),
        *(arguments.defaults or []),
        *(arguments.kw_defaults or []),
        arguments.vararg_node,
        arguments.kwarg_node,
        function.returns,
    ]
    return max((part.end_lineno for part in parts if part is not None), default=function.lineno)


def _deps_keyword(definition: Definition) -> nodes.Keyword:
    """The ``deps=`` keyword of a definition that has ``deps_entries``."""
    return next(k for k in definition.decorator.keywords if k.arg == "deps")


def _upstream_key(
    entry: nodes.NodeNG, model: DagsterModule
) -> tuple[tuple[str, ...] | None, bool]:
    """The full key a ``deps`` entry names, where the code spells it, and whether it is an
    asset of this module: a literal key (``"orders"``, ``dg.AssetKey(["sales", "orders"])``,
    a name bound to one), ``dg.AssetDep(<key>)`` with nothing else, an inline ``AssetSpec``,
    or a module's ``@asset``/``AssetSpec`` by name (``orders``, ``orders.key``)."""
    if isinstance(entry, nodes.Attribute) and entry.attrname == "key":
        entry = entry.expr
    if isinstance(entry, nodes.Call):
        callee = names.call_dagster_name(entry)
        if callee == "AssetDep":
            if len([*entry.args, *(entry.keywords or ())]) != 1:
                return None, False  # a partition mapping: AssetIn would need it too
            return _upstream_key(key_argument(entry), model)
        if callee in {"AssetSpec", "SourceAsset"}:
            return spelled_asset_key(key_argument(entry)), False
    if isinstance(entry, nodes.Name) and model.may_name_asset_object(entry.name):
        asset = model.asset_object_referenced_by(entry)
        if isinstance(asset, nodes.FunctionDef):
            definition = model.definition(asset)
            return (_asset_key(definition) if definition else None), True
        if isinstance(asset, nodes.Assign):
            return spelled_asset_key(key_argument(asset.value)), True
        if asset is not None:
            return None, False  # imported: its key is another module's business
    return spelled_asset_key(entry), False


def _asset_key(definition: Definition) -> tuple[str, ...] | None:
    """The key an ``@asset`` produces, where the decorator spells it: ``key=``, or ``name=``
    (the function's name by default) under a literal ``key_prefix``."""
    if definition.kind != "asset" or definition.has_keyword_expansion:
        return None
    key = definition.keyword("key")
    if key is not None:
        return spelled_asset_key(key)
    name = definition.keyword("name")
    if name is None:
        segment = definition.name
    elif isinstance(name, nodes.Const) and isinstance(name.value, str) and name.value:
        segment = name.value
    else:
        return None
    prefix = definition.keyword("key_prefix")
    if prefix is None or (isinstance(prefix, nodes.Const) and prefix.value is None):
        return (segment,)
    path = spelled_asset_key(prefix)
    return None if path is None else (*path, segment)


def _asset_in_key(key: tuple[str, ...]) -> str:
    """The arguments of an ``AssetIn`` of ``key``, as Dagster prints keys: ``"orders"``, or
    ``key=["sales", "orders"]``."""
    if len(key) == 1:
        return json.dumps(key[0])
    return f"key=[{', '.join(json.dumps(segment) for segment in key)}]"


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
