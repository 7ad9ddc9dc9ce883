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
            if not self.dagster_model(node).is_dagster:
                return None
            return method(self, node)
        except (RecursionError, Exception):  # pylint: disable=broad-exception-caught
            if os.environ.get(STRICT_ENV):
                raise
            return None

    return visit


class DagsterChecker(BaseChecker):
    """Shares one checker name, the module gate and the crash guard among our checkers.

    Every ``visit_*``/``leave_*`` method of a subclass is wrapped so that it runs only in
    modules that import Dagster, and so that an unexpected error in a check drops that
    check's findings for the node instead of failing pylint with ``astroid-error``.
    """

    name = CHECKER_NAME

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for attribute, value in list(vars(cls).items()):
            if attribute.startswith(("visit_", "leave_")) and callable(value):
                setattr(cls, attribute, _guarded(value))

    @staticmethod
    def dagster_model(node: nodes.NodeNG) -> DagsterModule:
        return dagster_module(node)
