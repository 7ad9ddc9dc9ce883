"""pylint's ``unused-argument``, dropped on the parameters of a component field resolver's
callback (``def resolve_path(context, value)`` given to ``dg.Resolver(resolve_path, ...)``).

Dagster calls a resolver's function positionally as ``fn(context, value)``
(``Resolver.from_model``: ``fn(context, model)``), so both parameters must be there whether
the function reads them or not. Any other parameter, a function no ``Resolver`` is given, and
an unused context of an asset, an op, a sensor or a schedule (Dagster passes it only when
declared: removing it is the fix) keep the message.
"""

from __future__ import annotations

import weakref
from typing import TYPE_CHECKING

from astroid import nodes

from pylint_dagster_migration import names
from pylint_dagster_migration.compat.recognise import first_argument, model_of

if TYPE_CHECKING:
    from pylint_dagster_migration.compat.suppressions import Rule

#: Dagster's component field resolvers, which call their function as ``fn(context, value)``.
_RESOLVERS = frozenset(
    {"Resolver", "Resolver.from_model", "components.Resolver", "components.Resolver.from_model"}
)


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
        or first_argument(args) != node.name
        or model_of(node) is None
    ):
        return False
    return function in _resolver_callbacks(function.root())


#: pylint's message symbol -> the rule that drops it on this module's idioms.
RULES: tuple[tuple[str, Rule], ...] = (
    ("unused-argument", resolver_callback_parameter),
)


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
