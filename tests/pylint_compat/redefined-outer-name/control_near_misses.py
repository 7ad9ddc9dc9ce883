"""The same parameter names where Dagster does not wire them: pylint's finding stands."""

import dagster as dg


class Warehouse(dg.ConfigurableResource):
    """A resource."""

    url: str = "duckdb://"

    def rows(self) -> list[int]:
        """The rows."""
        return [1, 2]

    def close(self) -> None:
        """Closes nothing."""


warehouse = Warehouse()


def helper() -> int:
    """Not an asset."""
    return 1


@dg.asset
def orders() -> list[int]:
    """The orders."""
    return [1, 2]


@dg.asset
def customers() -> list[str]:
    """The customers."""
    return ["ada"]


@dg.asset(name="raw_refunds")
def refunds() -> list[int]:
    """An asset whose key is not its function's name."""
    return [3]


@dg.asset(ins={"orders": dg.AssetIn(key="raw_orders")})
def renamed_input(
    orders: list[int],  # [redefined-outer-name]
) -> int:
    """``ins`` maps the parameter to another asset: the name shadows ``orders`` by choice."""
    return len(orders)


@dg.asset
def refund_count(
    refunds: list[int],  # [redefined-outer-name]
) -> int:
    """Loads the asset keyed ``refunds``, not the function ``refunds`` (keyed raw_refunds)."""
    return len(refunds)


@dg.asset
def uses_helper(
    helper: int,  # [redefined-outer-name]
) -> int:
    """A parameter shadowing a module-level function that is no asset."""
    return helper


@dg.asset
def warehouse_rows(
    warehouse: Warehouse,  # [redefined-outer-name]
) -> list[int]:
    """A resource parameter shadowing the module-level resource instance."""
    return warehouse.rows()


@dg.asset
def order_total(context: dg.AssetExecutionContext) -> int:
    """A local variable shadowing an asset."""
    customers = 2  # [redefined-outer-name]
    context.log.info(str(customers))
    return customers


@dg.asset_check(asset=orders)
def orders_not_empty(
    customers: list[int],  # [redefined-outer-name]
) -> dg.AssetCheckResult:
    """The check receives ``orders`` under the name of another asset."""
    return dg.AssetCheckResult(passed=bool(customers))


@dg.op
def extract() -> list[int]:
    """An op."""
    return [1]


@dg.op
def load(
    extract: list[int],  # [redefined-outer-name]
) -> int:
    """Ops are wired in a graph body, not by name: naming the input after an op is a choice."""
    return len(extract)


@dg.asset
def with_inner() -> list[int]:
    """A nested function's parameter named after an asset is no input."""

    def double(orders: list[int]) -> list[int]:  # [redefined-outer-name]
        return orders * 2

    return double([1])
