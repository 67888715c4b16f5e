# Vulnerable: the --label command-line argument is concatenated into a tar command executed through os.popen (a shell).
import argparse
import datetime
import os
import sys

DEFAULT_SOURCES = ["/etc/nginx", "/srv/app/config"]


def parse_args(argv=None):
    parser = argparse.ArgumentParser(description="Nightly config backup")
    parser.add_argument("--label", default="nightly", help="suffix for the archive name")
    parser.add_argument("--dest", default="/var/backups")
    parser.add_argument("--dry-run", action="store_true")
    return parser.parse_args(argv)


def archive_name(dest: str, label: str) -> str:
    stamp = datetime.date.today().isoformat()
    return os.path.join(dest, "config-" + stamp + "-" + label + ".tar.gz")


def main(argv=None) -> int:
    args = parse_args(argv)
    target = archive_name(args.dest, args.label)
    command = "tar czf " + target + " " + " ".join(DEFAULT_SOURCES)
    if args.dry_run:
        print(command)
        return 0
    with os.popen(command) as pipe:
        output = pipe.read()
    sys.stdout.write(output)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
