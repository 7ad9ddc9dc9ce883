"""A classmethod behind @beta_param: AssetSelection.from_string is no property."""

import dagster as dg

everything = dg.define_asset_job(
    "everything", selection=dg.AssetSelection.from_string("*")  # [no-value-for-parameter]
)
