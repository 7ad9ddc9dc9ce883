"""Asset checks, multi-asset checks, graph assets and ``ins`` mappings receive the upstream
asset under its name: Dagster's wiring, not shadowing."""

import dagster as dg


@dg.asset
def customers() -> list[str]:
    """The customers."""
    return ["ada", "bob"]


@dg.asset(key_prefix=["raw"])
def payments() -> list[int]:
    """The payments."""
    return [10, 20]


shipments = dg.AssetSpec("shipments")


@dg.asset_check(asset=customers)
def customers_not_empty(
    customers: list[str],  # [redefined-outer-name]
) -> dg.AssetCheckResult:
    """An asset check loads its target asset."""
    return dg.AssetCheckResult(passed=bool(customers))


@dg.asset_check(asset=dg.AssetKey(["raw", "payments"]))
def payments_positive(
    context: dg.AssetCheckExecutionContext,
    payments: list[int],  # [redefined-outer-name]
) -> dg.AssetCheckResult:
    """The target named by its key."""
    context.log.info("checking payments")
    return dg.AssetCheckResult(passed=all(amount > 0 for amount in payments))


@dg.multi_asset_check(specs=[dg.AssetCheckSpec(name="has_customers", asset="customers")])
def customer_checks(
    customers: list[str],  # [redefined-outer-name]
):
    """A multi-asset check loads its inputs by name, as an asset does."""
    yield dg.AssetCheckResult(
        check_name="has_customers", asset_key="customers", passed=bool(customers)
    )


@dg.asset(ins={"payments": dg.AssetIn(key_prefix=["raw"])})
def payment_total(
    payments: list[int],  # [redefined-outer-name]
) -> int:
    """``AssetIn(key_prefix=...)`` keeps the parameter's name as the key's last segment."""
    return sum(payments)


@dg.asset(ins={"customers": dg.AssetIn()})
def customer_count(
    customers: list[str],  # [redefined-outer-name]
) -> int:
    """``AssetIn()`` with no key loads the asset named like the parameter."""
    return len(customers)


@dg.op
def count_items(items: list) -> int:
    """Counts."""
    return len(items)


@dg.graph_asset
def customer_total(
    customers: list[str],  # [redefined-outer-name]
) -> int:
    """A graph asset's inputs are upstream assets too."""
    return count_items(customers)


@dg.asset
def shipment_report(
    shipments,  # [redefined-outer-name]
) -> str:
    """An ``AssetSpec`` bound to a module-level name is an asset definition as well."""
    return str(shipments)


@dg.multi_asset(outs={"first_customer": dg.AssetOut(), "last_customer": dg.AssetOut()})
def customer_ends(
    customers: list[str],  # [redefined-outer-name]
):
    """A multi-asset loads its inputs by name."""
    return customers[0], customers[-1]
