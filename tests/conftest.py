import os

# A bug in a check must fail the test that hits it rather than be swallowed (see checkers/base.py).
os.environ["PYLINT_DAGSTER_MIGRATION_STRICT"] = "1"
