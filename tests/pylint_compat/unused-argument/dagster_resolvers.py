"""Component field resolvers: Dagster calls them as ``fn(context, value)``, so both
parameters must be there whether the function reads them or not."""

from pathlib import Path
from typing import Annotated

import dagster as dg


def resolve_path(context: dg.ResolutionContext, value: str) -> Path:  # [unused-argument]
    """Reads the value only."""
    return Path(value)


def resolve_constant(context, value) -> int:  # [unused-argument,unused-argument]
    """Reads neither."""
    return 1


def resolve_from_model(context: dg.ResolutionContext, model) -> str:  # [unused-argument]
    """Given the whole model."""
    return str(model)


class ReportComponent(dg.Component, dg.Resolvable, dg.Model):
    """A component whose fields are resolved by the functions above."""

    path: Annotated[Path, dg.Resolver(resolve_path, model_field_type=str)]
    retries: Annotated[int, dg.Resolver(fn=resolve_constant, model_field_type=int)] = 0
    label: Annotated[str, dg.Resolver.from_model(resolve_from_model)] = ""

    def build_defs(self, context: dg.ComponentLoadContext) -> dg.Definitions:
        """No definitions."""
        return dg.Definitions()
