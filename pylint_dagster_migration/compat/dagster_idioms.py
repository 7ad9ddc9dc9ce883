"""Dagster's idioms that pylint's own checks take for mistakes, one rule per idiom.

Each rule gets the node and the arguments of one message (see ``suppressions``) and says
whether that message is a false alarm on a Dagster idiom. The Dagster construct is recognised
from the module's imports through the shared model (``model.dagster_module``), never by
inferring into Dagster, so every rule works where Dagster is not installed. Where a rule needs
another module (the op a job imports, the class a parameter is annotated with), it reads the
node pylint found there and judges it by that module's model and imports. A rule that cannot
tell, or meets a node it does not expect, keeps the message.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from astroid import bases, nodes
from astroid.exceptions import InferenceError
from pylint.checkers.design_analysis import STDLIB_CLASSES_IGNORE_ANCESTOR
from pylint.checkers.utils import safe_infer

from pylint_dagster_migration import names, project
from pylint_dagster_migration.compat import suppressions
from pylint_dagster_migration.model import (
    ASSET_INPUT_KINDS,
    RESOURCE_BASE_CLASSES,
    Definition,
    DagsterModule,
    annotation_role,
    dagster_module,
    key_argument,
    key_segments,
    parameter_annotation,
)

#: Definitions whose parameters Dagster loads from the upstream asset with the same key.
_LOADED_BY_NAME = ASSET_INPUT_KINDS | {"multi_asset_check"}
#: Names Dagster takes for an op's context when it is the first parameter
#: (``dagster._core.decorator_utils.get_valid_name_permutations("context")``).
_CONTEXT_NAMES = frozenset({"context", "_context", "context_", "_"})
#: Decorators whose definition may be invoked directly with only a context (tests do), with
#: the function that builds that context.
_INVOKED_WITH_CONTEXT = {
    "sensor": "build_sensor_context",
    "multi_asset_sensor": "build_multi_asset_sensor_context",
    "schedule": "build_schedule_context",
}
#: Dagster's component field resolvers, which call their function as ``fn(context, value)``.
_RESOLVERS = frozenset(
    {"Resolver", "Resolver.from_model", "components.Resolver", "components.Resolver.from_model"}
)
#: How deep a class hierarchy of the module is followed.
_MAX_DEPTH = 8


def register() -> None:
    """Add this module's rules to ``suppressions.RULES`` (once, whatever else is there)."""
    for symbol, rule in (
        ("redefined-outer-name", parameter_named_after_its_upstream_asset),
        ("no-value-for-parameter", op_argument_dagster_supplies),
        ("too-many-function-args", sensor_invoked_with_its_context),
        ("too-many-ancestors", ancestors_are_dagsters),
        ("too-few-public-methods", methods_inherited_from_dagster),
        ("too-many-arguments", parameters_dagster_injects),
        ("too-many-positional-arguments", parameters_dagster_injects),
        ("unused-argument", resolver_callback_parameter),
    ):
        rules = suppressions.RULES.get(symbol, ())
        if rule not in rules:
            suppressions.RULES[symbol] = (*rules, rule)


def _model(node: nodes.NodeNG | None) -> DagsterModule | None:
    """The model of a module that imports Dagster, or None (messages elsewhere are kept)."""
    if not isinstance(node, nodes.NodeNG):
        return None
    model = dagster_module(node)
    return model if model.is_dagster else None


# redefined-outer-name -------------------------------------------------------------------


def parameter_named_after_its_upstream_asset(node: nodes.NodeNG | None, args: object) -> bool:
    """An asset's parameter named after the upstream asset, defined in the module, that it
    receives: ``@asset def order_count(orders)`` under ``@asset def orders()``.

    Dagster loads an asset's (``@multi_asset``, ``@graph_asset``, ``@multi_asset_check``...)
    input from the asset whose key is the parameter's name, so the name has to repeat the
    upstream asset's; an ``@asset_check`` receives its target asset, named after it by custom.
    A parameter mapped by ``ins`` to another key, a resource, a local variable and a plain
    function's parameter keep the message.
    """
    if not isinstance(node, nodes.AssignName) or not isinstance(node.parent, nodes.Arguments):
        return False
    model = _model(node)
    function = node.parent.parent
    definition = model.definition(function) if model else None
    if definition is None or _first(args) != node.name:
        return False
    outer_keys = _module_asset_keys(node.name, model)
    loaded = _loaded_keys(definition, node, model)
    return bool(outer_keys and loaded and outer_keys & loaded)


def _first(args: object) -> object:
    return args[0] if isinstance(args, tuple) and args else args


def _module_asset_keys(name: str, model: DagsterModule) -> frozenset[str]:
    """The asset keys of the module-level asset definition bound to ``name``, if any."""
    bound = model.asset_objects.get(name)
    if isinstance(bound, nodes.FunctionDef):
        return model.definitions[bound].asset_keys
    if isinstance(bound, nodes.Assign):
        return key_segments(key_argument(bound.value))
    return frozenset()


def _loaded_keys(
    definition: Definition, parameter: nodes.AssignName, model: DagsterModule
) -> frozenset[str]:
    """The asset keys (last segments) Dagster loads into ``parameter``; empty when it loads
    none or the module does not say."""
    if definition.has_keyword_expansion or parameter not in _data_parameters(definition):
        return frozenset()
    if _annotation_kind(parameter_annotation(parameter)) != "data":
        return frozenset()  # a resource, or a class the module does not explain
    if definition.kind in _LOADED_BY_NAME:
        return _mapped_keys(definition, "ins", parameter.name)
    if definition.kind == "asset_check":
        if definition.keyword("additional_ins") is not None:
            return _mapped_keys(definition, "additional_ins", parameter.name)
        target = definition.keyword("asset")
        return model.keys_named_by(target) if target is not None else frozenset()
    return frozenset()


def _data_parameters(definition: Definition) -> list[nodes.AssignName]:
    arguments = definition.function.args
    if definition.kind == "asset_check":
        return [
            p for p in [*(arguments.posonlyargs or []), *(arguments.args or [])]
            if p.name not in {"context", "_context", "_", "config"}
        ]
    return definition.input_parameters()


def _mapped_keys(definition: Definition, keyword: str, name: str) -> frozenset[str]:
    """The key a parameter loads given ``ins``/``additional_ins``: its own name unless the
    mapping gives it an ``AssetIn`` with another key; empty when the mapping is not literal."""
    mapping = definition.keyword(keyword)
    if mapping is None:
        return frozenset({name})
    if not isinstance(mapping, nodes.Dict):
        return frozenset()
    for key_node, value in mapping.items:
        if isinstance(key_node, nodes.Const) and key_node.value == name:
            if names.call_dagster_name(value) != "AssetIn" or any(
                keyword.arg is None for keyword in value.keywords or ()
            ):
                return frozenset()
            key = key_argument(value)
            return frozenset({name}) if key is None else key_segments(key)
        if not isinstance(key_node, nodes.Const):  # ``**other`` or a computed key
            return frozenset()
    return frozenset({name})


# no-value-for-parameter -----------------------------------------------------------------


def op_argument_dagster_supplies(node: nodes.NodeNG | None, args: object) -> bool:
    """An op invoked in a ``@job``/``@graph``/``@graph_asset`` body without the arguments
    Dagster supplies: ``load(extract())`` for ``def load(context, config: LoadConfig, db:
    Warehouse, rows)``.

    In a composition body an op call wires inputs, not arguments: Dagster passes the context,
    the ``config`` and the resources at run time, and binds the positional arguments to the
    op's inputs, the others left out. A missing data input keeps the message: Dagster accepts
    the definition but then needs the input from run config or an input manager.
    """
    if not isinstance(node, nodes.Call) or not isinstance(args, tuple) or len(args) != 2:
        return False
    missing = _quoted_name(args[0])
    model = _model(node)
    enclosing = model.enclosing_definition(node) if model and missing else None
    if enclosing is None or not enclosing.is_composition:
        return False
    function = _invoked_definition(node, model, "op")
    if function is None:
        return False
    roles = _op_parameter_roles(function)
    role = roles.get(missing)
    if role in {"context", "config", "resource"}:
        return True
    if role != "input" or "unknown" in roles.values():
        return False
    return _input_bound(node, [name for name, r in roles.items() if r == "input"], missing)


def _quoted_name(text: object) -> str | None:
    """``name`` from pylint's ``'name'`` (None for ``<tuple>`` or anything else)."""
    if isinstance(text, str) and len(text) > 2 and text[0] == text[-1] == "'":
        return text[1:-1]
    return None


def _invoked_definition(
    call: nodes.Call, model: DagsterModule, *kinds: str
) -> nodes.FunctionDef | None:
    """The function of the definition of one of ``kinds`` that ``call`` invokes: one of the
    module, through its model, or one of another module (imported by name or reached through
    its module), found where pylint found it and judged by that module's model."""
    func = call.func
    if isinstance(func, nodes.Name):
        referenced = model.definition_referenced_by(func)
        if isinstance(referenced, Definition):
            return referenced.function if referenced.kind in kinds else None
        if not isinstance(referenced, project.ImportedDefinition) and not _imported(func):
            return None
    elif not isinstance(func, nodes.Attribute) or names.dagster_name(func):
        return None  # a call of a call, or Dagster's own API
    function = safe_infer(func)
    if not isinstance(function, nodes.FunctionDef) or _in_dagster(function, model.module):
        return None
    definition = dagster_module(function).definition(function)
    return function if definition is not None and definition.kind in kinds else None


def _imported(name: nodes.Name) -> bool:
    """Whether ``name`` is bound by an import of a module that is not Dagster's."""
    qualified = names.qualified_name(name)
    return bool(qualified) and not names.dagster_name(name)


def _op_parameter_roles(function: nodes.FunctionDef) -> dict[str, str]:
    """What Dagster makes of each parameter of an op: ``context`` (a first parameter so
    named), ``config``, ``resource`` (annotated with a resource class or ``ResourceParam``),
    ``input`` (positional), ``keyword`` (a keyword-only input), or ``unknown`` (a positional
    parameter whose annotation the module does not explain)."""
    arguments = function.args
    positional = [*(arguments.posonlyargs or []), *(arguments.args or [])]
    roles: dict[str, str] = {}
    for index, parameter in enumerate([*positional, *(arguments.kwonlyargs or [])]):
        kind = _annotation_kind(parameter_annotation(parameter))
        if index == 0 and parameter.name in _CONTEXT_NAMES:
            roles[parameter.name] = "context"
        elif parameter.name == "config":
            roles[parameter.name] = "config"
        elif kind == "resource":
            roles[parameter.name] = "resource"
        elif index >= len(positional):
            roles[parameter.name] = "keyword"
        else:
            roles[parameter.name] = "input" if kind == "data" else "unknown"
    return roles


def _annotation_kind(annotation: nodes.NodeNG | None) -> str:
    """How Dagster reads a parameter with this annotation: ``resource``, ``data`` or
    ``unknown``.

    A resource is annotated with ``ResourceParam[...]`` or a class deriving from Dagster's
    resource classes (``ConfigurableResource``, an integration's ``FivetranWorkspace`` or
    ``PipesK8sClient``...); data with nothing, a builtin, a class of a data library, or any
    class (of the module, the project or a library) none of whose ancestors is Dagster's.
    """
    if isinstance(annotation, nodes.Subscript):
        if names.dagster_name(annotation.value) == "ResourceParam":
            return "resource"
    if annotation_role(annotation) == "data":
        return "data"
    if not isinstance(annotation, (nodes.Name, nodes.Attribute)):
        return "unknown"
    if _is_dagster_name(annotation):
        dagster_bases, unresolved = [annotation], False
    else:
        cls = _class_named(annotation)
        hierarchy = _Hierarchy.of(cls) if cls is not None else _Hierarchy(unresolved=True)
        dagster_bases, unresolved = hierarchy.dagster, hierarchy.unresolved
    if any(_is_resource_base(base) for base in dagster_bases):
        return "resource"
    return "unknown" if dagster_bases or unresolved else "data"


def _class_named(reference: nodes.Name | nodes.Attribute) -> nodes.ClassDef | None:
    """The class a (non-Dagster) name refers to: a class of the module, or one pylint finds
    where the name was imported from."""
    if isinstance(reference, nodes.Name):
        _, bindings = reference.lookup(reference.name)
        if bindings and isinstance(bindings[-1], nodes.ClassDef):
            return bindings[-1]
    cls = safe_infer(reference)
    return cls if isinstance(cls, nodes.ClassDef) else None


#: Dagster's classes whose subclasses it injects as resources
#: (``dagster._core.definitions.resource_annotation._is_resource_annotation``; a legacy
#: ``IOManager`` is none).
_RESOURCE_BASES = RESOURCE_BASE_CLASSES | {
    "ConfigurableResourceFactory", "ResourceDefinition", "IOManagerDefinition",
    "TreatAsResourceParam",
}
#: Resource classes of Dagster's integration packages, by name: ``SnowflakeResource``,
#: ``S3PickleIOManager``, ``FivetranWorkspace``, ``PipesK8sClient``...
_INTEGRATION_RESOURCE = re.compile(r"(Resource|IOManager|Workspace)$|^Pipes\w*Client$")


def _is_resource_base(base: nodes.NodeNG) -> bool:
    """Whether a Dagster class (spelled in a module, or found in Dagster's) is a resource
    class: ``dg.ConfigurableResource``, ``dg.PipesSubprocessClient``,
    ``dagster_snowflake.SnowflakeResource``..."""
    if isinstance(base, nodes.ClassDef):
        qualified = f"{base.root().name}.{base.name}"
    else:
        qualified = names.qualified_name(base) or ""
    module, _, name = qualified.rpartition(".")
    if module.split(".", 1)[0] == "dagster":
        return name in _RESOURCE_BASES or bool(re.fullmatch(r"Pipes\w*Client|\w*Resource", name))
    return bool(_INTEGRATION_RESOURCE.search(name))


def _input_bound(call: nodes.Call, inputs: list[str], name: str) -> bool:
    """Whether Dagster binds the op input ``name`` in ``call``: by position among the op's
    inputs (the context, config and resources left out), or by keyword."""
    if any(isinstance(arg, nodes.Starred) for arg in call.args) or any(
        keyword.arg is None for keyword in call.keywords or ()
    ):
        return False
    if names.keyword_argument(call, name) is not None:
        return True
    return inputs.index(name) < len(call.args)


# too-many-function-args -----------------------------------------------------------------


def sensor_invoked_with_its_context(node: nodes.NodeNG | None, args: object) -> bool:
    """A sensor or schedule invoked with a context its function does not declare:
    ``my_sensor(dg.build_sensor_context())`` for ``@dg.sensor def my_sensor():``.

    Invoking a sensor or schedule definition (as tests do) takes one optional positional
    context whether or not the function declares it. Two positional arguments, a literal, or
    a context of another kind keep the message: Dagster rejects them.
    """
    del args  # the message says only "function call"
    if not isinstance(node, nodes.Call) or len(node.args) != 1 or node.keywords:
        return False
    model = _model(node)
    function = _invoked_definition(node, model, *_INVOKED_WITH_CONTEXT) if model else None
    if function is None:
        return False
    arguments = function.args
    if arguments.posonlyargs or arguments.args or arguments.vararg:
        return False
    kind = dagster_module(function).definition(function).kind
    return _may_be_context(node.args[0], builder=_INVOKED_WITH_CONTEXT[kind])


def _may_be_context(argument: nodes.NodeNG, builder: str) -> bool:
    """Whether ``argument`` may be the evaluation context ``builder`` builds: not a literal,
    a lambda, a comprehension, nor a context of another kind (``build_schedule_context()``
    for a sensor), directly or through the name it was assigned to."""
    if isinstance(argument, nodes.Name):
        argument = names.assigned_value(argument) or argument
    if isinstance(argument, nodes.Const):
        return argument.value is None  # Dagster builds a context for None
    if isinstance(argument, (nodes.Starred, nodes.Lambda, nodes.JoinedStr, nodes.BaseContainer,
                             nodes.Dict, nodes.ComprehensionScope)):
        return False
    built_by = names.call_dagster_name(argument) or ""
    return not re.fullmatch(r"build_\w*context", built_by) or built_by == builder


# too-many-ancestors ---------------------------------------------------------------------


def ancestors_are_dagsters(node: nodes.NodeNG | None, args: object) -> bool:
    """A class of the project whose ancestors are mostly Dagster's: ``class
    MyIOManager(dg.ConfigurableIOManager)`` has a dozen (pydantic's, ``IOManager``'s...).

    Counted as pylint's ``ignored-parents`` would count them with every Dagster class
    ignored, that is the project's own ancestors only: a deep hierarchy of the project's
    classes keeps the message, with or without a Dagster class at its root.
    """
    if not isinstance(node, nodes.ClassDef) or not isinstance(args, tuple) or len(args) != 2:
        return False
    limit = args[1]
    if not isinstance(limit, int) or _model(node) is None:
        return False
    hierarchy = _Hierarchy.of(node, stop_after=limit)
    # Without a Dagster class in the hierarchy pylint counted what it should.
    return bool(hierarchy.dagster) and len(hierarchy.own) <= limit


@dataclass
class _Hierarchy:
    """A class's ancestors, explored as pylint's ``too-many-ancestors`` explores them, up to
    Dagster's classes: those are recorded, never inferred into."""

    own: set[nodes.ClassDef] = field(default_factory=set)
    #: The Dagster classes reached: base expressions spelled with a Dagster name, or classes
    #: found in a Dagster module (re-exported by a module of the project).
    dagster: list[nodes.NodeNG] = field(default_factory=list)
    #: Whether some base could not be inferred.
    unresolved: bool = False

    @classmethod
    def of(cls, klass: nodes.ClassDef, stop_after: int = 32) -> _Hierarchy:
        """The hierarchy of ``klass``, its own classes counted until there are more than
        ``stop_after``."""
        hierarchy = cls()
        explored = list(hierarchy._bases(klass))
        while explored and len(hierarchy.own) <= stop_after:
            parent = explored.pop()
            if parent.qname() in STDLIB_CLASSES_IGNORE_ANCESTOR or parent in hierarchy.own:
                continue
            hierarchy.own.add(parent)
            explored.extend(hierarchy._bases(parent))
        return hierarchy

    def _bases(self, klass: nodes.ClassDef) -> Iterator[nodes.ClassDef]:
        """The classes ``klass``'s bases stand for, as astroid's ``ancestors(recurs=False)``,
        except Dagster's."""
        for base in klass.bases:
            spelled = base.value if isinstance(base, nodes.Subscript) else base
            if _is_dagster_name(spelled):
                self.dagster.append(spelled)
                continue
            found = False
            try:
                for inferred in base.infer():
                    if isinstance(inferred, bases.Instance):
                        inferred = inferred._proxied  # pylint: disable=protected-access
                    if not isinstance(inferred, nodes.ClassDef) or inferred.hide:
                        continue
                    found = True
                    if _in_dagster(inferred, klass.root()):
                        self.dagster.append(inferred)
                    else:
                        yield inferred
            except InferenceError:
                pass
            self.unresolved = self.unresolved or not found


def _is_dagster_name(node: nodes.NodeNG) -> bool:
    """``dg.Config``, ``ConfigurableResource``, ``dagster_dbt.DagsterDbtTranslator``...: a
    name the module imports from Dagster or one of its integration packages (not from the
    project's own package, however it is named)."""
    qualified = names.qualified_name(node)
    return bool(qualified) and _is_dagster_module(qualified, node.root())


def _in_dagster(found: nodes.NodeNG, linted: nodes.Module) -> bool:
    """Whether a class or function pylint found is defined in Dagster's modules."""
    return _is_dagster_module(found.root().name, linted)


def _is_dagster_module(dotted: str, linted: nodes.Module) -> bool:
    """``dagster``, ``dagster.*`` and the ``dagster_*`` integration packages, but not the
    project's own package named like one (``dagster_pipelines``): the linted module's
    top-level package, or a directory on the linted file's path (its tests, a src layout)."""
    top = dotted.split(".", 1)[0]
    if top == "dagster":
        return True
    return (
        names.is_dagster_module_name(top)
        and top != linted.name.split(".", 1)[0]
        and top not in Path(linted.file or "").parts
    )


# too-few-public-methods -----------------------------------------------------------------


def methods_inherited_from_dagster(node: nodes.NodeNG | None, args: object) -> bool:
    """A subclass of a Dagster class with few methods of its own: a ``dg.Config`` or a
    ``dg.ConfigurableResource`` that only holds fields, a translator overriding one method.

    pylint counts inherited public methods too, and these classes inherit Dagster's
    interface (pydantic's model methods, the resource's and the translator's methods), but
    astroid cannot see it through pydantic's generic bases, nor at all when the integration
    package is not installed. A class with no Dagster class among its bases (through the
    module's own classes) keeps the message.
    """
    del args
    return (
        isinstance(node, nodes.ClassDef)
        and _model(node) is not None
        and _derives_from_dagster(node)
    )


def _derives_from_dagster(cls: nodes.ClassDef, depth: int = 0) -> bool:
    for base in cls.bases:
        spelled = base.value if isinstance(base, nodes.Subscript) else base
        if _is_dagster_name(spelled):
            return True
        if isinstance(spelled, nodes.Name) and depth < _MAX_DEPTH:
            _, bindings = spelled.lookup(spelled.name)
            binding = bindings[-1] if bindings else None
            if isinstance(binding, nodes.ClassDef) and _derives_from_dagster(binding, depth + 1):
                return True
    return False


# too-many-arguments, too-many-positional-arguments --------------------------------------


def parameters_dagster_injects(node: nodes.NodeNG | None, args: object) -> bool:
    """A Dagster definition with many parameters: an asset with eight upstream assets, an op
    with a context, its config and four resources.

    Each parameter declares a dependency that Dagster injects by name (an upstream asset, a
    resource, the config, the context); the refactoring pylint asks for, grouping them into
    one object, is not available to a decorated definition. Any other function keeps it.
    """
    del args
    model = _model(node)
    return model is not None and model.definition(node) is not None


# unused-argument ------------------------------------------------------------------------


def resolver_callback_parameter(node: nodes.NodeNG | None, args: object) -> bool:
    """An unused parameter of a component field resolver: ``def resolve_path(context, value)``
    given to ``dg.Resolver(resolve_path, ...)``.

    Dagster calls a resolver as ``fn(context, value)`` (``Resolver.from_model``: ``fn(context,
    model)``), positionally, so both parameters must be there whether the function reads
    them or not. Any other parameter, and an unused context of an asset, an op, a sensor or a
    schedule (Dagster passes it only when declared: removing it is the fix), keep the message.
    """
    if not isinstance(node, nodes.AssignName) or not isinstance(node.parent, nodes.Arguments):
        return False
    function = node.parent.parent
    positional = [*(node.parent.posonlyargs or []), *(node.parent.args or [])]
    if (
        not isinstance(function, nodes.FunctionDef)
        or node not in positional[:2]
        or _first(args) != node.name
        or _model(node) is None
    ):
        return False
    return function in _resolver_callbacks(function.root())


def _resolver_callbacks(module: nodes.Module) -> set[nodes.FunctionDef]:
    """The functions of ``module`` given by name to ``Resolver(...)`` (found once per module)."""
    callbacks = _CALLBACKS.get(module)
    if callbacks is None:
        callbacks = _CALLBACKS[module] = _find_resolver_callbacks(module)
    return callbacks


_CALLBACKS: weakref.WeakKeyDictionary[nodes.Module, set[nodes.FunctionDef]] = (
    weakref.WeakKeyDictionary()
)


def _find_resolver_callbacks(module: nodes.Module) -> set[nodes.FunctionDef]:
    callbacks = set()
    for call in module.nodes_of_class(nodes.Call):
        if names.spelled_callee(call) not in {"Resolver", "from_model"}:
            continue
        if names.call_dagster_name(call) not in _RESOLVERS:
            continue
        function = names.keyword_argument(call, "fn") or (call.args[0] if call.args else None)
        if isinstance(function, nodes.Name):
            _, bindings = function.lookup(function.name)
            if bindings and isinstance(bindings[-1], nodes.FunctionDef):
                callbacks.add(bindings[-1])
    return callbacks
