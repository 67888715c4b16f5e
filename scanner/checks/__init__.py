"""Rule implementations, one family per sub-package: secrets, complexity, dataflow, lint.

Every ``Rule``/``RuleGroup`` subclass defined below this package is registered automatically
(``scanner.registry``); the top-level ``rules/`` folder holds the data some of them load.
"""
