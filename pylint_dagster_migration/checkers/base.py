"""The base class of every checker of this plugin."""

from __future__ import annotations

import functools
import os
from typing import Any

from astroid import nodes
from pylint.checkers import BaseChecker

from pylint_dagster_migration.model import DagsterModule, dagster_module

CHECKER_NAME = "dagster-migration"

#: Set (to anything) in the test suite: a bug in a check then fails the test that hit it,
#: where a user's pylint run would rather lose the finding than see a traceback.
STRICT_ENV = "PYLINT_DAGSTER_MIGRATION_STRICT"


def _guarded(method):
    @functools.wraps(method)
    def visit(self: DagsterChecker, node: nodes.NodeNG) -> Any:
        try:
            if isinstance(node, nodes.Module):
                self._current_model = dagster_module(node)
            if not self.dagster_model(node).is_dagster:
                return None
            return method(self, node)
        except (RecursionError, Exception):  # pylint: disable=broad-exception-caught
            if os.environ.get(STRICT_ENV):
                raise
            return None

    return visit


def excerpt(source: nodes.NodeNG | str, limit: int, *, fold_whitespace: bool = False) -> str:
    """The source text of ``source`` for a message, cut to ``limit`` characters ("..." marks
    the cut); ``fold_whitespace`` puts a multi-line expression on one line."""
    text = source if isinstance(source, str) else source.as_string()
    if fold_whitespace:
        text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class DagsterChecker(BaseChecker):
    """Shares one checker name, the module gate and the crash guard among our checkers.

    Every ``visit_*``/``leave_*`` method of a subclass is wrapped so that it runs only in
    modules that import Dagster, and so that an unexpected error in a check drops that
    check's findings for the node instead of failing pylint with ``astroid-error``.
    """

    name = CHECKER_NAME
    _current_model: DagsterModule | None = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for attribute, value in list(vars(cls).items()):
            if attribute.startswith(("visit_", "leave_")) and callable(value):
                setattr(cls, attribute, _guarded(value))

    def visit_module(self, node: nodes.Module) -> None:
        """Keeps the model of the module being linted (see ``dagster_model``)."""
        self._current_model = dagster_module(node)

    def dagster_model(self, node: nodes.NodeNG) -> DagsterModule:
        """The Dagster model of the module that ``node`` belongs to.

        pylint visits a module's ``Module`` node before any node inside it, and the checker
        keeps that module's model then, so visitors get it without walking up to the root.
        """
        return self._current_model or dagster_module(node)
