"""pylint's messages on the parameters of Dagster definitions, dropped where Dagster injects
them by name.

- ``redefined-outer-name`` on an asset's parameter named after the upstream asset, defined in
  the module, that it receives (``@asset def order_count(orders)``): Dagster loads the input
  from the asset whose key is the parameter's name, so the name has to repeat it. A parameter
  mapped by ``ins`` to another key, a resource, a local variable and a plain function's
  parameter keep the message.
- ``too-many-arguments`` and ``too-many-positional-arguments`` on a Dagster definition: each
  parameter is a dependency Dagster injects (an upstream asset, a resource, the config, the
  context), and grouping them into one object is not available to a decorated definition.
  Any other function keeps them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from astroid import nodes

from pylint_dagster_migration import names
from pylint_dagster_migration.compat.annotation_kinds import annotation_kind
from pylint_dagster_migration.compat.recognise import first_argument, model_of
from pylint_dagster_migration.model import (
    ASSET_INPUT_KINDS,
    Definition,
    DagsterModule,
    key_argument,
    key_segments,
    parameter_annotation,
)

if TYPE_CHECKING:
    from pylint_dagster_migration.compat.suppressions import Rule

#: Definitions whose parameters Dagster loads from the upstream asset with the same key.
_LOADED_BY_NAME = ASSET_INPUT_KINDS | {"multi_asset_check"}


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
    model = model_of(node)
    function = node.parent.parent
    definition = model.definition(function) if model else None
    if definition is None or first_argument(args) != node.name:
        return False
    outer_keys = _module_asset_keys(node.name, model)
    loaded = _loaded_keys(definition, node, model)
    return bool(outer_keys and loaded and outer_keys & loaded)


def parameters_dagster_injects(node: nodes.NodeNG | None, args: object) -> bool:
    """A Dagster definition with many parameters: an asset with eight upstream assets, an op
    with a context, its config and four resources.

    Each parameter declares a dependency that Dagster injects by name (an upstream asset, a
    resource, the config, the context); the refactoring pylint asks for, grouping them into
    one object, is not available to a decorated definition. Any other function keeps it.
    """
    del args
    model = model_of(node)
    return model is not None and model.definition(node) is not None


#: pylint's message symbol -> the rule that drops it on this module's idioms.
RULES: tuple[tuple[str, Rule], ...] = (
    ("redefined-outer-name", parameter_named_after_its_upstream_asset),
    ("too-many-arguments", parameters_dagster_injects),
    ("too-many-positional-arguments", parameters_dagster_injects),
)


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
    if annotation_kind(parameter_annotation(parameter)) != "data":
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
