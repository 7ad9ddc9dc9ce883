"""Definitions whose parameters Dagster injects by name: upstream assets, resources, the
config and the context."""

import dagster as dg


class Warehouse(dg.ConfigurableResource):
    """A resource."""

    url: str = "duckdb://"

    def query(self, sql: str) -> list[int]:
        """Runs a query."""
        return [len(sql)]

    def close(self) -> None:
        """Closes nothing."""


class ReportConfig(dg.Config):
    """The report's config."""

    title: str = "daily"


@dg.asset
def orders() -> list[int]:
    """Orders."""
    return [1]


@dg.asset
def customers() -> list[int]:
    """Customers."""
    return [2]


@dg.asset
def refunds() -> list[int]:
    """Refunds."""
    return [3]


@dg.asset
def payments() -> list[int]:
    """Payments."""
    return [4]


@dg.asset
def daily_report(  # [too-many-arguments, too-many-positional-arguments]
    context: dg.AssetExecutionContext,
    config: ReportConfig,
    warehouse: Warehouse,
    orders: list[int],
    customers: list[int],
    refunds: list[int],
    payments: list[int],
) -> int:
    """Seven parameters, each injected by Dagster."""
    context.log.info(config.title)
    return sum(warehouse.query("select 1")) + len(orders + customers + refunds + payments)


@dg.op
def export(  # [too-many-arguments, too-many-positional-arguments]
    context: dg.OpExecutionContext,
    config: ReportConfig,
    warehouse: Warehouse,
    first: list[int],
    second: list[int],
    third: list[int],
) -> int:
    """An op with three inputs, its config and a resource."""
    context.log.info(config.title)
    return len(warehouse.query("x") + first + second + third)


@dg.op
def orders_op() -> list[int]:
    """An op."""
    return [1]


@dg.job(resource_defs={"warehouse": Warehouse()})
def export_job():
    """Wires the op."""
    export(orders_op(), orders_op(), orders_op())


defs = dg.Definitions(
    assets=[orders, customers, refunds, payments, daily_report],
    jobs=[export_job],
    resources={"warehouse": Warehouse()},
)
