"""pylint's own checks, taught Dagster: loading the plugin removes the false alarms pylint's
default checkers raise on idiomatic Dagster code, as pylint-django does for Django.

Two mechanisms, in order of preference:

- ``transforms``: astroid transforms that correct what pylint believes about Dagster (its
  lifecycle decorators made transparent, ...), so every check that infers through Dagster
  sees the truth.
- ``suppressions``: where pylint's belief is right but Dagster's idiom is not a mistake (an
  asset parameter named after the upstream asset it receives), that one message is dropped
  for exactly that construct, and the same message elsewhere is kept. The rules that
  recognise the idioms live in one module per concern (``IDIOMS``), on Dagster constructs
  recognised by ``recognise`` and ``annotation_kinds``.

Both are switched by the ``dagster-pylint-compat`` option (default yes), read once the
configuration is loaded (``load_configuration``), in the main process and in every ``-j``
worker.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pylint.checkers import BaseChecker

from pylint_dagster_migration.compat import (
    asset_parameters,
    class_hierarchy,
    composition_calls,
    resolvers,
    suppressions,
    transforms,
)

if TYPE_CHECKING:
    from pylint.lint import PyLinter

OPTION = "dagster-pylint-compat"
#: The modules whose ``RULES`` drop pylint's messages on Dagster idioms, one concern each.
IDIOMS = (asset_parameters, composition_calls, class_hierarchy, resolvers)


class _Settings:
    """Whether the compatibility layer is on: transforms and suppressions ask it, since
    astroid builds modules (and pylint reports) only after the configuration is read."""

    enabled = True


settings = _Settings()


class CompatibilityOptions(BaseChecker):
    """Holds the option; it has no messages of its own."""

    name = "dagster-migration"
    msgs: dict = {}
    options = (
        (
            OPTION,
            {
                "default": True,
                "type": "yn",
                "metavar": "<y or n>",
                "help": "Teach pylint's own checks Dagster's idioms, so they raise no false "
                "alarm on them (assignment-from-no-return on define_asset_job, "
                "redefined-outer-name on an asset parameter named after its upstream asset, "
                "...): see the README's section 'pylint's own checks on Dagster code'.",
            },
        ),
    )


def register(linter: PyLinter) -> None:
    """Register the option and the transforms, and add the idiom modules' rules."""
    linter.register_checker(CompatibilityOptions(linter))
    transforms.register(settings)
    register_idiom_rules()


def register_idiom_rules() -> None:
    """Add each idiom module's ``RULES`` to ``suppressions.RULES``: every rule once, after the
    rules already there (another plugin's)."""
    for idioms in IDIOMS:
        for symbol, rule in idioms.RULES:
            rules = suppressions.RULES.get(symbol, ())
            if rule not in rules:
                suppressions.RULES[symbol] = (*rules, rule)


def load_configuration(linter: PyLinter) -> None:
    """Switch the suppressions on or off as the option says, once it is read."""
    settings.enabled = bool(getattr(linter.config, OPTION.replace("-", "_"), True))
    if settings.enabled:
        suppressions.install(linter)
    else:
        suppressions.uninstall(linter)
