# safe (package): tool/cli.py reads sys.argv; tool/runner.py quotes every piece with tool.quoting.q (shlex.quote) before the shell=True call
__version__ = "0.1.0"
