"""A real property called through its class, and a real classmethod called without its
argument: genuine findings."""


class Selection:
    """A selection."""

    @property
    def size(self) -> int:
        """How many keys it selects."""
        return 1

    @classmethod
    def from_string(cls, string: str) -> "Selection":
        """Parse a selection."""
        print(string)
        return cls()


print(Selection.size())  # [no-value-for-parameter]
print(Selection.from_string())  # [no-value-for-parameter]
