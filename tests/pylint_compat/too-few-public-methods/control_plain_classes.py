"""Plain classes with too few methods, in a module that uses Dagster: pylint's finding stands."""

import dagster as dg


class Holder:  # [too-few-public-methods]
    """Holds one value."""

    def __init__(self, value: int) -> None:
        self.value = value

    def get(self) -> int:
        """The value."""
        return self.value


class Derived(Holder):  # [too-few-public-methods]
    """Derived from a plain class."""


class Settings(dg.Config):
    """A Dagster config with a pydantic-v1-style inner class."""

    name: str = "x"

    class Config:  # [too-few-public-methods]
        """An inner class of its own: no Dagster class among its bases."""

        frozen = True


@dg.asset
def uses_holder(config: Settings) -> int:
    """Uses them."""
    return Holder(len(config.name)).get() + len(Derived(1).__dict__)
