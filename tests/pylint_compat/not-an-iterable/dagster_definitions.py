"""A Definitions record's fields hold what it was built with, not their default None."""

import dagster as dg


@dg.asset
def orders() -> None:
    """The orders."""


defs = dg.Definitions(assets=[orders])
for definition in defs.assets:  # [not-an-iterable]
    print(definition)
