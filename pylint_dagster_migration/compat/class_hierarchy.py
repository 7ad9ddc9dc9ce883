"""pylint's design messages on the project's subclasses of Dagster's classes, dropped where
what pylint counts is Dagster's.

- ``too-many-ancestors`` on a class whose ancestors are mostly Dagster's (``class
  MyIOManager(dg.ConfigurableIOManager)`` has a dozen, pydantic's and ``IOManager``'s): the
  project chose none of them. The project's own ancestors are still counted, so a deep
  hierarchy of the project's classes keeps the message, with or without a Dagster class at
  its root.
- ``too-few-public-methods`` on a subclass of a Dagster class (a ``dg.Config`` that only holds
  fields, a translator overriding one method): it inherits Dagster's interface, which astroid
  does not see through pydantic's generic bases, nor at all when the integration package is
  not installed. A class with no Dagster class among its bases keeps the message.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from astroid import nodes

from pylint_dagster_migration.compat.recognise import Hierarchy, is_dagster_name, model_of

if TYPE_CHECKING:
    from pylint_dagster_migration.compat.suppressions import Rule

#: How deep a class hierarchy of the module is followed.
_MAX_DEPTH = 8


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
    if not isinstance(limit, int) or model_of(node) is None:
        return False
    hierarchy = Hierarchy.of(node, stop_after=limit)
    # Without a Dagster class in the hierarchy pylint counted what it should.
    return bool(hierarchy.dagster) and len(hierarchy.own) <= limit


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
        and model_of(node) is not None
        and _derives_from_dagster(node)
    )


#: pylint's message symbol -> the rule that drops it on this module's idioms.
RULES: tuple[tuple[str, Rule], ...] = (
    ("too-many-ancestors", ancestors_are_dagsters),
    ("too-few-public-methods", methods_inherited_from_dagster),
)


def _derives_from_dagster(cls: nodes.ClassDef, depth: int = 0) -> bool:
    for base in cls.bases:
        spelled = base.value if isinstance(base, nodes.Subscript) else base
        if is_dagster_name(spelled):
            return True
        if isinstance(spelled, nodes.Name) and depth < _MAX_DEPTH:
            _, bindings = spelled.lookup(spelled.name)
            binding = bindings[-1] if bindings else None
            if isinstance(binding, nodes.ClassDef) and _derives_from_dagster(binding, depth + 1):
                return True
    return False
