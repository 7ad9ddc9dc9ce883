"""Plain functions with many parameters in a Dagster module: pylint's finding stands."""

import dagster as dg


def build_report(  # [too-many-arguments, too-many-positional-arguments]
    title: str, orders: list, customers: list, refunds: list, payments: list, currency: str
) -> str:
    """A helper the asset calls: its parameters could be grouped."""
    return f"{title} {len(orders + customers + refunds + payments)} {currency}"


@dg.asset
def report() -> str:
    """Calls the helper."""

    def render(  # [too-many-arguments, too-many-positional-arguments]
        title: str, first: int, second: int, third: int, fourth: int, fifth: int
    ) -> str:
        return f"{title} {first + second + third + fourth + fifth}"

    return build_report("daily", [], [], [], [], "EUR") + render("x", 1, 2, 3, 4, 5)
