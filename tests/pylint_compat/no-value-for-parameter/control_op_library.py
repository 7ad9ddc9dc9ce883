"""Ops other modules wire into their jobs; called here outside any composition, an op
misses the arguments it declares: genuine findings."""

import dagster as dg


class Warehouse(dg.ConfigurableResource):
    """Where rows come from."""

    url: str = "duckdb://"

    def rows(self) -> list[int]:
        """The rows."""
        return [1, 2, 3]

    def close(self) -> None:
        """Closes nothing."""


@dg.op
def read_rows(context: dg.OpExecutionContext, warehouse: Warehouse) -> list[int]:
    """Context and resource, both supplied by Dagster."""
    context.log.info(warehouse.url)
    return warehouse.rows()


@dg.op
def report(context, rows: list[int]) -> None:
    """One data input after the context."""
    context.log.info(str(len(rows)))


def count_rows() -> int:
    """Invoking an op directly requires its context and its resource: Dagster raises."""
    return len(read_rows())  # [no-value-for-parameter,no-value-for-parameter]
