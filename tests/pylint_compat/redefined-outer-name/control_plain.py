"""A plain function's parameter shadowing a module-level function: a genuine finding."""


def orders() -> list[int]:
    """The orders."""
    return [1, 2]


def order_count(orders: list[int]) -> int:  # [redefined-outer-name]
    """How many orders there are."""
    return len(orders)
