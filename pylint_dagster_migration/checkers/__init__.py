"""The checkers of pylint-dagster-migration, one module per family of pitfalls.

Every module here with a ``register(linter)`` function is loaded by the plugin, the way
pylint loads its own checkers.
"""
