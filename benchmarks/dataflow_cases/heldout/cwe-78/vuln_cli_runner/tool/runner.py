import subprocess

HOOK_DIR = "/etc/example-tool/hooks"


def run_hook(hook, extra):
    command = f"{HOOK_DIR}/{hook} " + " ".join(extra)
    return subprocess.call(command, shell=True)
