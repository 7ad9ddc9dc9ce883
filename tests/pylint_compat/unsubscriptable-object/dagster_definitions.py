"""A Definitions record's fields hold what it was built with, not their default None."""

import dagster as dg

defs = dg.Definitions(resources={"warehouse": "duckdb"})
print(defs.resources["warehouse"])  # [unsubscriptable-object]
