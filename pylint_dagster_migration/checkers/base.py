"""The base class of every checker of this plugin, its crash guard, the one way a check reports
a finding with its fix, and the message the guard reports when a check fails."""

from __future__ import annotations

import functools
import os
from typing import TYPE_CHECKING, Any, ClassVar

from astroid import nodes
from pylint.checkers import BaseChecker
from pylint.interfaces import UNDEFINED

from pylint_dagster_migration.edits import Fix, FixSafety
from pylint_dagster_migration.model import DagsterModule, ModelUnavailable, dagster_module

if TYPE_CHECKING:
    from pylint.interfaces import Confidence
    from pylint.lint import PyLinter

CHECKER_NAME = "dagster-migration"
CHECK_FAILED = "dagster-check-failed"

#: Set (to anything) in the test suite: a bug in a check then fails the test that hit it,
#: where a user's pylint run would rather lose the finding than see a traceback.
STRICT_ENV = "PYLINT_DAGSTER_MIGRATION_STRICT"


def _guarded(method, *, starts_module: bool):
    """``method`` run only in Dagster modules, with any exception turned into "no findings
    from this check here" and said once per module (see ``DagsterChecker``)."""

    @functools.wraps(method)
    def visit(self: DagsterChecker, node: nodes.NodeNG) -> Any:
        if starts_module:
            self._failed_in_module = False
        elif self._failed_in_module:
            return None
        try:
            if starts_module:
                self._start_module(node)
            if not self.dagster_model(node).is_dagster:
                return None
            return method(self, node)
        except (RecursionError, Exception) as error:  # pylint: disable=broad-exception-caught
            if os.environ.get(STRICT_ENV):
                raise
            self._failed(node, method, error)
            return None

    visit.__guarded__ = True
    return visit


def excerpt(source: nodes.NodeNG | str, limit: int, *, fold_whitespace: bool = False) -> str:
    """The source text of ``source`` for a message, cut to ``limit`` characters ("..." marks
    the cut); ``fold_whitespace`` puts a multi-line expression on one line."""
    try:
        text = source if isinstance(source, str) else source.as_string()
    except ValueError:
        # astroid writes a number with repr(), which refuses an integer literal of more than
        # sys.get_int_max_str_digits() digits: valid source, but no text to quote.
        text = "..."
    if fold_whitespace:
        text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 3] + "..."


class _Messages(dict):
    """A checker's ``msgs``, whose text is its message ids only.

    pylint compares and hashes checkers by the text of their name and messages
    (``f"{self.name}{self.msgs}"`` in ``BaseChecker.__eq__`` and ``__hash__``), and compares
    them each time it sorts its checkers. Ours share one name, so every run formatted every
    rationale of ours hundreds of times (some 3 % of a one-file run). The ids alone tell our
    checkers apart as the whole text did: each message id belongs to one checker.
    """

    def __repr__(self) -> str:
        return f"<messages {' '.join(self)}>"


class DagsterChecker(BaseChecker):
    """Shares one checker name, the module gate and the crash guard among our checkers.

    Every ``visit_*``/``leave_*`` method, the base's ``visit_module`` included, is wrapped so
    that it runs only in modules that import Dagster, and so that an unexpected error (in the
    check or in building the module's model) drops that check's findings for the rest of the
    module instead of failing pylint with ``astroid-error``. The failure is reported once per
    module and check as ``dagster-check-failed``, naming the check and the exception type only:
    an exception's text can quote the linted source, and the source may hold a secret.

    A message with a fix declares it in ``fixes`` (symbol -> ``FixSafety``: safe or unsafe,
    and what it does), next to ``msgs``; the check then passes the finding's fix to
    ``add_message(..., fix=Fix(edits))`` (see ``edits`` and ``fixes``).
    """

    name = CHECKER_NAME
    #: symbol -> the safety and effect of that message's fix; only these messages have one.
    fixes: ClassVar[dict[str, FixSafety]] = {}
    _current_model: DagsterModule | None = None
    _failed_in_module = False

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        if "msgs" in vars(cls):
            cls.msgs = _Messages(cls.msgs)
        symbols = {definition[1] for definition in getattr(cls, "msgs", {}).values()}
        if not set(cls.fixes) <= symbols:
            raise TypeError(f"{cls.__name__}.fixes names messages it does not define: "
                            f"{sorted(set(cls.fixes) - symbols)}")
        for attribute in dir(cls):
            if not attribute.startswith(("visit_", "leave_")):
                continue  # pylint's own attributes, not read: this runs in every pylint start
            value = getattr(cls, attribute)
            if callable(value) and not getattr(value, "__guarded__", False):
                setattr(
                    cls, attribute, _guarded(value, starts_module=attribute == "visit_module")
                )

    # pylint: disable-next=too-many-arguments,too-many-positional-arguments
    def add_message(
        self,
        msgid: str,
        line: int | None = None,
        node: nodes.NodeNG | None = None,
        args: Any = None,
        confidence: Confidence | None = UNDEFINED,
        col_offset: int | None = None,
        end_lineno: int | None = None,
        end_col_offset: int | None = None,
        *,
        fix: Fix | None = None,
    ) -> None:
        """pylint's ``add_message``, and ``fix`` for the finding (a symbol of ``fixes``).

        The fix is kept only by a reporter that takes fixes (the ``FixCollector`` of
        ``--fix`` and ``--diff``, the SARIF reporter), and only when the message was really
        reported, not suppressed.
        """
        # KeyError here: a fix for a message whose checker does not declare one in ``fixes``.
        recorded = None if fix is None else self.fixes[msgid].recorded(fix)
        collector = None if recorded is None else _fix_taker(self.linter.reporter)
        before = len(collector.messages) if collector is not None else 0
        super().add_message(
            msgid, line, node, args, confidence, col_offset, end_lineno, end_col_offset
        )
        if collector is not None and len(collector.messages) > before:
            collector.attach_to_last_message(recorded)

    def visit_module(self, node: nodes.Module) -> None:
        """Nothing of its own: the guard keeps the module's model (see ``_start_module``)."""

    def _start_module(self, module: nodes.Module) -> None:
        # Forget the previous module first: if building this module's model fails, no check
        # may go on judging it by the last module's model.
        self._current_model = None
        self._current_model = dagster_module(module)

    def dagster_model(self, node: nodes.NodeNG) -> DagsterModule:
        """The Dagster model of the module that ``node`` belongs to.

        pylint visits a module's ``Module`` node before any node inside it, and the checker
        keeps that module's model then, so visitors get it without walking up to the root.
        """
        model = self._current_model
        if model is not None and model.module is node.root():
            return model
        return dagster_module(node)

    def _failed(self, node: nodes.NodeNG, method: Any, error: BaseException) -> None:
        self._failed_in_module = True
        if isinstance(error, ModelUnavailable):
            if error.failure.reported:
                return  # every check fails on a broken model: say it once, not once each
            error.failure.reported = True
            check = "Building the plugin's model of the module"
            error_type = error.failure.error_type
        else:
            check = f"The plugin's check {type(self).__name__}.{method.__name__}"
            error_type = type(error).__name__
        # At the node the check failed on, where a bug report can start from.
        self.add_message(CHECK_FAILED, node=node, args=(check, error_type))


def _fix_taker(reporter: Any) -> Any:
    """The reporter of the run that takes fixes (``attach_to_last_message``: the
    ``FixCollector`` of ``--fix``, the SARIF reporter), itself or one of those pylint combines
    for ``--output-format=sarif:x.sarif,text``; else None. Known by the method, not by class:
    ``fixes``, which defines ``FixCollector``, is not loaded by every pylint run."""
    for candidate in [reporter, *getattr(reporter, "_sub_reporters", ())]:
        if hasattr(candidate, "attach_to_last_message"):
            return candidate
    return None


class CheckFailures(BaseChecker):
    """Owns ``dagster-check-failed``, which the guard of every other checker reports."""

    name = CHECKER_NAME
    msgs = {
        "F7300": (
            "%s raised %s on this module, so its Dagster migration findings here are "
            "incomplete. Please report it to pylint-dagster-migration; your code is not at "
            "fault.",
            CHECK_FAILED,
            "A check of this plugin raised an unexpected error on the module (a bug of the "
            "plugin, or an astroid change it does not know yet).\n\n"
            "The error is contained: pylint's own checks and the plugin's other checks still "
            "run, and only the failed check's findings for this module are lost. So that the "
            "loss is not silent it is said once per module and check, naming the check and "
            "the exception type; the exception's text is never shown, since it can quote "
            "source code and source code can hold secrets. Disable it only to silence a "
            "known plugin bug until an upgrade fixes it.",
        ),
    }


def register(linter: PyLinter) -> None:
    linter.register_checker(CheckFailures(linter))
