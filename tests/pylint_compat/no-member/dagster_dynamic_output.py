"""An op invoked in a graph or job body returns handles on its outputs: a dynamic output is
mapped and collected, although the op function itself is a generator."""

import dagster as dg


@dg.op(out=dg.DynamicOut())
def chunks():
    """One output per chunk."""
    for index in range(3):
        yield dg.DynamicOutput(index, mapping_key=str(index))


@dg.op
def double(chunk: int) -> int:
    """Double a chunk."""
    return 2 * chunk


@dg.op
def total(doubled: list[int]) -> int:
    """Add the chunks up."""
    return sum(doubled)


@dg.graph
def doubled_total():
    """Fan out, fan in."""
    doubled = chunks().map(double)  # [no-member]
    return total(doubled.collect())


@dg.job
def doubled_total_job():
    """The same, as a job."""
    pieces = chunks()
    total(pieces.map(double).collect())  # [no-member]
