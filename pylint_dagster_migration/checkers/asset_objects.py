"""An asset is a definition Dagster runs, not a function to call or the data it produced.

Prefect calls one task from another and a script calls its functions in turn; ported to
Dagster, the name of an asset or op is bound to its definition. Calling it inside another body
runs it again outside Dagster's bookkeeping, and reading it as a value works on the definition
instead of the data. Dagster hands an upstream's value to a parameter named after it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import names
from pylint_dagster_migration.checkers.base import DagsterChecker
from pylint_dagster_migration.model import is_prefect_submission

if TYPE_CHECKING:
    from pylint.lint import PyLinter

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


class AssetObjectChecker(DagsterChecker):
    """Finds asset and op definitions called, or read as data, inside a Dagster body."""

    msgs = {
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
            "context.load_asset_value(%sAssetKey(\"%s\"))",
            "asset-object-used-as-data",
            "Inside an asset or op body, the name of an asset definition is used as if it held "
            "the asset's data: subscripted, iterated, measured, used in arithmetic, given to a "
            "non-Dagster function, or asked for an attribute that is not Dagster API.\n\n"
            "At module level the name is bound to an AssetsDefinition (or AssetSpec), not to "
            "the value the asset produced, so the code fails or silently works on the wrong "
            "object. Dagster hands over the value through a parameter named after the "
            "upstream asset, loaded by the I/O manager; context.load_asset_value(...) reads "
            "it explicitly. Using the name inside deps=, AssetIn, Definitions, selections or "
            "materialize([...]) is fine and not reported; Prefect's .submit()/.map() called on "
            "it is reported as foreign-runtime-api.",
        ),
    }

    @only_required_for_messages("asset-called-directly")
    def visit_call(self, node: nodes.Call) -> None:
        func = node.func
        if not isinstance(func, nodes.Name):
            return
        model = self.dagster_model(node)
        if not model.may_name_definition(func.name):
            return
        enclosing = model.enclosing_definition(node)
        if enclosing is None or not (enclosing.is_compute or enclosing.is_composition):
            return
        callee = model.definition_referenced_by(func)
        if callee is None or not (callee.is_asset or callee.kind == "op"):
            return
        if enclosing.is_composition and not callee.is_asset:
            return  # Calling ops inside @job/@graph is how Dagster wires a graph.
        prefix = names.dagster_prefix(enclosing.decorator)
        if enclosing.is_composition:
            consequence = (
                "an op job built from assets records no asset materializations. Select the "
                f"assets instead: {prefix}define_asset_job(\"{enclosing.name}\", selection=[...])"
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
                f"or retries. Wire the ops together in a @{prefix}job or @{prefix}graph body "
                f"instead, passing {func.name}()'s output to the op that needs it"
            )
        self.add_message(
            "asset-called-directly",
            node=node,
            args=(
                "Asset" if callee.is_asset else "Op",
                func.name,
                enclosing.decorator_label,
                enclosing.name,
                consequence,
            ),
        )

    @only_required_for_messages("asset-object-used-as-data")
    def visit_name(self, node: nodes.Name) -> None:
        model = self.dagster_model(node)
        if not model.may_name_asset_object(node.name):
            return
        definition = model.enclosing_definition(node)
        if (
            definition is None
            or not definition.is_compute
            or not _used_as_data(node)
            or model.asset_object_referenced_by(node) is None
        ):
            return
        key = next(iter(sorted(model.asset_keys_of(node))), node.name)
        self.add_message(
            "asset-object-used-as-data",
            node=node,
            args=(
                node.name,
                definition.decorator_label,
                definition.name,
                key,
                names.dagster_prefix(definition.decorator),
                key,
            ),
        )


def _used_as_data(name: nodes.Name) -> bool:
    """Whether the way ``name`` is used treats it as a value rather than as a definition."""
    parent = name.parent
    if isinstance(parent, nodes.Attribute):
        # .submit()/.map() is Prefect's task API: foreign-runtime-api reports it.
        return parent.attrname not in ASSET_DEFINITION_API and not is_prefect_submission(parent)
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
    linter.register_checker(AssetObjectChecker(linter))
