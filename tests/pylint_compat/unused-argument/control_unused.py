"""Unused parameters Dagster does not require: pylint's finding stands."""

from pathlib import Path
from typing import Annotated

import dagster as dg


def resolve_path(
    context: dg.ResolutionContext,
    value: str,
    suffix: str = "",  # [unused-argument]
) -> Path:
    """A third parameter Dagster never passes."""
    return Path(context.resolve_value(value))


def not_a_resolver(context, value) -> int:  # [unused-argument,unused-argument]
    """Never given to a Resolver."""
    return 1


class PathComponent(dg.Component, dg.Resolvable, dg.Model):
    """A component."""

    path: Annotated[Path, dg.Resolver(resolve_path, model_field_type=str)]

    def build_defs(self, context: dg.ComponentLoadContext) -> dg.Definitions:
        """No definitions."""
        return dg.Definitions()


@dg.asset
def orders(context: dg.AssetExecutionContext) -> list[int]:  # [unused-argument]
    """An asset's context is optional in Dagster: removing it is the fix."""
    return [1]


@dg.sensor(target=[orders])
def orders_sensor(context):  # [unused-argument]
    """A sensor's context is optional too."""
    return dg.SkipReason("nothing")
