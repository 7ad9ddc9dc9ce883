"""Arguments, string literals and call chains as the linted source writes them.

The checks of what an asset does (what it writes, what it runs, what its module does when
imported) read calls the same way: an argument given by keyword or by position, the text of a
string or f-string, a method reached through a chain such as ``spark.read.format(...).load``.
"""

from __future__ import annotations

from astroid import nodes


def call_argument(
    call: nodes.Call, keyword: str | None, position: int | None
) -> nodes.NodeNG | None:
    """The argument ``call`` passes as ``keyword`` or at ``position``; None when it passes
    none, or passes it unpacked (``*args``), where the linter cannot see it."""
    value = None
    if keyword:
        for given in call.keywords or ():
            if given.arg == keyword:
                value = given.value
                break
    if value is None and position is not None and len(call.args) > position:
        value = call.args[position]
    if isinstance(value, nodes.Starred):
        return None
    return value


def literal_text(node: nodes.NodeNG | None) -> str | None:
    """The text of a string literal; an f-string with its fields as ``{expression}``."""
    if isinstance(node, nodes.Const) and isinstance(node.value, str):
        return node.value
    if isinstance(node, nodes.JoinedStr):
        parts = []
        for value in node.values:
            if isinstance(value, nodes.Const):
                parts.append(str(value.value))
            else:  # a FormattedValue, the only other part of an f-string
                parts.append("{" + value.value.as_string() + "}")
        return "".join(parts)
    return None


def chain_has_attribute(node: nodes.NodeNG, attribute: str) -> bool:
    """Whether a ``df.write.mode("x").save`` style chain below ``node`` has ``.attribute``."""
    while isinstance(node, (nodes.Attribute, nodes.Call)):
        if isinstance(node, nodes.Attribute):
            if node.attrname == attribute:
                return True
            node = node.expr
        else:
            node = node.func
    return False
