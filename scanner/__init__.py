"""scanner: a static code scanner and secret detector that reports SARIF 2.1.0.

The importable API: ``scan_paths(paths, config)`` returns a ``ScanResult``; see
``scanner.engine`` for the pipeline and ``scanner.rule`` for what a rule is.
"""

__version__ = "0.1.0"


def scan_paths(*args, **kwargs):
    from scanner.engine import scan_paths as _scan_paths

    return _scan_paths(*args, **kwargs)
