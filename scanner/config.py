"""Configuration: ``[tool.scanner]`` in pyproject.toml, ``.scanner.toml``, or ``--config FILE``.

Takes TOML (and command-line overrides) and returns one frozen :class:`Config` that is passed
explicitly to every stage; nothing reads settings globally. Unknown keys and bad values raise
:class:`ConfigError` with a one-line message naming the key (the CLI exits 2).
"""

from __future__ import annotations

import errno
import os
import stat
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from scanner.model import LEVELS

FAIL_ON = ("error", "warning", "note", "never")
DEFAULT_EXCLUDES = (
    ".git",
    ".hg",
    ".svn",
    ".venv",
    "venv",
    ".tox",
    ".nox",
    "node_modules",  # discovery treats it as vendored (VENDORED_EXCLUDES); history scans always skip it
    "__pycache__",
    ".mypy_cache",
    ".pytest_cache",
    ".ruff_cache",
    ".scanner-cache",
)
# Code a project ships but did not write: left out unless `include-vendored` is true (one notice
# says how many files). Bundled builds are found by content too (see discovery.is_bundled).
VENDORED_EXCLUDES = (
    "node_modules/",
    "vendor/",
    "vendored/",
    "_vendor/",
    "third_party/",
    "third-party/",
    "bower_components/",
    "*.min.js",
    "*.min.mjs",
    "*.min.css",
)


class ConfigError(Exception):
    pass


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()  # empty: every rule enabled by default
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    fail_on: str = "warning"
    max_file_size: int = 10 * 1024 * 1024
    file_timeout: float = 30.0  # seconds per file's rule run; 0: no limit (see docs/reliability.md)
    fail_on_timeout: bool = True  # a file whose scan did not finish (time-out, worker crash) fails the run
    jobs: int = 0  # 0: all cores
    respect_gitignore: bool = True
    include_vendored: bool = False  # scan VENDORED_EXCLUDES and bundled builds too
    rule_options: dict[str, dict[str, Any]] = field(default_factory=dict)
    rule_levels: dict[str, str] = field(default_factory=dict)
    secret_packs: tuple[str, ...] = ()
    secret_context_levels: dict[str, str] = field(default_factory=dict)  # "test" -> "note" (docs/secrets.md)
    treesitter_packs: tuple[str, ...] = ()
    baseline: str = ""  # absolute; checked to lie inside the config's directory
    dataflow_specs: tuple[str, ...] = ()  # extra taint models (rules/dataflow/*.toml format)
    source: str = ""  # where it was read from, for messages
    fix: bool = False  # build Fix objects for fixable findings (--fix / --diff)

    def with_overrides(self, **changes: Any) -> Config:
        changes = {k: v for k, v in changes.items() if v is not None}
        return replace(self, **changes)


def _str_list(key: str, value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"'{key}' must be a list of strings")
    return tuple(value)


def _check(cond: bool, msg: str) -> None:
    if not cond:
        raise ConfigError(msg)


def _size(key: str, value: Any) -> int:
    if isinstance(value, bool):
        raise ConfigError(f"'{key}' must be a size such as 10485760, '512k' or '10M'")
    if isinstance(value, int) and value > 0:
        return value
    if isinstance(value, str):
        units = {"k": 1024, "m": 1024**2, "g": 1024**3}
        v = value.strip().lower().removesuffix("b") or "x"
        mult = units.get(v[-1], 1)
        num = v[:-1] if v[-1] in units else v
        if num.isdigit() and int(num) > 0:
            return int(num) * mult
    raise ConfigError(f"'{key}' must be a size such as 10485760, '512k' or '10M', not {value!r}")


TOP_KEYS = {
    "select",
    "extend-select",
    "ignore",
    "exclude",
    "fail-on",
    "max-file-size",
    "file-timeout",
    "fail-on-timeout",
    "jobs",
    "respect-gitignore",
    "include-vendored",
    "rules",
    "secret-packs",
    "secret-context-levels",
    "treesitter-packs",
    "baseline",
    "dataflow-specs",
}


SECRET_CONTEXTS = ("production", "test", "docs", "example")
# a secret context's level may also be "off": the findings of that context are not reported
CONTEXT_LEVELS = (*LEVELS, "off")
OFF = "off"


def context_levels(value: Any, key: str) -> dict[str, str]:
    """A table of path context -> level (``{test = "note", docs = "note"}``; ``"off"``: not reported)."""
    _check(isinstance(value, dict), f"'{key}' must be a table such as {{ test = \"note\" }}")
    for ctx, level in value.items():
        _check(ctx in SECRET_CONTEXTS, f"'{key}': unknown context {ctx!r} (known: {', '.join(SECRET_CONTEXTS)})")
        _check(level in LEVELS or level == OFF, f"'{key}.{ctx}' must be one of {', '.join(CONTEXT_LEVELS)}, not {level!r}")
    return dict(value)


def from_table(table: dict[str, Any], origin: str, base_dir: Path) -> Config:
    """Validate one ``[tool.scanner]`` table. Per-rule options are checked later against the rules."""
    unknown = sorted(set(table) - TOP_KEYS)
    if unknown:
        raise ConfigError(f"unknown key '{unknown[0]}' in {origin} (known: {', '.join(sorted(TOP_KEYS))})")
    kw: dict[str, Any] = {"source": origin}
    for key in ("select", "extend-select", "ignore", "exclude"):
        if key in table:
            kw[key.replace("-", "_")] = _str_list(key, table[key])
    if "fail-on" in table:
        _check(table["fail-on"] in FAIL_ON, f"'fail-on' must be one of {', '.join(FAIL_ON)}, not {table['fail-on']!r}")
        kw["fail_on"] = table["fail-on"]
    if "max-file-size" in table:
        kw["max_file_size"] = _size("max-file-size", table["max-file-size"])
    if "file-timeout" in table:
        v = table["file-timeout"]
        _check(isinstance(v, (int, float)) and not isinstance(v, bool) and 0 <= v <= 86400,
               f"'file-timeout' must be a number of seconds between 0 (no limit) and 86400, not {v!r}")
        kw["file_timeout"] = float(v)
    if "fail-on-timeout" in table:
        _check(isinstance(table["fail-on-timeout"], bool), "'fail-on-timeout' must be true or false")
        kw["fail_on_timeout"] = table["fail-on-timeout"]
    if "jobs" in table:
        v = table["jobs"]
        _check(isinstance(v, int) and not isinstance(v, bool) and v >= 0, "'jobs' must be a whole number >= 0")
        kw["jobs"] = v
    if "respect-gitignore" in table:
        _check(isinstance(table["respect-gitignore"], bool), "'respect-gitignore' must be true or false")
        kw["respect_gitignore"] = table["respect-gitignore"]
    from scanner.baseline import inside  # packs and specs, like the baseline, stay inside the project
    if "secret-context-levels" in table:
        kw["secret_context_levels"] = context_levels(table["secret-context-levels"], "secret-context-levels")
    if "include-vendored" in table:
        _check(isinstance(table["include-vendored"], bool), "'include-vendored' must be true or false")
        kw["include_vendored"] = table["include-vendored"]

    if "secret-packs" in table:
        kw["secret_packs"] = tuple(str(inside(p, base_dir, f"'secret-packs' in {origin}"))
                                   for p in _str_list("secret-packs", table["secret-packs"]))
    if "treesitter-packs" in table:
        kw["treesitter_packs"] = tuple(str(inside(p, base_dir, f"'treesitter-packs' in {origin}"))
                                       for p in _str_list("treesitter-packs", table["treesitter-packs"]))
    if "baseline" in table:
        _check(isinstance(table["baseline"], str) and table["baseline"] != "", "'baseline' must be a file path")
        kw["baseline"] = str(inside(table["baseline"], base_dir, f"'baseline' in {origin}"))
    if "dataflow-specs" in table:
        kw["dataflow_specs"] = tuple(str(inside(p, base_dir, f"'dataflow-specs' in {origin}"))
                                     for p in _str_list("dataflow-specs", table["dataflow-specs"]))
    if "rules" in table:
        rules = table["rules"]
        _check(isinstance(rules, dict), "'rules' must be a table of per-rule tables")
        options: dict[str, dict[str, Any]] = {}
        for rule, opts in rules.items():
            _check(isinstance(opts, dict), f"'rules.{rule}' must be a table")
            options[rule] = dict(opts)
        kw["rule_options"] = options  # resolved to rule ids by resolve_rule_options()
    return Config(**kw)


MAX_DATA_FILE = 4 * 1024 * 1024  # configuration, rule packs, specs, baselines: far below this


def read_limited(path: Path | str, cap: int = MAX_DATA_FILE) -> str:
    """A data file the repository may provide (config, pack, spec, baseline, .gitignore) as UTF-8
    text: a regular file only (a FIFO or device is never waited on: ``O_NONBLOCK`` then ``fstat``),
    at most ``cap`` bytes. Raises ``OSError`` (with a reason) or ``UnicodeDecodeError``."""
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as fh:
        st = os.fstat(fh.fileno())
        if not stat.S_ISREG(st.st_mode):
            raise OSError(errno.EINVAL, "not a regular file")
        if st.st_size > cap:
            raise OSError(errno.EFBIG, f"larger than {cap // (1024 * 1024)} MiB")
        data = fh.read(cap + 1)
    if len(data) > cap:
        raise OSError(errno.EFBIG, f"larger than {cap // (1024 * 1024)} MiB")
    return data.decode("utf-8")


def read_toml(path: Path) -> dict[str, Any]:
    try:
        return tomllib.loads(read_limited(path))
    except UnicodeDecodeError:
        raise ConfigError(f"{path} is not UTF-8") from None
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror}") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path} is not valid TOML: {exc}") from None


def load_file(path: Path) -> Config:
    data = read_toml(path)
    if path.name == "pyproject.toml":
        table = data.get("tool", {}).get("scanner", {})
        return from_table(table, f"[tool.scanner] in {path}", path.parent)
    table = data.get("tool", {}).get("scanner", data) if path.name != ".scanner.toml" else data
    return from_table(table, str(path), path.parent)


def find_config(start: Path) -> Path | None:
    """The nearest .scanner.toml, or pyproject.toml with a [tool.scanner] table, at or above start."""
    start = start if start.is_dir() else start.parent
    for d in (start, *start.parents):
        candidate = d / ".scanner.toml"
        if candidate.is_file():
            return candidate
        pp = d / "pyproject.toml"
        if pp.is_file():
            try:
                if "scanner" in read_toml(pp).get("tool", {}):
                    return pp
            except ConfigError:
                return pp  # surface the TOML error
        if (d / ".git").exists():
            break
    return None


def load(config_file: str | None, start: Path) -> Config:
    if config_file:
        path = Path(config_file)
        if not path.is_file():
            raise ConfigError(f"config file {config_file} does not exist")
        return load_file(path)
    found = find_config(start)
    return load_file(found) if found else Config()


def resolve_rule_options(config: Config, metas: dict[str, Any]) -> Config:
    """Map ``rules.<id|name>`` tables to rule ids, and validate option names, types and levels."""
    by_name = {m.name: m for m in metas.values()}
    options: dict[str, dict[str, Any]] = {}
    levels: dict[str, str] = {}
    for key, opts in config.rule_options.items():
        meta = metas.get(key) or by_name.get(key)
        if meta is None:
            raise ConfigError(f"unknown rule '{key}' in 'rules' ({config.source or 'configuration'})")
        defaults = meta.default_options
        clean: dict[str, Any] = {}
        for name, value in opts.items():
            if name == "level":
                _check(value in LEVELS, f"'rules.{key}.level' must be one of {', '.join(LEVELS)}, not {value!r}")
                levels[meta.id] = value
                continue
            if name not in defaults:
                known = ", ".join(["level", *sorted(defaults)])
                raise ConfigError(f"unknown option 'rules.{key}.{name}' (known: {known})")
            want = type(defaults[name])
            ok = isinstance(value, want) and not (isinstance(value, bool) and want is not bool)
            if want is float and isinstance(value, int) and not isinstance(value, bool):
                ok, value = True, float(value)
            if want in (list, tuple) and isinstance(value, list):
                ok, value = True, tuple(value) if want is tuple else value
            _check(ok, f"'rules.{key}.{name}' must be {want.__name__}, not {value!r}")
            clean[name] = value
        options[meta.id] = clean
    return replace(config, rule_options=options, rule_levels=levels)


def default_jobs(config: Config) -> int:
    return config.jobs or os.cpu_count() or 1
