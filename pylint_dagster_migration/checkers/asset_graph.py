"""The project's asset graph: dependencies that no module of the project produces.

Dagster turns a ``deps`` entry that names no asset into an external asset, silently: a typo,
or a table the old Airflow DAG produced and nobody declared, loads fine, and the downstream
asset simply stops waiting for its upstream. These checks judge each key against every key
the project's modules produce or declare (``asset_graph``), read from the syntax alone.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import asset_graph, names
from pylint_dagster_migration.checkers.base import DagsterChecker
from pylint_dagster_migration.model import (
    is_test_module,
    key_argument,
    spelled_asset_key,
    project_view,
)

if TYPE_CHECKING:
    from pylint.lint import PyLinter

#: Dagster callables whose ``deps=`` lists upstream assets.
DEPS_OWNERS = frozenset({"asset", "multi_asset", "AssetSpec"})


class AssetGraphChecker(DagsterChecker):
    """Judges asset keys against the asset graph of the whole project."""

    msgs = {
        "W7350": (
            "%s names asset key '%s', which no module of this project produces or declares%s: "
            "Dagster will treat it as an external asset and never wait for a materialization "
            "of it. %s",
            "unknown-asset-dependency",
            "A deps=[...] entry of an asset, multi-asset or AssetSpec names an asset key that "
            "no module of the project produces or declares.\n\n"
            "Dagster does not check deps against the assets it loads: a key that matches none "
            "becomes an external asset, with no error and no warning. A typo "
            "(deps=[\"raw_ordrs\"]), a key written without its key_prefix, or a table the old "
            "Airflow DAG produced that nobody declared all load fine, and the downstream asset "
            "then never waits for its real upstream. Correct the key, or, if the asset really "
            "is produced outside Dagster, declare it with dg.AssetSpec(\"<key>\") so the "
            "external asset is deliberate and visible. Keys of every code location of the "
            "repository count as known; keys produced in another repository can be listed in "
            "the dagster-external-asset-keys option. Where the project has producers whose "
            "keys cannot be read from the code (@dbt_assets, @sling_assets, @dlt_assets, "
            "airlift, components, asset factories, keys computed at run time, loaders of "
            "other packages), only keys one or two keystrokes away from a known key are "
            "reported. Dependencies in tests are not judged.",
        ),
    }
    options = (
        (
            "dagster-project-root",
            {
                "default": "",
                "type": "string",
                "metavar": "<directory>",
                "help": "The directory whose Python files make up the Dagster project whose "
                "asset keys are known. By default the outermost directory with workspace.yaml, "
                "dagster_cloud.yaml or a dg workspace in the repository, else the repository "
                "root (.git), else the nearest pyproject.toml, setup.py or setup.cfg.",
            },
        ),
        (
            "dagster-external-asset-keys",
            {
                "default": (),
                "type": "csv",
                "metavar": "<keys>",
                "help": "Asset keys produced outside this repository (another team's code "
                "location, another repository), written as Dagster prints them: "
                "'raw/orders,crm_accounts'. They count as known.",
            },
        ),
    )

    @only_required_for_messages("unknown-asset-dependency")
    def visit_call(self, node: nodes.Call) -> None:
        deps = names.keyword_argument(node, "deps")
        if not isinstance(deps, (nodes.List, nodes.Tuple, nodes.Set)):
            return
        owner = names.call_dagster_name(node)
        if owner not in DEPS_OWNERS or is_test_module(node.root()):
            return
        for entry in deps.elts:
            found = dependency_key(entry)
            if found is not None:
                self._check_key(node, *found)

    def _check_key(self, owner: nodes.Call, key: tuple[str, ...], anchor: nodes.NodeNG) -> None:
        catalog = self._catalog(anchor.root())
        if catalog is None:
            return
        worth_reporting, suggestion = catalog.verdict(key)
        if not worth_reporting:
            return
        typed = asset_graph.user_string(key)
        prefix = names.dagster_prefix(owner)
        if suggestion is not None:
            closest = f" (the closest known key is '{asset_graph.user_string(suggestion)}')"
            fix = (
                f"Correct the key to {_key_source(suggestion, prefix)}, or, if '{typed}' is "
                f"produced outside Dagster, declare it with {prefix}AssetSpec({_key_literal(key, prefix)})"
            )
        else:
            closest = ""
            fix = (
                f"Correct the key, or, if '{typed}' is produced outside Dagster, declare it "
                f"with {prefix}AssetSpec({_key_literal(key, prefix)}) (or list it in "
                "dagster-external-asset-keys when another repository produces it)"
            )
        self.add_message(
            "unknown-asset-dependency",
            node=anchor,
            args=(f"deps of {names.construct_label(owner)}", typed, closest, fix),
        )

    def _catalog(self, module: nodes.Module) -> asset_graph.AssetCatalog | None:
        view = project_view(self.linter.config, module)
        return view.catalog if view is not None else None


def dependency_key(entry: nodes.NodeNG) -> tuple[tuple[str, ...], nodes.NodeNG] | None:
    """The literal asset key a ``deps`` entry names and the expression that spells it: a
    string (one segment, as Dagster takes it), a list of strings, ``AssetKey(...)``,
    ``AssetKey.from_user_string(...)``, ``AssetDep(<any of those>)``, or a name bound to one
    of those. None for asset definitions and specs (they exist by construction) and for
    anything computed."""
    if isinstance(entry, nodes.Call) and names.call_dagster_name(entry) == "AssetDep":
        entry = key_argument(entry)
        if entry is None:
            return None
    key = spelled_asset_key(entry)
    return (key, entry) if key is not None else None


def _key_literal(key: tuple[str, ...], prefix: str) -> str:
    """How the fix spells a key for ``AssetSpec(...)``."""
    if len(key) == 1:
        return f'"{key[0]}"'
    return f"{prefix}AssetKey([{', '.join(repr(segment).replace(chr(39), chr(34)) for segment in key)}])"


def _key_source(key: tuple[str, ...], prefix: str) -> str:
    return _key_literal(key, prefix) if len(key) > 1 else f"'{key[0]}'"


def register(linter: PyLinter) -> None:
    linter.register_checker(AssetGraphChecker(linter))
