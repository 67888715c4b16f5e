import sys

from tool.runner import run_hook


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        print("usage: tool HOOK [ARGS...]")
        return 2
    hook, extra = argv[0], argv[1:]
    return run_hook(hook, extra)


if __name__ == "__main__":
    raise SystemExit(main())
