"""Dagster's functions behind lifecycle decorators (@deprecated_param, @hidden_param,
@beta_param, @superseded, @deprecated) return what they build."""

import datetime

import dagster as dg

everything = dg.define_asset_job("everything")  # [assignment-from-no-return]
loaded = dg.load_assets_from_modules([])  # [assignment-from-no-return]
nightly = dg.build_schedule_from_partitioned_job(everything)  # [assignment-from-no-return]
checks = dg.build_last_update_freshness_checks(  # [assignment-from-no-return]
    assets=[], lower_bound_delta=datetime.timedelta(hours=1)
)
orders = dg.AssetSelection.keys("orders")  # [assignment-from-no-return]
