"""Values written in the linted source, read through one assignment.

Airflow code keeps its arguments in module constants (``RETRY_DELAY = timedelta(minutes=5)``,
``DEFAULT_ARGS = {...}``), so a fix written in the user's own values looks through the name to
the value it was given.
"""

from __future__ import annotations

from astroid import nodes

from pylint_dagster_migration import names


def resolved(node: nodes.NodeNG | None) -> nodes.NodeNG | None:
    """``node``, or the value a name is assigned (``RETRY_DELAY = timedelta(...)``)."""
    if isinstance(node, nodes.Name):
        return names.assigned_value(node) or node
    return node


def number(node: nodes.NodeNG | None) -> int | float | None:
    """The int or float ``node`` is written as (through one name), else None; None too for
    an integer too long for ``str()`` (sys.get_int_max_str_digits()), which no fix can quote."""
    node = resolved(node)
    if isinstance(node, nodes.Const) and type(node.value) in (int, float):
        try:
            str(node.value)
        except ValueError:
            return None
        return node.value
    return None


def is_falsy(node: nodes.NodeNG | None) -> bool:
    """Whether ``node`` is a literal that is false (``False``, ``0``, ``None``)."""
    node = resolved(node)
    return isinstance(node, nodes.Const) and not node.value


def dict_entries(node: nodes.NodeNG | None) -> dict[str, nodes.NodeNG]:
    """String keys and values of a dict literal or ``dict(...)`` call, through one name
    (``default_args = {...}``); empty when it is not one."""
    node = resolved(node)
    if isinstance(node, nodes.Dict):
        return {
            key.value: value
            for key, value in node.items
            if isinstance(key, nodes.Const) and isinstance(key.value, str)
        }
    if isinstance(node, nodes.Call) and names.is_builtin(node.func, "dict"):
        return {keyword.arg: keyword.value for keyword in node.keywords or () if keyword.arg}
    return {}
