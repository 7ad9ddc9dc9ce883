"""pylint's messages on calls of Dagster definitions, dropped where the call is Dagster's idiom
and not a Python call of the function.

- ``no-value-for-parameter`` on an op invoked in a ``@job``/``@graph``/``@graph_asset`` body
  without the arguments Dagster supplies (``load(extract())``): in a composition an op call
  wires inputs, and Dagster passes the context, the config and the resources at run time. A
  missing data input keeps the message (Dagster then needs it from run config), and so does a
  call outside a composition.
- ``too-many-function-args`` on a sensor or schedule invoked with a context its function does
  not declare (``my_sensor(dg.build_sensor_context())``, as tests do): invoking the definition
  takes one optional context. Two positional arguments, a literal, or a context of another
  kind keep the message: Dagster rejects them.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import safe_infer

from pylint_dagster_migration import names, project
from pylint_dagster_migration.compat.annotation_kinds import annotation_kind
from pylint_dagster_migration.compat.recognise import in_dagster, model_of
from pylint_dagster_migration.model import (
    Definition,
    DagsterModule,
    dagster_module,
    parameter_annotation,
)

if TYPE_CHECKING:
    from pylint_dagster_migration.compat.suppressions import Rule

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
    model = model_of(node)
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
    model = model_of(node)
    function = _invoked_definition(node, model, *_INVOKED_WITH_CONTEXT) if model else None
    if function is None:
        return False
    arguments = function.args
    if arguments.posonlyargs or arguments.args or arguments.vararg:
        return False
    kind = dagster_module(function).definition(function).kind
    return _may_be_context(node.args[0], builder=_INVOKED_WITH_CONTEXT[kind])


#: pylint's message symbol -> the rule that drops it on this module's idioms.
RULES: tuple[tuple[str, Rule], ...] = (
    ("no-value-for-parameter", op_argument_dagster_supplies),
    ("too-many-function-args", sensor_invoked_with_its_context),
)


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
    if not isinstance(function, nodes.FunctionDef) or in_dagster(function, model.module):
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
        kind = annotation_kind(parameter_annotation(parameter))
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
