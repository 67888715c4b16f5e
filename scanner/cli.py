"""The command line: click parses options into a Config and calls the importable API.

Nothing here decides what a finding is; it only wires options to ``scanner.engine`` and a
reporter, and turns errors into one-line messages with exit code 2 (tracebacks with --debug).
"""

from __future__ import annotations

import os
import shlex
import sys
import traceback
from pathlib import Path

import click

from scanner import __version__
from scanner.config import FAIL_ON, ConfigError

EXIT_CODES_HELP = """\b
Exit codes:
  0  nothing unsuppressed at or above --fail-on
  1  findings at or above --fail-on
  2  usage, configuration or internal error
"""


def _split(values: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(s.strip() for v in values for s in v.split(",") if s.strip())


def _check_paths(paths: tuple[str, ...]) -> None:
    """A path that does not exist is a usage error (a mistyped path must not pass a CI gate green)."""
    missing = [p for p in paths if not os.path.lexists(p)]
    if missing:
        raise click.UsageError(f"path does not exist: {', '.join(missing)}")


def _use_color(choice: str, to_terminal: bool) -> bool:
    """--color always/never win; auto follows NO_COLOR and FORCE_COLOR (https://no-color.org,
    https://force-color.org: set and non-empty), else colours only a terminal."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    return to_terminal


def _fail(message: str, debug: bool = False) -> None:
    if debug:
        traceback.print_exc()
    click.echo(f"scanner: error: {message}", err=True)
    sys.exit(2)


@click.group(context_settings={"help_option_names": ["-h", "--help"]}, epilog=EXIT_CODES_HELP)
@click.version_option(__version__, prog_name="scanner")
def main() -> None:
    """Find secrets, nested-loop complexity, tainted data flows and lint problems; report SARIF."""


@main.command(epilog=EXIT_CODES_HELP)
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("--format", "fmt", type=click.Choice(["text", "json", "sarif", "github"]), default="text",
              show_default=True, help="Output format.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True), help="Write the report here.")
@click.option("--select", multiple=True, help="Rules to run: id, id prefix, name or family (comma-separated).")
@click.option("--extend-select", multiple=True, help="Rules to add to the default selection.")
@click.option("--ignore", multiple=True, help="Rules to skip: id, id prefix, name or family.")
@click.option("--fail-on", type=click.Choice(FAIL_ON), help="Lowest level that fails the run. [default: warning]")
@click.option("--fail-on-timeout/--no-fail-on-timeout", default=None,
              help="A file whose scan did not finish (file-timeout, a crashed worker) fails the run. [default: on]")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Configuration file (TOML).")
@click.option("--trusted-config", type=click.Path(dir_okay=False),
              help="Use this configuration (kept outside the checkout) and ignore the repository's own.")
@click.option("--no-repo-config", is_flag=True, help="Ignore the repository's configuration: built-in defaults.")
@click.option("--exclude", multiple=True, help="Extra exclude globs (gitignore syntax).")
@click.option("-j", "--jobs", type=click.IntRange(min=0), help="Worker processes (0: all cores).")
@click.option("--category", help="SARIF automationDetails category (for several analyses of one repo).")
@click.option("--color", type=click.Choice(["always", "never", "auto"]), default="auto", show_default=True,
              help="Colour the text output. auto: on a terminal, unless NO_COLOR is set or FORCE_COLOR forces it.")
@click.option("--no-color", is_flag=True, hidden=True, help="Same as --color never.")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
@click.option("--no-cache", is_flag=True, help="Scan every file; neither read nor write the result cache.")
@click.option("--cache-dir", type=click.Path(file_okay=False), help="Result cache directory. [default: ROOT/.scanner-cache]")
@click.option("--baseline", "baseline_file", type=click.Path(dir_okay=False),
              help="Findings in this baseline (scanner baseline create) are suppressed and do not fail the run.")
@click.option("--staged", is_flag=True, help="Scan only the lines added in the staged diff (for pre-commit); a named file "
              "without staged changes is scanned whole.")
@click.option("--history", is_flag=False, flag_value="HEAD", metavar="[REV-RANGE]",
              help="Scan the lines each commit in REV-RANGE added (default: all of HEAD's history).")
@click.option("--diff-base", metavar="REF", help="Report only findings on lines added or changed since the "
              "merge base with REF.")
@click.option("--shard", metavar="K/N", help="Scan a stable 1/N of the files (shard K); combine with `scanner merge`.")
@click.option("--artifacts", is_flag=True, help="List every scanned file with its SHA-256 in SARIF artifacts[].")
@click.option("--include-vendored", is_flag=True, help="Also scan vendored, minified and bundled code "
              "(node_modules/, vendor/, third_party/, *.min.js, ...), left out by default.")
@click.option("--fix", is_flag=True, help="Apply safe fixes in place; report what remains.")
@click.option("--diff", "show_diff", is_flag=True, help="Print the fixes as a unified diff; write nothing.")
def scan(paths, fmt, output, select, extend_select, ignore, fail_on, fail_on_timeout, config_file, trusted_config,
         no_repo_config, exclude, jobs, category,
         color, no_color, debug, no_cache, cache_dir, baseline_file, staged, history, diff_base, shard, artifacts,
         include_vendored, fix, show_diff) -> None:
    """Scan PATHS (files or directories; default: the current directory)."""
    from scanner import engine, scope
    from scanner import config as config_mod
    from scanner.reporters import render

    if not history:  # --history may name files that exist only in past commits
        _check_paths(paths)
    try:
        start = Path(paths[0]) if paths else Path.cwd()
        if trusted_config and config_file:
            raise ConfigError("--trusted-config and --config cannot be combined")
        if no_repo_config and not (config_file or trusted_config):
            cfg = config_mod.Config()
        else:
            cfg = config_mod.load(trusted_config or config_file, start.resolve() if start.exists() else Path.cwd())
        cfg = cfg.with_overrides(
            select=_split(select) or None,
            extend_select=(*cfg.extend_select, *_split(extend_select)) if extend_select else None,
            ignore=(*cfg.ignore, *_split(ignore)) if ignore else None,
            exclude=(*cfg.exclude, *exclude) if exclude else None,
            fail_on=fail_on,
            fail_on_timeout=fail_on_timeout,
            jobs=jobs,
            fix=True if (fix or show_diff) else None,
            include_vendored=True if include_vendored else None,
        )
        plan = engine.make_plan(cfg, debug=debug)
        command_line = shlex.join(["scanner", *sys.argv[1:]])
        from scanner.progress import ProgressBar

        bar = ProgressBar()
        try:
            result = scope.run(paths, plan, staged=staged, history=history, diff_base=diff_base, shard=shard,
                               command_line=command_line, category=category or "",
                               use_cache=not (no_cache or fix or show_diff), cache_dir=cache_dir, progress=bar)
        finally:
            bar.close()
        if fix or show_diff:
            from scanner import fixes

            result, fixed = fixes.apply(result, plan, write=fix and not show_diff)
            if show_diff:
                click.echo("".join(ff.diff() for ff in fixed), nl=False)
                n = sum(len(ff.applied) for ff in fixed)
                click.echo(f"scanner: {n} fix(es) available in {len(fixed)} file(s)", err=True)
                sys.exit(1 if fixed else 0)
            n = sum(len(ff.applied) for ff in fixed)
            click.echo(f"scanner: applied {n} fix(es) in {len(fixed)} file(s)", err=True)
        result = scope.finish(result, baseline=baseline_file or cfg.baseline, artifacts=artifacts)
        from dataclasses import replace as _replace

        from scanner import trust

        result = _replace(result, configuration=trust.narrowing(
            cfg, trusted=bool(trusted_config or no_repo_config), baseline=baseline_file or cfg.baseline, result=result))
        use_color = _use_color("never" if no_color else color, to_terminal=output is None and sys.stdout.isatty())
        text = render(fmt, result, plan.registry.metas, color=use_color and fmt == "text")
    except ConfigError as exc:
        _fail(str(exc), debug)
    except Exception as exc:  # noqa: BLE001 - the CLI's last line of defence
        _fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)", debug)
    if output:
        Path(output).write_text(text, encoding="utf-8")
        if fmt != "text":
            click.echo(render("text", result, plan.registry.metas).splitlines()[-1], err=True)
    else:
        click.echo(text, nl=False, color=use_color and fmt == "text")  # click strips ANSI codes from pipes otherwise
    sys.exit(result.exit_code)


@main.group(invoke_without_command=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json", "markdown"]), default="text", show_default=True)
@click.pass_context
def rules(ctx: click.Context, fmt: str) -> None:
    """List every rule (id, name, family, default level); `rules explain ID` shows its docs."""
    if ctx.invoked_subcommand:
        return
    from scanner import registry

    reg = registry.build()
    metas = sorted(reg.metas.values(), key=lambda m: m.id)
    if fmt == "markdown":
        from scanner import ruledocs

        click.echo(ruledocs.render(metas), nl=False)
        return
    if fmt == "json":
        import json

        click.echo(json.dumps([
            {"id": m.id, "name": m.name, "family": m.family, "level": m.level, "summary": m.summary,
             "enabled_by_default": m.enabled_by_default, "fixable": m.fixable, "tags": m.sarif_tags}
            for m in metas], indent=2))
        return
    for m in metas:
        flag = "" if m.enabled_by_default else "  (off by default)"
        click.echo(f"{m.id:<8} {m.name:<40} {m.family:<11} {m.level:<8} {m.summary}{flag}")


@rules.command()
@click.argument("rule")
def explain(rule: str) -> None:
    """Show the docs of RULE (id or name)."""
    from scanner import registry

    reg = registry.build()
    meta = reg.metas.get(rule.upper()) or next((m for m in reg.metas.values() if m.name == rule.lower()), None)
    if meta is None:
        _fail(f"no rule named {rule!r} (see `scanner rules`)")
    click.echo(f"{meta.id} {meta.name} ({meta.family}, default level {meta.level})\n")
    click.echo(f"{meta.summary}\n")
    if meta.docs:
        click.echo(meta.docs.strip() + "\n")
    if meta.options:
        click.echo("Options:")
        for k, v in meta.options:
            click.echo(f"  {k} = {v!r}")
    if meta.equivalents:
        click.echo(f"Equivalents: {', '.join(meta.equivalents)}")
    tags = ", ".join(meta.sarif_tags)
    click.echo(f"Tags: {tags}")


@main.group()
def baseline() -> None:
    """Accept today's findings: `baseline create` writes them; `scan --baseline FILE` fails only on new ones."""


@baseline.command("create")
@click.argument("paths", nargs=-1, type=click.Path(path_type=str))
@click.option("-o", "--output", type=click.Path(dir_okay=False),
              help="Baseline file. [default: 'baseline' from the config, else .scanner-baseline.json]")
@click.option("--select", multiple=True, help="Rules to run: id, id prefix, name or family (comma-separated).")
@click.option("--ignore", multiple=True, help="Rules to skip: id, id prefix, name or family.")
@click.option("--config", "config_file", type=click.Path(dir_okay=False), help="Configuration file (TOML).")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
def baseline_create(paths, output, select, ignore, config_file, debug) -> None:
    """Scan PATHS and record every unsuppressed finding (rule, path, fingerprint; no plaintext)."""
    from scanner import baseline as baseline_mod
    from scanner import config as config_mod
    from scanner import engine

    _check_paths(paths)
    try:
        start = Path(paths[0]) if paths else Path.cwd()
        cfg = config_mod.load(config_file, start.resolve() if start.exists() else Path.cwd())
        cfg = cfg.with_overrides(select=_split(select) or None, ignore=(*cfg.ignore, *_split(ignore)) if ignore else None)
        result = engine.scan_paths(list(paths) or ["."], plan=engine.make_plan(cfg, debug=debug))
        target = Path(output or cfg.baseline or baseline_mod.DEFAULT_NAME)
        count = baseline_mod.write(target, result)
    except ConfigError as exc:
        _fail(str(exc), debug)
    except OSError as exc:
        _fail(f"cannot write baseline: {exc.strerror}: {exc.filename}", debug)
    except Exception as exc:  # noqa: BLE001
        _fail(f"internal error: {type(exc).__name__}: {exc} (run with --debug for details)", debug)
    click.echo(f"Wrote {count} finding{'s' if count != 1 else ''} to {target}", err=True)


@main.command()
@click.argument("reports", nargs=-1, required=True, type=click.Path(exists=True, dir_okay=False))
@click.option("-o", "--output", type=click.Path(dir_okay=False), help="Write the merged SARIF here (default: stdout).")
@click.option("--debug", is_flag=True, help="Show tracebacks for internal errors.")
def merge(reports, output, debug) -> None:
    """Combine SARIF reports of `scan --shard K/N` runs into one run (exit 1 if the shards found problems)."""
    import json

    from scanner import merge as merge_mod

    try:
        merged, code = merge_mod.merge_files([Path(r) for r in reports], command_line=shlex.join(["scanner", *sys.argv[1:]]))
    except merge_mod.MergeError as exc:
        _fail(str(exc), debug)
    except (KeyError, TypeError, AttributeError, ValueError, IndexError, RecursionError) as exc:
        from scanner.reporters import printable  # a hostile report: one line, exit 2, never a traceback

        _fail(printable(f"a report is not a SARIF log that scanner merge can read "
                        f"({type(exc).__name__}: {str(exc)[:120]})"), debug)
    text = json.dumps(merged, indent=2, ensure_ascii=False) + "\n"
    if output:
        Path(output).write_text(text, encoding="utf-8")
    else:
        click.echo(text, nl=False)
    sys.exit(code)


@main.command()
def lsp() -> None:
    """Run the language server on stdio (diagnostics on open/change/save, quick fixes)."""
    from scanner.lsp import serve

    serve()
