from deployer.runner import sh

APP_DIR = "/srv/web/current"


def deploy(ref: str, environment: str) -> str:
    steps = [
        f"cd {APP_DIR}",
        "git fetch --all --prune",
        f"git checkout {ref}",
        f"./bin/migrate --env {environment}",
        "systemctl reload web",
    ]
    return sh(" && ".join(steps))


def status() -> str:
    return sh(f"cd {APP_DIR} && git log -1 --oneline")
