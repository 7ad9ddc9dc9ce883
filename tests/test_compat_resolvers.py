"""The rule on component field resolvers' callbacks (``compat/resolvers.py``):
unused-argument; the edge cases the ``pylint_compat`` fixtures do not show, and how the
installed Dagster calls a resolver."""

from __future__ import annotations

from typing import Annotated

import dagster as dg
import pytest

from compat_cases import find_parameter, parse_case
from pylint_dagster_migration.compat import resolvers


RESOLVERS = """
import dagster as dg
from dagster import components
from dagster.components import Resolver

def by_name(context, value, extra=None):
    return value

def by_keyword(context, value):
    return value

def from_model(context, model):
    return model

def not_given(context, value):
    return value

def shadowed(context, value):
    return value

class Holder:
    def method(self, context):
        return 1

lambda_resolver = dg.Resolver(lambda context, value: value)
a = Resolver(by_name)
b = components.Resolver(fn=by_keyword)
c = dg.Resolver.from_model(from_model)
d = dg.Resolver(Holder().method)
e = other.Resolver(shadowed)
f = dg.Resolver()
number = 1
g = dg.Resolver(number)
"""


@pytest.mark.parametrize(
    ("function", "parameter", "dropped"),
    [
        ("by_name", "context", True),
        ("by_name", "value", True),
        ("by_name", "extra", False),
        ("by_keyword", "context", True),
        ("from_model", "model", True),
        ("not_given", "context", False),
        ("shadowed", "context", False),
        ("method", "context", False),
    ],
)
def test_a_resolver_callback_parameter(function, parameter, dropped):
    module = parse_case(RESOLVERS)
    node = find_parameter(module, function, parameter)
    assert resolvers.resolver_callback_parameter(node, parameter) is dropped
    assert not resolvers.resolver_callback_parameter(node, "other")


# What Dagster does with each idiom -------------------------------------------------------


def test_dagster_calls_a_resolver_with_context_and_value():
    received = []

    def resolve(context, value):
        received.append((type(context).__name__, value))
        return value.upper()

    def value_only(value):
        return value

    class Good(dg.Resolvable, dg.Model):
        name: Annotated[str, dg.Resolver(resolve, model_field_type=str)]

    class Bad(dg.Resolvable, dg.Model):
        name: Annotated[str, dg.Resolver(value_only, model_field_type=str)]

    assert Good.resolve_from_dict({"name": "x"}).name == "X"
    assert received == [("ResolutionContext", "x")]
    with pytest.raises(Exception, match="takes 1 positional argument but 2 were given"):
        Bad.resolve_from_dict({"name": "x"})
