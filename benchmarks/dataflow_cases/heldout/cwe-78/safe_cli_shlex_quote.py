# safe: every argv value is passed through shlex.quote before being put into the shell command string
import argparse
import shlex
import subprocess


def build_command(repo, branch):
    return "git clone --depth 1 --branch {} {} /tmp/example-checkout".format(shlex.quote(branch), shlex.quote(repo))


def main():
    parser = argparse.ArgumentParser(description="shallow clone helper")
    parser.add_argument("repo")
    parser.add_argument("--branch", default="main")
    args = parser.parse_args()
    cmd = build_command(args.repo, args.branch)
    return subprocess.call(cmd, shell=True)


if __name__ == "__main__":
    raise SystemExit(main())
