"""An asset's parameter named after the upstream asset it receives: Dagster's wiring."""

import dagster as dg


@dg.asset
def orders() -> list[int]:
    """The orders."""
    return [1, 2]


@dg.asset
def order_count(orders: list[int]) -> int:  # [redefined-outer-name]
    """How many orders there are."""
    return len(orders)
