import os
import subprocess

from .quoting import q, q_all

HOOK_DIR = "/etc/example-tool/hooks"


def run_hook(hook, extra):
    command = q(os.path.join(HOOK_DIR, os.path.basename(hook))) + " " + q_all(extra)
    return subprocess.call(command, shell=True)
