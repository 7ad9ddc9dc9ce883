"""Ops invoked in composition bodies: Dagster supplies the context, the config and the
resources, and binds the positional arguments to the op's inputs."""

import dagster as dg

import control_op_library as library
from control_op_library import Warehouse, read_rows


class Threshold(dg.Config):
    """How many rows to keep."""

    keep: int = 2


@dg.op
def trim(context, rows: list[int], config: Threshold) -> list[int]:
    """A data input between the context and the config."""
    context.log.info(str(config.keep))
    return rows[: config.keep]


@dg.op
def publish(
    _context,
    rows: list[int],
    warehouse: dg.ResourceParam[Warehouse],
) -> int:
    """A ResourceParam resource after the data input."""
    return len(rows) + len(warehouse.rows())


@dg.op
def summarize(context, rows: list[int], extra: list[int]) -> int:
    """Two data inputs."""
    context.log.info("summarizing")
    return len(rows) + len(extra)


@dg.graph
def trimmed(rows: list[int]) -> list[int]:
    """A nested graph: the op's first argument is its ``rows`` input."""
    return trim(rows)  # [no-value-for-parameter,no-value-for-parameter]


@dg.job(resource_defs={"warehouse": Warehouse()})
def rows_job():
    """An imported op, a module's op, a nested graph and keyword inputs."""
    rows = read_rows()  # [no-value-for-parameter,no-value-for-parameter]
    kept = trimmed(rows)
    publish(kept)  # [no-value-for-parameter,no-value-for-parameter]
    summarize(rows, extra=kept)  # [no-value-for-parameter]
    library.report(rows)  # [no-value-for-parameter]


@dg.graph_asset
def row_count() -> int:
    """A graph asset's body wires ops too, through a lambda as well."""
    rows = library.read_rows()  # [no-value-for-parameter,no-value-for-parameter]
    kept = trim(rows)  # [no-value-for-parameter,no-value-for-parameter]
    return publish(kept)  # [no-value-for-parameter,no-value-for-parameter]


@dg.op(out=dg.DynamicOut())
def fan_out(context):
    """Yields one output per row."""
    context.log.info("fanning out")
    for index in range(3):
        yield dg.DynamicOutput(index, mapping_key=str(index))


@dg.op
def square(context, value: int) -> int:
    """One data input."""
    context.log.info(str(value))
    return value * value


@dg.job
def dynamic_job():
    """An op invoked in a lambda given to ``.map``."""
    fan_out().map(lambda value: square(value))  # [no-value-for-parameter,no-value-for-parameter]


def make_job(name: str) -> dg.JobDefinition:
    """A job built in a factory, with its op defined there."""

    @dg.op(name=f"{name}_extract")
    def extract(context, warehouse: Warehouse) -> list[int]:
        context.log.info(name)
        return warehouse.rows()

    @dg.job(name=name, resource_defs={"warehouse": Warehouse()})
    def factory_job():
        extract()  # [no-value-for-parameter,no-value-for-parameter]

    return factory_job


defs = dg.Definitions(
    jobs=[rows_job, dynamic_job, make_job("nightly")],
    assets=[row_count],
    resources={"warehouse": Warehouse()},
)
