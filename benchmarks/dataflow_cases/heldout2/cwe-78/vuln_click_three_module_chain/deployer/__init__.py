# Vulnerable: the --ref option read in cli.py is passed to tasks.deploy, which builds a shell string and hands it to runner.sh, which runs it with shell=True.
__version__ = "0.3.0"
