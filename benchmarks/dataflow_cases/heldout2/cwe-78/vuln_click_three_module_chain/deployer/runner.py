import logging
import subprocess

log = logging.getLogger("deployer.runner")


def sh(command: str, timeout: int = 600) -> str:
    log.info("running: %s", command)
    return subprocess.check_output(command, shell=True, text=True, stderr=subprocess.STDOUT, timeout=timeout)
