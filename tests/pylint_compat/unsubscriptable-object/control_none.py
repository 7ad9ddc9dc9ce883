"""A plain class's attribute that is None: a genuine finding."""


class Catalog:
    """Resources, once loaded."""

    resources: dict[str, str] | None = None


print(Catalog().resources["warehouse"])  # [unsubscriptable-object]
