# Safe: the doctor command reports only the NAMES of secret environment variables and whether each is set; their values are never printed.
import argparse
import os
import sys

REQUIRED_SECRETS = ("AWS_SECRET_ACCESS_KEY", "SENTRY_DSN", "DATABASE_PASSWORD", "JWT_SIGNING_KEY")


def check_secrets(env=os.environ) -> dict[str, bool]:
    return {name: bool(env.get(name)) for name in REQUIRED_SECRETS}


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(prog="app-doctor", description="check the deployment environment")
    parser.add_argument("--strict", action="store_true", help="exit non-zero when a secret is missing")
    args = parser.parse_args(argv)
    status = check_secrets()
    for name, present in status.items():
        print(f"{name:<24} {'set' if present else 'MISSING'}")
    missing = [n for n, ok in status.items() if not ok]
    if missing and args.strict:
        print(f"{len(missing)} secret(s) missing", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
