"""What a module defines in Dagster terms: its assets, ops, jobs, sensors and schedules.

``dagster_module(node)`` builds the model once per module (on first use by any checker) and
keeps it for the rest of that module's lint. The model is built from the syntax tree and the
module's imports alone (see ``names``); nothing is imported or inferred.
"""

from __future__ import annotations

import weakref
from collections.abc import Iterator
from functools import cached_property

from astroid import nodes

from pylint_dagster_migration import names, project

# The kinds of definitions are names.py's tables; the checkers read them from here too.
from pylint_dagster_migration.names import (
    ASSET_DECORATORS,
    ASSET_OBJECT_CLASSES,
    CHECK_DECORATORS,
    DEFINITION_DECORATORS,
    JOB_DECORATORS,
    OP_DECORATORS,
    SCHEDULE_DECORATORS,
    SENSOR_DECORATORS,
)

#: Bodies that Dagster runs as a step: calling another asset or op in them re-runs it.
COMPUTE_DECORATORS = (
    ASSET_DECORATORS - {"graph_asset", "graph_multi_asset"}
) | OP_DECORATORS | CHECK_DECORATORS
#: Bodies that wire ops together: calling an op there is how a graph is built.
COMPOSITION_DECORATORS = JOB_DECORATORS | {"graph_asset", "graph_multi_asset"}

#: The context class Dagster passes to each kind of definition (assets get the default).
CONTEXT_CLASSES = {
    "op": "OpExecutionContext",
    "asset_check": "AssetCheckExecutionContext",
    "multi_asset_check": "AssetCheckExecutionContext",
}


def context_class(kind: str) -> str:
    """``AssetExecutionContext`` for an asset, ``OpExecutionContext`` for an op..."""
    return CONTEXT_CLASSES.get(kind, "AssetExecutionContext")


#: Parameter names Dagster never treats as upstream inputs.
NON_INPUT_PARAMETERS = frozenset({"context", "_context", "_", "config"})


# The records of this module are plain classes rather than dataclasses: defining a dataclass
# costs a millisecond or more, paid by every pylint run that loads the plugin.
class Definition:
    """One Dagster-decorated function, e.g. ``@dg.asset(deps=[x]) def y(): ...``; equal to
    another of the same kind, function and decorator."""

    def __init__(
        self,
        kind: str,
        function: nodes.FunctionDef,
        decorator: nodes.NodeNG,
        keywords: dict[str, nodes.NodeNG],
    ) -> None:
        self.kind = kind
        #: A ``nodes.Lambda`` only for a lambda given to ``SensorDefinition(evaluation_fn=...)``.
        self.function = function
        self.decorator = decorator
        self.keywords = keywords

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return (self.kind, self.function, self.decorator) == (
            other.kind, other.function, other.decorator
        )

    def __hash__(self) -> int:
        return hash((self.kind, self.function, self.decorator))

    @property
    def name(self) -> str:
        return self.function.name

    @property
    def is_asset(self) -> bool:
        return self.kind in ASSET_DECORATORS

    @property
    def is_compute(self) -> bool:
        return self.kind in COMPUTE_DECORATORS

    @property
    def is_composition(self) -> bool:
        return self.kind in COMPOSITION_DECORATORS

    @property
    def decorator_label(self) -> str:
        return f"@{self.kind}"

    def keyword(self, name: str) -> nodes.NodeNG | None:
        return self.keywords.get(name)

    @property
    def has_keyword_expansion(self) -> bool:
        """True for ``@asset(**options)``: any keyword may be hidden in the expansion."""
        decorator = self.decorator
        if not isinstance(decorator, nodes.Call):
            return False
        return any(keyword.arg is None for keyword in decorator.keywords or ())

    @cached_property
    def asset_keys(self) -> frozenset[str]:
        """The last segments of the asset keys this definition produces."""
        if not self.is_asset:
            return frozenset()
        keys = set()
        for keyword in ("name", "key"):
            keys |= key_segments(self.keyword(keyword))
        outs = self.keyword("outs")
        if isinstance(outs, nodes.Dict):
            for key_node, value in outs.items:
                keys |= key_segments(key_argument(value)) or key_segments(key_node)
        specs = self.keyword("specs")
        if isinstance(specs, (nodes.List, nodes.Tuple)):
            for spec in specs.elts:
                keys |= key_segments(key_argument(spec))
        if not keys:
            keys.add(self.function.name)
        return frozenset(keys)

    @cached_property
    def ins_keys(self) -> frozenset[str]:
        """Parameter names mapped by ``ins={...}`` (and ``additional_ins`` on checks)."""
        keys: set[str] = set()
        for keyword in ("ins", "additional_ins"):
            ins = self.keyword(keyword)
            if isinstance(ins, nodes.Dict):
                for key_node, _ in ins.items:
                    if isinstance(key_node, nodes.Const) and isinstance(key_node.value, str):
                        keys.add(key_node.value)
        return frozenset(keys)

    @cached_property
    def parameter_names(self) -> frozenset[str]:
        """Every parameter name of the function, ``*args`` and ``**kwargs`` included."""
        arguments = self.function.args
        named = [
            *(arguments.posonlyargs or []),
            *(arguments.args or []),
            *(arguments.kwonlyargs or []),
        ]
        starred = {name for name in (arguments.vararg, arguments.kwarg) if name}
        return frozenset(p.name for p in named) | starred

    @cached_property
    def deps_entries(self) -> tuple[nodes.NodeNG, ...]:
        deps = self.keyword("deps")
        if isinstance(deps, (nodes.List, nodes.Tuple, nodes.Set)):
            return tuple(deps.elts)
        return ()

    def input_parameters(self) -> list[nodes.AssignName]:
        """Parameters Dagster would turn into upstream inputs, by their position rules.

        Keyword-only parameters, ``*args``/``**kwargs`` and the ``context``/``config``
        parameters are never inputs. Positional-only parameters are an op's inputs but no
        asset's: Dagster 1.13 gives them no asset key, so they never name an upstream asset.
        """
        arguments = self.function.args
        positional_only = [] if self.is_asset else list(arguments.posonlyargs or [])
        return [
            parameter
            for parameter in [*positional_only, *(arguments.args or [])]
            if parameter.name not in NON_INPUT_PARAMETERS
        ]


def key_segments(node: nodes.NodeNG | None) -> frozenset[str]:
    """Last asset-key segment named by a literal key expression: ``"a"``, ``["s", "a"]``,
    ``AssetKey("a")``, ``AssetKey(["s", "a"])``; empty when it is not a literal."""
    if isinstance(node, (nodes.List, nodes.Tuple)) and node.elts:
        return key_segments(node.elts[-1])
    if isinstance(node, nodes.Call):
        if names.call_dagster_name(node) in {"AssetKey", "AssetKey.from_user_string"}:
            return key_segments(key_argument(node))
        return frozenset()
    if isinstance(node, nodes.Const):
        segment = names.last_key_segment(node.value)
        return frozenset({segment}) if segment else frozenset()
    return frozenset()


def key_argument(call: nodes.NodeNG) -> nodes.NodeNG | None:
    """The argument that names the asset key in a call of ``names.KEY_ARGUMENTS``
    (``AssetSpec("orders")``, ``AssetOut(key=...)``, ``AssetDep(orders)``), or None."""
    if not isinstance(call, nodes.Call):
        return None
    where = names.KEY_ARGUMENTS.get(names.call_dagster_name(call) or "")
    return _call_keyword_or_arg(call, *where) if where else None


def _call_keyword_or_arg(call: nodes.NodeNG, keyword: str, position: int) -> nodes.NodeNG | None:
    if not isinstance(call, nodes.Call):
        return None
    value = names.keyword_argument(call, keyword)
    if value is None and len(call.args) > position:
        value = call.args[position]
    return value


def decorator_kind(decorator: nodes.NodeNG) -> str | None:
    """``asset`` for ``@dg.asset``, ``@dg.asset(...)``, ``@asset``, ``@a`` (aliased)..."""
    target = decorator.func if isinstance(decorator, nodes.Call) else decorator
    kind = names.dagster_name(target)
    return kind if kind in DEFINITION_DECORATORS else None


def _definition_of(function: nodes.FunctionDef) -> Definition | None:
    if not function.decorators:
        return None
    for decorator in function.decorators.nodes:
        kind = decorator_kind(decorator)
        if kind:
            keywords = (
                {k.arg: k.value for k in decorator.keywords or () if k.arg}
                if isinstance(decorator, nodes.Call)
                else {}
            )
            return Definition(kind, function, decorator, keywords)
    return None


class DagsterModule:
    """The Dagster view of one module; build it with ``dagster_module(node)``."""

    def __init__(self, module: nodes.Module) -> None:
        self.module = module
        self.is_dagster = _imports_dagster(module)
        self.definitions: dict[nodes.FunctionDef, Definition] = {}
        #: Module-level names bound to asset definitions (decorated functions, AssetSpec...).
        self.asset_objects: dict[str, nodes.NodeNG] = {}
        self._asset_keys: set[str] = set()
        #: Names bound at module level by ``from x import y`` of a non-Dagster module: the
        #: only other way a name can refer to an asset defined elsewhere in the project.
        self._imported_names: frozenset[str] = frozenset()
        self._definition_names: frozenset[str] = frozenset()
        if self.is_dagster:
            self._collect(module)
            self._imported_names = frozenset(
                name
                for name, bindings in module.locals.items()
                if any(
                    isinstance(b, nodes.ImportFrom)
                    and (b.level or not names.is_dagster_module_name(b.modname))
                    for b in bindings
                )
            )
            self._definition_names = frozenset(f.name for f in self.definitions)

    def _collect(self, module: nodes.Module) -> None:
        for statement in _statements(module):
            if isinstance(statement, nodes.FunctionDef):
                definition = _definition_of(statement)
                if definition:
                    self.definitions[statement] = definition
                    self._asset_keys |= definition.asset_keys
                    if definition.is_asset and statement.parent is module:
                        self.asset_objects[statement.name] = statement
            elif isinstance(statement, nodes.Assign) and isinstance(statement.value, nodes.Call):
                self._collect_asset_object(statement, module)

    def _collect_asset_object(self, assign: nodes.Assign, module: nodes.Module) -> None:
        call = assign.value
        if names.call_dagster_name(call) not in ASSET_OBJECT_CLASSES:
            return
        self._asset_keys |= key_segments(key_argument(call))
        if assign.parent is module:
            for target in assign.targets:
                if isinstance(target, nodes.AssignName):
                    self.asset_objects[target.name] = assign

    # Queries -------------------------------------------------------------------------

    def definition(self, function: nodes.NodeNG) -> Definition | None:
        return self.definitions.get(function)

    def enclosing_definition(self, node: nodes.NodeNG) -> Definition | None:
        """The Dagster definition whose body contains ``node`` (through nested functions)."""
        scope = node.scope()
        while scope is not None and not isinstance(scope, nodes.Module):
            if isinstance(scope, nodes.FunctionDef) and scope in self.definitions:
                return self.definitions[scope]
            scope = scope.parent.scope() if scope.parent else None
        return None

    def may_name_definition(self, name: str) -> bool:
        """Cheap filter before ``definition_referenced_by``: False means it surely is not."""
        return name in self._definition_names or name in self._imported_names

    def may_name_asset_object(self, name: str) -> bool:
        """Cheap filter before ``asset_object_referenced_by``: False means it surely is not."""
        return name in self.asset_objects or name in self._imported_names

    def asset_keys_of(self, name: nodes.Name) -> frozenset[str]:
        """The asset keys a name referring to an asset definition stands for (its own name
        when the definition sets no other key)."""
        referenced = self.definition_referenced_by(name)
        if isinstance(referenced, Definition) and referenced.is_asset:
            return referenced.asset_keys
        asset_object = self.asset_object_referenced_by(name)
        if isinstance(asset_object, nodes.Assign):
            keys = key_segments(key_argument(asset_object.value))
            if keys:
                return keys
        return frozenset({name.name})

    def keys_named_by(self, entry: nodes.NodeNG) -> frozenset[str]:
        """Asset keys (last segments) a ``deps``/``selection`` entry names."""
        if isinstance(entry, nodes.Name):
            return self.asset_keys_of(entry) | {entry.name}
        if isinstance(entry, nodes.Attribute):
            if entry.attrname == "key":
                return self.keys_named_by(entry.expr)
            return frozenset({entry.attrname})
        if isinstance(entry, nodes.Call):
            callee = names.call_dagster_name(entry)
            if callee in {"AssetDep", "AssetIn"}:
                return self.keys_named_by(key_argument(entry))
            if callee in ASSET_OBJECT_CLASSES:
                return key_segments(key_argument(entry))
        return key_segments(entry)

    @cached_property
    def imported_modules(self) -> frozenset[str]:
        return frozenset(_imported_modules(self.module))

    def imports(self, package: str) -> bool:
        """Whether the module imports ``package`` or one of its submodules (anywhere)."""
        return any(
            modname == package or modname.startswith(package + ".")
            for modname in self.imported_modules
        )

    def is_asset_key(self, name: str) -> bool:
        """True when an asset with this key (last segment) is defined in the module or in
        any module of the project around it."""
        return name in self._asset_keys or name in project.asset_keys_near(self.module)

    def definition_referenced_by(self, name: nodes.Name) -> Definition | project.ImportedDefinition | None:
        """The Dagster definition a name refers to where it is used: a decorated function of
        this module, or one imported from another module of the project."""
        _, bindings = name.lookup(name.name)
        if not bindings:
            return None
        binding = bindings[-1]
        if isinstance(binding, nodes.FunctionDef):
            return self.definitions.get(binding)
        if isinstance(binding, nodes.ImportFrom):
            qualified = names.qualified_name(name)
            return project.imported_definition(self.module, qualified) if qualified else None
        return None

    def asset_object_referenced_by(self, name: nodes.Name) -> nodes.NodeNG | None:
        """The module-level asset definition (function or AssetSpec/SourceAsset assignment)
        a name refers to where it is used, or None when it is bound to anything else."""
        _, bindings = name.lookup(name.name)
        if not bindings:
            return None
        binding = bindings[-1]
        if isinstance(binding, nodes.FunctionDef):
            return binding if self.asset_objects.get(binding.name) is binding else None
        if isinstance(binding, nodes.AssignName) and binding.scope() is self.module:
            statement = binding.statement()
            return statement if self.asset_objects.get(binding.name) is statement else None
        if isinstance(binding, nodes.ImportFrom):
            qualified = names.qualified_name(name)
            imported = project.imported_definition(self.module, qualified) if qualified else None
            return binding if imported is not None and imported.is_asset else None
        return None

    @cached_property
    def sensor_evaluation_functions(self) -> dict[nodes.FunctionDef | nodes.Lambda, Definition]:
        """Functions given to ``SensorDefinition(name, evaluation_fn=...)`` outside any function
        body, by name or as a lambda, each as a ``sensor`` definition whose keywords are the
        constructor's."""
        found: dict[nodes.FunctionDef | nodes.Lambda, Definition] = {}
        calls = self.module.nodes_of_class(nodes.Call, skip_klass=(nodes.FunctionDef, nodes.ClassDef))
        for call in calls:
            if names.call_dagster_name(call) != "SensorDefinition":
                continue
            function = _call_keyword_or_arg(call, "evaluation_fn", 1)
            if isinstance(function, nodes.Name):
                _, bindings = function.lookup(function.name)
                function = bindings[-1] if bindings else None
            if isinstance(function, (nodes.FunctionDef, nodes.Lambda)):
                keywords = {k.arg: k.value for k in call.keywords or () if k.arg}
                found[function] = Definition("sensor", function, call, keywords)
        return found

    def enclosing_sensor(self, node: nodes.NodeNG) -> Definition | None:
        """The sensor whose evaluation function contains ``node`` (through nested functions):
        a ``@sensor``-family definition or a function given to ``SensorDefinition``. None
        when the innermost enclosing definition is not a sensor."""
        scope = node.scope()
        while scope is not None and not isinstance(scope, nodes.Module):
            if isinstance(scope, (nodes.FunctionDef, nodes.Lambda)):
                definition = self.definitions.get(scope) or (
                    self.sensor_evaluation_functions.get(scope) if self.is_dagster else None
                )
                if definition is not None:
                    return definition if definition.kind in SENSOR_DECORATORS else None
            scope = scope.parent.scope() if scope.parent else None
        return None


#: Modules whose classes annotate plain data, never a resource or a context.
DATA_MODULES = frozenset(
    {
        "typing", "typing_extensions", "collections", "datetime", "decimal", "pathlib",
        "pandas", "polars", "numpy", "pyarrow", "duckdb", "pyspark", "uuid", "enum",
    }
)
BUILTIN_DATA_TYPES = frozenset(
    {"str", "int", "float", "bool", "bytes", "list", "dict", "set", "tuple", "frozenset", "object"}
)


def annotation_role(annotation: nodes.NodeNG | None) -> str:
    """How Dagster reads a parameter with this annotation: ``"data"`` (an input),
    ``"dagster"`` (a resource, config or context) or ``"unknown"``.

    Unknown covers classes imported from the user's own project (they may well be resources)
    and string annotations: checks that need ``"data"`` stay silent on them.
    """
    if annotation is None:
        return "data"
    if isinstance(annotation, nodes.Const):
        return "data" if annotation.value is None else "unknown"
    if isinstance(annotation, nodes.Subscript):
        outer = annotation_role(annotation.value)
        if outer == "dagster":
            return "dagster"
        inner = annotation.slice
        members = inner.elts if isinstance(inner, nodes.Tuple) else [inner]
        roles = {annotation_role(member) for member in members}
        if "dagster" in roles:
            return "dagster"
        return "data" if outer == "data" and roles <= {"data"} else "unknown"
    if isinstance(annotation, nodes.BinOp) and annotation.op == "|":
        roles = {annotation_role(annotation.left), annotation_role(annotation.right)}
        if "dagster" in roles:
            return "dagster"
        return "data" if roles == {"data"} else "unknown"
    if isinstance(annotation, (nodes.Name, nodes.Attribute)):
        return _class_role(annotation)
    return "unknown"


def _class_role(reference: nodes.Name | nodes.Attribute, depth: int = 0) -> str:
    qualified = names.qualified_name(reference)
    if qualified:
        if names.is_dagster_module_name(qualified):
            return "dagster"
        return "data" if qualified.split(".", 1)[0] in DATA_MODULES else "unknown"
    if not isinstance(reference, nodes.Name):
        return "unknown"
    _, bindings = reference.lookup(reference.name)
    if not bindings:
        return "data" if reference.name in BUILTIN_DATA_TYPES else "unknown"
    binding = bindings[-1]
    if isinstance(binding, nodes.ClassDef) and depth < 8:
        roles = {
            _class_role(base, depth + 1)
            for base in binding.bases
            if isinstance(base, (nodes.Name, nodes.Attribute))
        }
        if "dagster" in roles:
            return "dagster"
        return "data" if roles <= {"data"} else "unknown"
    return "unknown"


#: Dagster's base classes of Pythonic resources, whose fields take ``dg.EnvVar``.
RESOURCE_BASE_CLASSES = frozenset(
    {"ConfigurableResource", "ConfigurableIOManager", "ConfigurableIOManagerFactory"}
)


def is_resource_class(node: nodes.NodeNG, depth: int = 0) -> bool:
    """True for a class, or a name of one, that is a Dagster Pythonic resource.

    That is ``dg.ConfigurableResource`` and its kin, a class of the module deriving from them
    (directly or through other classes of the module), or a class imported from a
    ``dagster_*`` integration package whose name ends in ``Resource`` or ``IOManager``
    (``dagster_snowflake.SnowflakeResource``), which are all Pythonic resources.
    """
    if isinstance(node, nodes.ClassDef):
        return depth < 8 and any(is_resource_class(base, depth + 1) for base in node.bases)
    if not isinstance(node, (nodes.Name, nodes.Attribute)):
        return False
    qualified = names.qualified_name(node)
    if qualified:
        if names.dagster_name(node) in RESOURCE_BASE_CLASSES:
            return True
        top, _, rest = qualified.partition(".")
        return top.startswith("dagster_") and rest.endswith(("Resource", "IOManager"))
    if isinstance(node, nodes.Name):
        _, bindings = node.lookup(node.name)
        if bindings and isinstance(bindings[-1], nodes.ClassDef):
            return is_resource_class(bindings[-1], depth + 1)
    return False


def is_test_module(module: nodes.Module) -> bool:
    """True for a test module: ``test_*``, ``*_test``, ``conftest``, or a module of a ``tests``
    or ``*_tests`` package (Dagster's own layout), judged from its dotted name."""
    *packages, name = module.name.split(".")
    if name == "conftest" or name.startswith("test_") or name.endswith("_test"):
        return True
    return any(package in {"tests", "test"} or package.endswith("_tests") for package in packages)


def _statements(module: nodes.Module) -> Iterator[nodes.NodeNG]:
    """Every statement of a module, in its blocks and its function and class bodies.

    Definitions and imports live in bodies (the module, factories, if/try blocks), never
    inside expressions, so expressions are not descended into.
    """
    stack: list[nodes.NodeNG] = list(module.body)
    while stack:
        statement = stack.pop()
        yield statement
        for attribute in ("body", "orelse", "handlers", "finalbody"):
            children = getattr(statement, attribute, None)
            if isinstance(children, list):
                stack.extend(children)


def _imported_modules(module: nodes.Module) -> Iterator[str]:
    """The absolute names of the modules a module imports, in any block or function body."""
    for statement in _statements(module):
        if isinstance(statement, nodes.ImportFrom):
            if not statement.level:
                yield statement.modname
        elif isinstance(statement, nodes.Import):
            yield from (modname for modname, _ in statement.names)


def _imports_dagster(module: nodes.Module) -> bool:
    return any(names.is_dagster_module_name(modname) for modname in _imported_modules(module))


class ModelFailure:
    """Building the model of a module raised: kept so that it fails once, not once per node
    and checker, and so that the failure is reported once."""

    def __init__(self, error: BaseException) -> None:
        self.error_type = type(error).__name__
        self.reported = False


class ModelUnavailable(Exception):
    """The model of this module could not be built (see ``ModelFailure``)."""

    def __init__(self, failure: ModelFailure) -> None:
        super().__init__(f"the Dagster model of this module failed with {failure.error_type}")
        self.failure = failure


_MODELS: weakref.WeakKeyDictionary[nodes.Module, DagsterModule | ModelFailure] = (
    weakref.WeakKeyDictionary()
)


def dagster_module(node: nodes.NodeNG) -> DagsterModule:
    """The (cached) Dagster model of the module that contains ``node``.

    Raises ``ModelUnavailable`` when building it failed (now or before, for this module).
    """
    module = node.root()
    model = _MODELS.get(module)
    if model is None:
        try:
            model = _MODELS[module] = DagsterModule(module)
        except (RecursionError, Exception) as error:
            _MODELS[module] = failure = ModelFailure(error)
            raise ModelUnavailable(failure) from error
    if isinstance(model, ModelFailure):
        raise ModelUnavailable(model)
    return model


def defines_dagster_objects(model: DagsterModule) -> bool:
    """True when the module defines something a Dagster code location loads: a decorated
    definition, a Dagster object built by a module-level statement (``Definitions``,
    ``define_asset_job``, ``AssetSpec``, a resource...) or a subclass of a Dagster class.

    A module that only imports a Dagster helper (a script calling ``dg.materialize`` in its
    ``__main__`` block, a test) is not one.
    """
    if not model.is_dagster:
        return False
    if model.definitions:
        return True
    for statement in model.module.body:
        if isinstance(statement, (nodes.Assign, nodes.AnnAssign, nodes.Expr)):
            if names.call_dagster_name(statement.value):
                return True
        elif isinstance(statement, nodes.ClassDef):
            if any(names.dagster_name(base) for base in statement.bases):
                return True
    return False


# Which check judges an asset's input parameter ---------------------------------------------

#: Kinds of definitions whose positional parameters Dagster loads from upstream assets (an
#: ``@asset_check`` loads its target asset into its one parameter whatever its name, an
#: ``@observable_source_asset`` takes no inputs).
ASSET_INPUT_KINDS = frozenset({"asset", "multi_asset", "graph_asset", "graph_multi_asset"})

#: Airflow's template variables, which ``airflow-context-parameter`` reports on assets (the
#: keys of ``checkers.parameters.AIRFLOW_CONTEXT_PARAMETERS``, which says what replaces each).
AIRFLOW_TEMPLATE_PARAMETERS = frozenset(
    {
        "ds", "ds_nodash", "ts", "execution_date", "logical_date", "data_interval_start",
        "data_interval_end", "prev_ds", "next_ds", "ti", "task_instance", "dag_run", "params",
        "conf", "dag", "task",
    }
)


def asset_input_parameters(definition: Definition) -> list[nodes.AssignName]:
    """The parameters Dagster loads from upstream assets, each from the asset named after it
    (unless ``ins`` maps it): positional-or-keyword parameters other than ``context``,
    ``config``, ``_``. Positional-only parameters are not asset inputs (Dagster 1.13 makes them
    op inputs with no asset key), nor are keyword-only ones, ``*args`` and ``**kwargs``."""
    if definition.kind not in ASSET_INPUT_KINDS:
        return []
    return definition.input_parameters()


def parameter_annotation(parameter: nodes.AssignName) -> nodes.NodeNG | None:
    """The annotation of a function's parameter, or None."""
    arguments = parameter.parent
    if not isinstance(arguments, nodes.Arguments):
        return None
    for parameters, annotations in (
        (arguments.posonlyargs, arguments.posonlyargs_annotations),
        (arguments.args, arguments.annotations),
        (arguments.kwonlyargs, arguments.kwonlyargs_annotations),
    ):
        for candidate, annotation in zip(parameters or [], annotations or []):
            if candidate is parameter:
                return annotation
    return None


def input_parameter_judge(
    definition: Definition, parameter: nodes.AssignName, model: DagsterModule
) -> str | None:
    """The one message that judges whether an asset's input parameter (one of
    ``asset_input_parameters``) names an upstream asset, so that a parameter gets one finding:

    - ``airflow-context-parameter``: a name of Airflow's template variables (``ds``, ``ti``...)
      on a compute asset (``@asset``, ``@multi_asset``);
    - ``deps-value-expected``: any other data parameter of an ``@asset``/``@multi_asset`` with
      ``deps=[...]`` that no ``deps`` entry names (the upstream is probably in ``deps``);
    - ``asset-input-not-produced``: every other data parameter.

    None where no check judges it: a parameter mapped by ``ins`` (its ``AssetIn`` is judged
    instead) or annotated with anything but plain data (a resource, or a class the linter
    cannot see). Each check still decides whether its parameter is at fault.
    """
    name = parameter.name
    if name in definition.ins_keys:
        return None
    if definition.is_compute and name in AIRFLOW_TEMPLATE_PARAMETERS:
        return "airflow-context-parameter"
    if annotation_role(parameter_annotation(parameter)) != "data":
        return None
    if definition.kind in {"asset", "multi_asset"} and definition.deps_entries:
        deps_keys: set[str] = set()
        for entry in definition.deps_entries:
            deps_keys |= model.keys_named_by(entry)
        if name not in deps_keys:
            return "deps-value-expected"
    return "asset-input-not-produced"


#: Prefect's task-submission methods (``extract.submit()``, ``score.map(ids)``).
PREFECT_SUBMISSION_METHODS = frozenset({"submit", "map"})


def is_prefect_submission(attribute: nodes.Attribute) -> bool:
    """Whether ``attribute`` is called as Prefect submits a task (``extract.submit(...)``,
    ``extract.map(...)``). On a name bound to an asset or op definition that is Prefect's
    runtime API, which ``foreign-runtime-api`` reports, anywhere; ``asset-object-used-as-data``
    leaves it alone, so the call gets one finding. (``.map`` on what an op call returns, a
    dynamic output in a graph, is Dagster's own and neither's business.)"""
    call = attribute.parent
    return (
        attribute.attrname in PREFECT_SUBMISSION_METHODS
        and isinstance(call, nodes.Call)
        and call.func is attribute
    )


# Methods called on asset definitions -----------------------------------------------------

#: Kinds of definitions whose decorated name is bound to an ``AssetsDefinition`` (an
#: ``@observable_source_asset`` makes a ``SourceAsset``).
ASSETS_DEFINITION_KINDS = frozenset({"asset", "multi_asset", "graph_asset", "graph_multi_asset"})
#: Dagster calls that return an ``AssetsDefinition``.
ASSETS_DEFINITION_FACTORIES = frozenset({"AssetsDefinition.from_graph", "AssetsDefinition.from_op"})
#: ``AssetsDefinition`` methods the signature table judges, with their key in that table.
ASSETS_DEFINITION_METHODS = {"with_attributes": "AssetsDefinition.with_attributes"}
#: How many assignments and ``with_attributes`` calls a receiver is followed through.
_RECEIVER_DEPTH = 4


def assets_definition_method(call: nodes.Call, model: DagsterModule) -> str | None:
    """The signature-table key of a call of an ``AssetsDefinition`` method on what the module
    binds to an asset definition (``orders.with_attributes(...)`` after ``@dg.asset def
    orders``): ``"AssetsDefinition.with_attributes"``. None when the receiver is anything
    else or cannot be told from the module alone."""
    func = call.func
    if not isinstance(func, nodes.Attribute) or func.attrname not in ASSETS_DEFINITION_METHODS:
        return None
    if not is_assets_definition(func.expr, model):
        return None
    return ASSETS_DEFINITION_METHODS[func.attrname]


def is_assets_definition(node: nodes.NodeNG, model: DagsterModule, depth: int = 0) -> bool:
    """Whether ``node`` is surely an ``AssetsDefinition``: the name of a function of the
    module decorated with ``@asset``, ``@multi_asset``, ``@graph_asset`` or
    ``@graph_multi_asset`` alone, ``dg.asset(...)(fn)``, ``dg.AssetsDefinition.from_graph(...)``
    and ``from_op``, another asset definition's ``with_attributes(...)``, or a name assigned
    one of these."""
    if depth > _RECEIVER_DEPTH:
        return False
    if isinstance(node, nodes.Call):
        if names.call_dagster_name(node) in ASSETS_DEFINITION_FACTORIES:
            return True
        if isinstance(node.func, nodes.Call):  # dg.asset(name="x")(compute)
            return names.call_dagster_name(node.func) in ASSETS_DEFINITION_KINDS
        if isinstance(node.func, nodes.Attribute) and node.func.attrname == "with_attributes":
            return is_assets_definition(node.func.expr, model, depth + 1)
        return False
    if not isinstance(node, nodes.Name):
        return False
    _, bindings = node.lookup(node.name)
    binding = bindings[-1] if bindings else None
    if isinstance(binding, nodes.FunctionDef):
        definition = model.definition(binding)
        # Another decorator around the Dagster one may return anything.
        return (
            definition is not None
            and definition.kind in ASSETS_DEFINITION_KINDS
            and len(binding.decorators.nodes) == 1
        )
    value = names.assigned_value(node)
    return value is not None and is_assets_definition(value, model, depth + 1)


# The project around a module, for checks that judge the asset graph as a whole -------------

# Imported here, not at the top, so that the section stays an append to the module.
from pathlib import Path  # noqa: E402  pylint: disable=wrong-import-position,wrong-import-order

from pylint_dagster_migration import asset_graph  # noqa: E402  pylint: disable=wrong-import-position
from pylint_dagster_migration.asset_graph import (  # noqa: E402  pylint: disable=wrong-import-position
    AssetCatalog,
    Registry,
)
from pylint_dagster_migration.project_root import (  # noqa: E402  pylint: disable=wrong-import-position
    project_root,
)


def literal_asset_key(node: nodes.NodeNG | None) -> tuple[str, ...] | None:
    """The full path of the asset key a literal spells, as Dagster coerces it: a string is one
    segment, a list or tuple of strings the path, ``AssetKey(...)`` and
    ``AssetKey.from_user_string("a/b")`` what they say (``module_index.literal_key``'s rule on
    astroid's tree). None for anything else."""
    if isinstance(node, nodes.Const) and isinstance(node.value, str) and node.value:
        return (node.value,)
    if isinstance(node, (nodes.List, nodes.Tuple)) and node.elts:
        path = tuple(
            element.value
            for element in node.elts
            if isinstance(element, nodes.Const) and isinstance(element.value, str) and element.value
        )
        return path if len(path) == len(node.elts) else None
    if isinstance(node, nodes.Call):
        callee = names.call_dagster_name(node)
        argument = key_argument(node)
        if callee == "AssetKey":
            return literal_asset_key(argument)
        if callee == "AssetKey.from_user_string":
            if isinstance(argument, nodes.Const) and isinstance(argument.value, str):
                return tuple(argument.value.split("/"))
    return None


def spelled_asset_key(expression: nodes.NodeNG | None) -> tuple[str, ...] | None:
    """The literal key an expression spells, directly or through a name bound to a literal
    (``RAW = "raw_orders"``); None for anything computed, and for a segment holding ``/``,
    which is no valid name (Dagster rejects it at load, so no key-level check judges it)."""
    key = literal_asset_key(expression)
    if key is None and isinstance(expression, nodes.Name):
        key = literal_asset_key(names.assigned_value(expression))
    if key is None or any("/" in segment for segment in key):
        return None
    return key


class ProjectView:
    """The project a linted module belongs to, as the project-wide checks see it: its asset
    keys and which modules its code locations load (see ``project_view``). Each is read from
    the project index when a check first asks for it: a module with nothing to judge against
    the project never pays for decoding it."""

    __slots__ = ("root", "path", "_linted", "_source", "_external", "_catalog", "_registry")

    def __init__(
        self, root: Path, linted: Path, source: bytes | None, external: list[tuple[str, ...]]
    ) -> None:
        self.root = root
        self.path = str(linted)
        self._linted = linted
        self._source = source
        self._external = external
        self._catalog: AssetCatalog | None = None
        self._registry: Registry | None = None

    @property
    def catalog(self) -> AssetCatalog:
        if self._catalog is None:
            self._catalog = asset_graph.catalog_for(self.root, self._linted, self._source, self._external)
        return self._catalog

    @property
    def registry(self) -> Registry:
        if self._registry is None:
            self._registry = asset_graph.registry_for(self.root, self._linted, self._source)
        return self._registry

    @property
    def in_code_location(self) -> bool:
        """Whether a ``Definitions`` or loader of the project reaches the module (its own,
        its package's, a defs folder's...): only then does a broken asset make a code
        location fail to load."""
        return self.path in self.registry.in_code_location


def project_view(config: object, module: nodes.Module) -> ProjectView | None:
    """The project around ``module`` with the options of ``unknown-asset-dependency``
    (``dagster-project-root``, ``dagster-external-asset-keys``) read from pylint's ``config``;
    None for a module that is not a file on disk (an unsaved buffer) or is a test."""
    if not module.file or not module.file.endswith(".py") or not Path(module.file).exists():
        return None
    linted = Path(module.file).resolve()
    if is_test_module(module) or asset_graph.is_test_path(Path(linted.name)):
        return None
    configured = getattr(config, "dagster_project_root", "")
    root = Path(configured).resolve() if configured else project_root(linted.parent)
    source = module.file_bytes
    if isinstance(source, str):
        source = source.encode("utf-8")
    external = [tuple(key.split("/")) for key in getattr(config, "dagster_external_asset_keys", ())]
    return ProjectView(root, linted, source, external)
