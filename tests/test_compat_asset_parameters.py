"""The rules on the parameters of Dagster definitions (``compat/asset_parameters.py``):
redefined-outer-name on a parameter named after its upstream asset, too-many-arguments on
injected parameters; the edge cases the ``pylint_compat`` fixtures do not show, and what the
installed Dagster does with each idiom."""

from __future__ import annotations

import dagster as dg
import pytest
from astroid import nodes

from compat_cases import ASSETS, COMPAT, find_parameter, import_idiom, parse_case
from pylint_dagster_migration.compat import asset_parameters


# redefined-outer-name --------------------------------------------------------------------


def _consumer_of_orders(decorator: str) -> nodes.AssignName:
    """The parameter ``orders`` of a definition so decorated, under an asset ``orders``."""
    module = parse_case(f"""
        import dagster as dg

        @dg.asset
        def orders():
            return [1]

        {decorator}
        def consumer(orders):
            return orders
    """)
    return find_parameter(module, "consumer", "orders")


@pytest.mark.parametrize(
    "decorator",
    [
        "@dg.asset(ins=make_ins())",
        "@dg.asset(ins={**OTHER})",
        "@dg.asset(ins={name(): dg.AssetIn()})",
        "@dg.asset(ins={'orders': dg.AssetIn(**options)})",
        "@dg.asset(ins={'orders': make_in()})",
        "@dg.asset(ins={'orders': dg.AssetIn(key=computed())})",
        "@dg.asset(**options)",
        "@dg.asset_check(asset=computed())",
        "@dg.asset_check()",
        "@dg.asset_check(asset=orders, additional_ins={'orders': dg.AssetIn('other')})",
        "@dg.observable_source_asset",
        "@dg.op",
        "@dg.sensor()",
    ],
)
def test_a_parameter_whose_upstream_the_module_does_not_say_keeps_the_message(decorator):
    parameter = _consumer_of_orders(decorator)
    assert not asset_parameters.parameter_named_after_its_upstream_asset(parameter, ("orders", 5))


@pytest.mark.parametrize(
    "decorator",
    [
        "@dg.asset(ins={'orders': dg.AssetIn(key=['raw', 'orders'])})",
        "@dg.asset(ins={'other': dg.AssetIn(), 'orders': dg.AssetIn(key_prefix='raw')})",
        "@dg.asset_check(asset='orders')",
        "@dg.asset_check(asset=orders, additional_ins={'orders': dg.AssetIn()})",
        "@dg.graph_multi_asset(outs={'a': dg.AssetOut()})",
        "@dg.asset(ins={'other': dg.AssetIn('raw')})",
    ],
)
def test_a_parameter_mapped_to_its_namesake_asset_drops_the_message(decorator):
    parameter = _consumer_of_orders(decorator)
    assert asset_parameters.parameter_named_after_its_upstream_asset(parameter, ("orders", 5))


@pytest.mark.parametrize(
    "annotation", ["dg.AssetExecutionContext", "Warehouse", "ResourceParam[str]", "'Orders'"]
)
def test_a_parameter_that_is_no_input_keeps_the_message(annotation):
    module = parse_case(f"""
        import dagster as dg
        from dagster import ResourceParam

        class Warehouse(dg.ConfigurableResource):
            pass

        @dg.asset
        def orders():
            return [1]

        @dg.asset
        def consumer(orders: {annotation}):
            return orders
    """)
    parameter = find_parameter(module, "consumer", "orders")
    assert not asset_parameters.parameter_named_after_its_upstream_asset(parameter, ("orders", 5))


def test_the_message_about_another_name_is_kept():
    module = parse_case(ASSETS)
    parameter = find_parameter(module, "order_count", "orders")
    assert not asset_parameters.parameter_named_after_its_upstream_asset(parameter, ("other", 5))


# too-many-arguments, too-many-positional-arguments -----------------------------------------


def test_only_a_dagster_definition_has_its_parameters_injected():
    module = parse_case("""
        import dagster as dg

        @dg.asset
        def report(a, b, c, d, e, f):
            pass

        def helper(a, b, c, d, e, f):
            pass
    """)
    report, helper = module.body[1], module.body[2]
    assert asset_parameters.parameters_dagster_injects(report, (6, 5))
    assert not asset_parameters.parameters_dagster_injects(helper, (6, 5))


# What Dagster does with each idiom -------------------------------------------------------


def test_dagster_loads_each_parameter_from_the_asset_named_after_it():
    idiom = import_idiom(COMPAT / "redefined-outer-name" / "dagster_checks_and_graphs.py")
    assets = [idiom.customers, idiom.payments, idiom.payment_total, idiom.customer_count,
              idiom.customer_total, idiom.customer_ends]
    checks = [idiom.customers_not_empty, idiom.payments_positive, idiom.customer_checks]
    result = dg.materialize([*assets, *checks])
    assert result.output_for_node("payment_total") == 30
    assert result.output_for_node("customer_count") == 2
    assert result.output_for_node("customer_total", "result") == 2
    evaluations = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert evaluations == {
        "customers_not_empty": True, "payments_positive": True, "has_customers": True
    }


def test_an_asset_check_receives_its_target_whatever_the_parameter_is_called():
    @dg.asset
    def orders():
        return [1, 2]

    @dg.asset_check(asset=orders)
    def any_name(whatever):
        return dg.AssetCheckResult(passed=whatever == [1, 2])

    result = dg.materialize([orders, any_name])
    assert [e.passed for e in result.get_asset_check_evaluations()] == [True]


def test_definitions_with_many_injected_parameters_load_and_run():
    idiom = import_idiom(COMPAT / "too-many-arguments" / "dagster_injected_parameters.py")
    assets = [idiom.orders, idiom.customers, idiom.refunds, idiom.payments, idiom.daily_report]
    result = dg.materialize(assets, resources={"warehouse": idiom.Warehouse()})
    assert result.output_for_node("daily_report") == 8 + 4
    assert idiom.export_job.execute_in_process().success
