"""A plain function that returns nothing, its result assigned: a genuine finding."""

import dagster as dg


def log_selection(selection: dg.AssetSelection) -> None:
    """Print a selection."""
    print(selection)


logged = log_selection(dg.AssetSelection.all())  # [assignment-from-no-return]
