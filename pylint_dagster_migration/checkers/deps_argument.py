"""deps= takes a list: one string or one asset object in its place declares the wrong thing.

Dagster iterates ``deps``. A string is iterated character by character without an error, and
a single asset definition, ``AssetSpec`` or ``AssetKey`` cannot be iterated at all.

The fix wraps the value in a list: every value reported is one entry of ``deps`` as written
(one key string, one asset, one key or spec), so ``[value]`` is what the code meant.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import names
from pylint_dagster_migration.checkers.base import DagsterChecker, excerpt
from pylint_dagster_migration.edits import Fix, FixSafety, wrap
from pylint_dagster_migration.model import DagsterModule

if TYPE_CHECKING:
    from pylint.lint import PyLinter

#: Dagster calls that build one entry of deps=, never the list.
SINGLE_ASSET_CALLS = frozenset({"AssetKey", "AssetSpec", "AssetDep", "SourceAsset"})

_ENTRY_TEXT_LIMIT = 60


class DepsArgumentChecker(DagsterChecker):
    """Finds deps= given one string or one asset object instead of a list."""

    msgs = {
        "E7305": (
            "deps=%s is %s, not a list: %s. Wrap it in a list: deps=[%s]",
            "deps-not-a-list",
            "deps= is given one string or one asset object instead of a list of them.\n\n"
            "Dagster iterates deps. A string is iterated character by character: "
            "deps=\"orders\" silently declares six external assets 'o', 'r', 'd'... and no "
            "dependency on orders. A single asset definition, AssetSpec or AssetKey is not "
            "iterable and the module fails to load. Write deps=[\"orders\"] or deps=[orders].",
        ),
    }
    fixes = {
        "deps-not-a-list": FixSafety(
            "safe", 'wraps the value in a list: deps="orders" becomes deps=["orders"]'
        ),
    }

    @only_required_for_messages("deps-not-a-list")
    def visit_call(self, node: nodes.Call) -> None:
        deps = names.keyword_argument(node, "deps")
        if deps is None or not names.call_dagster_name(node):
            return
        if isinstance(deps, nodes.JoinedStr) or (
            isinstance(deps, nodes.Const) and isinstance(deps.value, str)
        ):
            kind = "a string"
            consequence = (
                "Dagster iterates it and declares one external asset per character, with no "
                "error"
            )
        else:
            kind = _single_asset_object(deps, self.dagster_model(node))
            if kind is None:
                return
            consequence = "Dagster cannot iterate it and the module fails to load"
        text = excerpt(deps, _ENTRY_TEXT_LIMIT)
        self.add_message(
            "deps-not-a-list",
            node=deps,
            args=(text, kind, consequence, text),
            fix=Fix(wrap(deps, "[", "]")),
        )


def _single_asset_object(node: nodes.NodeNG, model: DagsterModule) -> str | None:
    """What single asset object ``node`` is ('a single asset definition', ...), or None."""
    if isinstance(node, nodes.Call):
        callee = names.call_dagster_name(node)
        return f"a single {callee}" if callee in SINGLE_ASSET_CALLS else None
    if isinstance(node, nodes.Name) and model.asset_object_referenced_by(node) is not None:
        return "a single asset definition"
    if (
        isinstance(node, nodes.Attribute)
        and node.attrname == "key"
        and isinstance(node.expr, nodes.Name)
        and model.asset_object_referenced_by(node.expr) is not None
    ):
        return "a single AssetKey"
    return None


def register(linter: PyLinter) -> None:
    linter.register_checker(DepsArgumentChecker(linter))
