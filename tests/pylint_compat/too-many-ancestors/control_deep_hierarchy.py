"""A deep hierarchy of the project's own classes, with or without a Dagster class at its
root: pylint's finding stands."""

import dagster as dg


class Level1:
    """Level 1."""

    def name(self) -> str:
        """The name."""
        return type(self).__name__

    def depth(self) -> int:
        """The depth."""
        return len(type(self).__mro__)


class Level2(Level1):
    """Level 2."""


class Level3(Level2):
    """Level 3."""


class Level4(Level3):
    """Level 4."""


class Level5(Level4):
    """Level 5."""


class Level6(Level5):
    """Level 6."""


class Level7(Level6):
    """Level 7."""


class Level8(Level7):
    """Level 8."""


class Level9(Level8):  # [too-many-ancestors]
    """Eight plain ancestors."""


class Resource1(dg.ConfigurableResource):
    """Dagster's resource at the root."""

    def name(self) -> str:
        """The name."""
        return type(self).__name__

    def depth(self) -> int:
        """The depth."""
        return len(type(self).__mro__)


class Resource9(Level8, Resource1):  # [too-many-ancestors]
    """Eight plain ancestors, and Dagster's."""
