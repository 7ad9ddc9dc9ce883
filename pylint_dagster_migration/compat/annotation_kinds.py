"""How Dagster reads a definition's parameter from its annotation: a resource it injects, or
data (an input it loads). Shared by the rules on asset parameters and on op calls in
compositions (``asset_parameters``, ``composition_calls``).

Resource classes are recognised by their Dagster bases, found through the module's imports and
the project's classes (``recognise.Hierarchy``), never by inferring into Dagster.
"""

from __future__ import annotations

import re

from astroid import nodes
from pylint.checkers.utils import safe_infer

from pylint_dagster_migration import names
from pylint_dagster_migration.compat.recognise import Hierarchy, is_dagster_name
from pylint_dagster_migration.model import RESOURCE_BASE_CLASSES, annotation_role

#: Dagster's classes whose subclasses it injects as resources
#: (``dagster._core.definitions.resource_annotation._is_resource_annotation``; a legacy
#: ``IOManager`` is none).
_RESOURCE_BASES = RESOURCE_BASE_CLASSES | {
    "ConfigurableResourceFactory", "ResourceDefinition", "IOManagerDefinition",
    "TreatAsResourceParam",
}
#: Resource classes of Dagster's integration packages, by name: ``SnowflakeResource``,
#: ``S3PickleIOManager``, ``FivetranWorkspace``, ``PipesK8sClient``... Compiled on first use
#: through re's cache, not when pylint loads the plugin.
_INTEGRATION_RESOURCE = r"(Resource|IOManager|Workspace)$|^Pipes\w*Client$"


def annotation_kind(annotation: nodes.NodeNG | None) -> str:
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
    if is_dagster_name(annotation):
        dagster_bases, unresolved = [annotation], False
    else:
        cls = _class_named(annotation)
        hierarchy = Hierarchy.of(cls) if cls is not None else Hierarchy(unresolved=True)
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
    return bool(re.search(_INTEGRATION_RESOURCE, name))
