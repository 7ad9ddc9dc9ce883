"""A plain class's attribute that is None: a genuine finding."""


class Catalog:
    """Assets, once loaded."""

    assets: list[str] | None = None


for name in Catalog().assets:  # [not-an-iterable]
    print(name)
