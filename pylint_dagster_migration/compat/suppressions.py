"""Targeted suppression of pylint's own messages on Dagster idioms.

pylint-plugin-utils' ``suppress_message`` (pylint-django's tool) drops a message for a whole
visit of a node: every ``redefined-outer-name`` of a function, for instance, when only the
parameters named after an upstream asset are Dagster's idiom. Here each rule sees the node
and the arguments of the one message, so a genuine finding on the same function is kept.

The linter's ``add_message`` is wrapped once per process (``install``); a message whose
symbol has no rule costs one dictionary lookup.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from astroid import nodes
    from pylint.lint import PyLinter

#: A rule: given the message's node (None for messages on a line) and its arguments, whether
#: the message is a false alarm on a Dagster idiom.
Rule = Callable[["nodes.NodeNG | None", Any], bool]

#: pylint's message symbol -> the rules that may drop it.
RULES: dict[str, tuple[Rule, ...]] = {}


class FilteredAddMessage:
    """The linter's ``add_message``, dropping the messages a rule recognises as Dagster
    idioms. A top-level class (not a closure) so that dill can pickle the linter for ``-j``."""

    def __init__(self, linter: PyLinter, original: Callable[..., None]) -> None:
        self.linter = linter
        self.original = original

    def __call__(self, msgid: str, line: int | None = None, node: nodes.NodeNG | None = None,
                 args: Any = None, *rest: Any, **keywords: Any) -> None:
        rules = RULES.get(msgid) or RULES.get(_symbol(self.linter, msgid))
        if rules and any(_matches(rule, node, args) for rule in rules):
            return
        self.original(msgid, line, node, args, *rest, **keywords)


def install(linter: PyLinter) -> None:
    if not isinstance(linter.__dict__.get("add_message"), FilteredAddMessage):
        linter.add_message = FilteredAddMessage(linter, linter.add_message)


def uninstall(linter: PyLinter) -> None:
    if isinstance(linter.__dict__.get("add_message"), FilteredAddMessage):
        del linter.add_message


def _symbol(linter: PyLinter, msgid: str) -> str:
    """The symbol of a message given by id (``W0621``); pylint's checkers mostly use the
    symbol already."""
    if not msgid[:1].isupper() or not msgid[1:].isdigit():
        return msgid
    try:
        return linter.msgs_store.get_message_definitions(msgid)[0].symbol
    except Exception:  # pylint: disable=broad-exception-caught
        return msgid


def _matches(rule: Rule, node: nodes.NodeNG | None, args: Any) -> bool:
    """A rule that fails keeps the message: never crash pylint, never hide a true finding
    because of a bug here."""
    try:
        return bool(rule(node, args))
    except Exception:  # pylint: disable=broad-exception-caught
        return False
