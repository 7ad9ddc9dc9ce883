"""Calls that miss a value Dagster does not supply: pylint's finding stands."""

import dagster as dg

from control_op_library import Warehouse


@dg.op
def combine(left: list[int], right: list[int]) -> list[int]:
    """Two data inputs."""
    return left + right


@dg.op
def load_rows(client: "Warehouse") -> list[int]:
    """A string annotation: resource or input, the module does not say."""
    return client.rows()


@dg.op
def log_rows(context: dg.OpExecutionContext, warehouse: Warehouse) -> None:
    """Context and resource."""
    context.log.info(str(warehouse.rows()))


@dg.op
def first() -> list[int]:
    """No parameter."""
    return [1]


@dg.graph
def pair(left: list[int], right: list[int]) -> list[int]:
    """A graph has no context: its parameters are inputs."""
    return combine(left, right)


def plain(value: int, other: int) -> int:
    """A plain function."""
    return value + other


@dg.job(resource_defs={"warehouse": Warehouse()})
def unwired_job():
    """Inputs left unconnected: Dagster accepts the job, then needs run config for them."""
    rows = first()
    combine(rows)  # [no-value-for-parameter]
    pair(rows)  # [no-value-for-parameter]
    load_rows()  # [no-value-for-parameter]
    plain(1)  # [no-value-for-parameter]


def not_a_job():
    """Outside a composition an op call is a direct invocation: Dagster requires the
    context, and the resource."""
    log_rows()  # [no-value-for-parameter,no-value-for-parameter]
