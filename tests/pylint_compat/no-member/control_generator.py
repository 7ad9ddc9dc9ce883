"""A plain generator function called in a job body, or an op invoked directly: its value
is the generator, which has no map."""

import dagster as dg


def chunks():
    """One value per chunk."""
    yield from range(3)


@dg.op(out=dg.DynamicOut())
def dynamic_chunks():
    """One output per chunk."""
    for index in range(3):
        yield dg.DynamicOutput(index, mapping_key=str(index))


@dg.job
def chunk_job():
    """A job."""
    chunks().map(print)  # [no-member]


def run_directly():
    """Invoking an op outside a composition body runs it."""
    dynamic_chunks().map(print)  # [no-member]
