"""Subclasses of Dagster's base classes inherit a dozen of Dagster's and pydantic's classes:
the project's own hierarchy is one or two classes deep."""

from typing import Any

import dagster as dg
from dagster import ConfigurableIOManager


class MemoryIOManager(ConfigurableIOManager):  # [too-many-ancestors]
    """Keeps outputs in memory."""

    prefix: str = "memory"

    def handle_output(self, context: dg.OutputContext, obj: Any) -> None:
        """Stores nothing."""
        context.log.info(f"{self.prefix}: {obj}")

    def load_input(self, context: dg.InputContext) -> Any:
        """Loads nothing."""
        context.log.info(self.prefix)


class BaseStoreIOManager(dg.ConfigurableIOManager):  # [too-many-ancestors]
    """The project's base IO manager."""

    root: str = "/tmp"

    def handle_output(self, context: dg.OutputContext, obj: Any) -> None:
        """Stores nothing."""
        context.log.info(self.root)

    def load_input(self, context: dg.InputContext) -> Any:
        """Loads nothing."""
        return self.root


class CsvIOManager(BaseStoreIOManager):  # [too-many-ancestors]
    """One project class between it and Dagster's."""

    delimiter: str = ","


class ParquetIOManager(CsvIOManager):  # [too-many-ancestors]
    """Two project classes between it and Dagster's."""

    compression: str = "snappy"


defs = dg.Definitions(resources={"io_manager": ParquetIOManager(), "memory": MemoryIOManager()})
