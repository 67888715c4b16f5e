# vuln (package): tool/cli.py reads sys.argv and calls tool.runner.run_hook(), which runs the hook name in a shell=True command
__version__ = "0.1.0"
