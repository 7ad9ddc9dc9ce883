"""Asset inputs that no module of the project produces: the code location fails to load.

Dagster loads each positional parameter of an asset from the upstream asset named after it
(or the one ``ins={"param": AssetIn("key")}`` maps it to). Where no asset of the code location
has that key, loading the location (``Definitions.validate_loadable``, ``dagster definitions
validate``, the deploy) raises ``DagsterInvalidDefinitionError: Input asset '["start_block"]'
is not produced by any of the provided asset ops and is not one of the provided sources.``
The keys are judged against every key the project produces or declares (``asset_graph``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from astroid import nodes
from pylint.checkers.utils import only_required_for_messages

from pylint_dagster_migration import asset_graph, names
from pylint_dagster_migration.checkers.base import DagsterChecker
from pylint_dagster_migration.model import (
    Definition,
    ProjectView,
    asset_input_parameters,
    input_parameter_judge,
    is_test_module,
    key_argument,
    literal_asset_key,
    project_view,
    spelled_asset_key,
)

if TYPE_CHECKING:
    from pylint.lint import PyLinter

SYMBOL = "asset-input-not-produced"
#: ``AssetIn``'s ``key_prefix`` parameter: (keyword, position).
_KEY_PREFIX = ("key_prefix", 2)


class AssetInputChecker(DagsterChecker):
    """Judges the upstream asset of each asset input against the project's asset keys."""

    msgs = {
        "E7351": (
            "%s names asset key '%s', which no module of this project produces%s, so the code "
            "location fails to load. %s",
            SYMBOL,
            "An asset's data parameter, or an AssetIn of its ins=, names an asset key that no "
            "module of the project produces or declares.\n\n"
            "Dagster loads every positional parameter of an @asset, @multi_asset, "
            "@graph_asset or @graph_multi_asset (other than context, config and parameters "
            "annotated with a resource class) from the upstream asset of the same name, or "
            "from the key ins={\"param\": dg.AssetIn(\"key\")} maps it to. When no asset has "
            "that key, the code location fails to load: 'Input asset \"[\"start_block\"]\" "
            "is not produced by any of the provided asset ops and is not one of the provided "
            "sources.' Name the parameter after its upstream asset, map it with ins=, "
            "declare the upstream with dg.AssetSpec(\"<key>\") in the code location if "
            "another system or code location produces it, or annotate a resource parameter "
            "with its resource class. Keys of every code location of the repository, and "
            "those listed in the option for external asset keys, count as known; where the "
            "project has producers whose keys cannot be read from the code (@dbt_assets, "
            "@sling_assets, @dlt_assets, airlift, components, asset factories), only keys one "
            "or two keystrokes away from a known key are reported. Only modules that a "
            "Definitions or loader of the project reaches are judged: a library or an "
            "unfinished module makes no code location fail. A parameter that the checks of "
            "deps and of Airflow's context variables already report is left to them, and "
            "tests are not judged.",
        ),
    }

    _project_module: nodes.Module | None = None
    _project: ProjectView | None = None

    @only_required_for_messages(SYMBOL)
    def visit_functiondef(self, node: nodes.FunctionDef) -> None:
        model = self.dagster_model(node)
        definition = model.definition(node)
        if (
            definition is None
            or definition.has_keyword_expansion
            or is_test_module(node.root())
        ):
            return
        parameters = asset_input_parameters(definition)
        if not parameters:
            return
        ins = definition.keyword("ins")
        if ins is not None:
            if not isinstance(ins, nodes.Dict) or any(
                isinstance(name, nodes.DictUnpack) for name, _ in ins.items
            ):
                return  # ins computed elsewhere may map any parameter
            self._check_ins(definition, ins)
        for parameter in parameters:
            if input_parameter_judge(definition, parameter, model) == SYMBOL:
                self._check_key(definition, (parameter.name,), parameter, parameter.name)

    visit_asyncfunctiondef = visit_functiondef

    def _check_ins(self, definition: Definition, ins: nodes.Dict) -> None:
        takes_any_input = definition.function.args.kwarg is not None
        for name_node, value in ins.items:
            if not (isinstance(name_node, nodes.Const) and isinstance(name_node.value, str)):
                continue
            if not takes_any_input and name_node.value not in definition.parameter_names:
                continue  # the module fails to import first: ins-key-without-parameter's
            found = asset_in_key(name_node.value, value)
            if found is not None:
                self._check_key(definition, *found, name_node.value, mapped=True)

    def _check_key(
        self,
        definition: Definition,
        key: tuple[str, ...],
        anchor: nodes.NodeNG,
        parameter: str,
        *,
        mapped: bool = False,
    ) -> None:
        project = self._project_of(anchor.root())
        if project is None:
            return
        worth_reporting, suggestion = project.catalog.verdict(key)
        # Only a module that a code location loads makes one fail to load (asked second: most
        # keys are known, and then the registry is never read).
        if not worth_reporting or not project.in_code_location:
            return
        prefix = names.dagster_prefix(definition.decorator)
        closest = (
            f" (the closest known key is '{asset_graph.user_string(suggestion)}')"
            if suggestion
            else ""
        )
        declare = (
            f"if it is produced elsewhere, declare {prefix}AssetSpec({key_literal(key, prefix)})"
        )
        if mapped:
            what = f"The AssetIn of parameter '{parameter}' of {definition_label(definition)}"
            correct = (
                f"Correct the key to {key_literal(suggestion, prefix)}"
                if suggestion
                else "Correct the key"
            )
            fix = f"{correct}; {declare}"
        else:
            what = f"Parameter '{parameter}' of {definition_label(definition)}"
            upstream = key_literal(suggestion, prefix) if suggestion else '"<upstream>"'
            rename = (
                f"Rename it to '{suggestion[0]}'"
                if suggestion and len(suggestion) == 1
                else "Name it after its upstream asset"
            )
            fix = (
                f"{rename} or map it with ins={{\"{parameter}\": {prefix}AssetIn({upstream})}}; "
                f"{declare}; if it is a resource, annotate it with its resource class"
            )
        self.add_message(
            SYMBOL,
            node=anchor,
            args=(what, asset_graph.user_string(key), closest, fix),
        )

    def _project_of(self, module: nodes.Module) -> ProjectView | None:
        """The project around the module, read once per module."""
        if self._project_module is not module:
            self._project = project_view(self.linter.config, module)
            self._project_module = module
        return self._project


def asset_in_key(
    parameter: str, asset_in: nodes.NodeNG
) -> tuple[tuple[str, ...], nodes.NodeNG] | None:
    """The key an ``ins`` entry loads the parameter from, and the expression that spells it:
    ``AssetIn("key")``, ``AssetIn(key=[...])`` (or a name bound to such a literal),
    ``AssetIn(key_prefix=...)`` (the prefix, then the parameter's name) or ``AssetIn()`` (the
    parameter's name; the call is the anchor). None for anything computed, for an ``AssetIn``
    with a ``dagster_type`` (it may be ``Nothing``: an ordering-only input, which Dagster makes
    an external asset like a ``deps`` entry) and for what is not an ``AssetIn``."""
    if not (isinstance(asset_in, nodes.Call) and names.call_dagster_name(asset_in) == "AssetIn"):
        return None
    if any(keyword.arg is None for keyword in asset_in.keywords or ()):
        return None
    if names.keyword_argument(asset_in, "dagster_type") is not None or len(asset_in.args) > 5:
        return None
    expression = key_argument(asset_in)
    if expression is not None and not (
        isinstance(expression, nodes.Const) and expression.value is None
    ):
        key = spelled_asset_key(expression)
        return (key, expression) if key is not None else None
    keyword, position = _KEY_PREFIX
    prefix_node = names.keyword_argument(asset_in, keyword)
    if prefix_node is None and len(asset_in.args) > position:
        prefix_node = asset_in.args[position]
    if prefix_node is None or (isinstance(prefix_node, nodes.Const) and prefix_node.value is None):
        return (parameter,), asset_in
    prefix = literal_asset_key(prefix_node)
    if prefix is None:
        return None
    return (*prefix, parameter), asset_in


def definition_label(definition: Definition) -> str:
    """``@dg.asset 'orders'``, as the module spells the decorator."""
    decorator = definition.decorator
    spelled = decorator.func if isinstance(decorator, nodes.Call) else decorator
    return f"@{spelled.as_string()} '{definition.name}'"


def key_literal(key: tuple[str, ...], prefix: str) -> str:
    """How a fix spells a key as the argument of ``AssetSpec``/``AssetIn``."""
    if len(key) == 1:
        return f'"{key[0]}"'
    return f"{prefix}AssetKey([{', '.join(_quoted(segment) for segment in key)}])"


def _quoted(segment: str) -> str:
    return '"' + segment.replace("\\", "\\\\").replace('"', '\\"') + '"'


def register(linter: PyLinter) -> None:
    linter.register_checker(AssetInputChecker(linter))
