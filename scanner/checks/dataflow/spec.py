"""The taint model as data: sources, sinks, sanitizers and guards, read from ``rules/dataflow/*.toml``
(and any ``dataflow-specs`` files named in the configuration).

Takes TOML and returns one frozen :class:`Spec` that the taint engine reads. Entries name code only
by registered name: a source's ``how`` is a key of :data:`SOURCE_KINDS`, a sink's ``check`` a key
of :data:`CHECKS` (the conditions live in :mod:`scanner.checks.dataflow.sink_checks`).
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

from scanner.config import ConfigError, read_limited
from scanner.registry import rules_dir

SOURCE_KINDS = ("call", "value", "method")
CHECKS = ("", "subprocess", "yaml-loader", "path-receiver", "upload-save", "html-response", "xml-parser",
          "logger-receiver", "tornado-write")
GUARD_CHECKS = ("", "regex", "prefix")
SINK_KINDS = ("sql", "command", "code", "deserialization", "path", "ssrf", "xss", "redirect", "xml", "log", "ldap",
              "xpath", "template", "token", "session")


@dataclass(frozen=True)
class SourceSpec:
    how: str
    names: frozenset[str]
    methods: frozenset[str]
    labels: frozenset[str]
    what: str


@dataclass(frozen=True)
class SinkSpec:
    kind: str
    what: str
    names: frozenset[str]
    methods: frozenset[str]
    args: tuple[int, ...]
    keywords: frozenset[str]
    receiver: bool
    check: str
    propagates: bool
    # objects the methods are sinks on (a type a [[constructor]] returns); empty: any receiver
    types: frozenset[str] = frozenset()
    # method sinks only: they count in files that import one of these modules (``asyncpg``'s
    # ``conn.fetch(sql)``; ``fetch`` elsewhere is anything); empty: everywhere
    modules: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Cleaner:
    """A sanitizer (the call's result is clean) or a guard (``if guard(x):`` cleans x)."""

    names: frozenset[str]
    methods: frozenset[str]
    clears: frozenset[str]
    arg: int = 0
    check: str = ""  # guards only: a registered condition (scanner.checks.dataflow.guards.CHECKS)
    # sanitizers only: the called function's or method's own name matches (a project's own
    # ``escape_sqlite``, ``quote_identifier``: named for what they escape)
    pattern: re.Pattern | None = None


@dataclass(frozen=True)
class EntryPoint:
    """A function whose parameters are, by their names alone, an entry point's input: an AWS Lambda
    handler ``def handler(event, context)`` (the invoking service's payload), a WSGI application
    ``def app(environ, start_response)`` (the request as CGI variables)."""

    params: tuple[str, ...]  # the function's positional parameters, in order (after self in a method)
    source: str  # the one of them that carries the input
    what: str
    # the input is a WSGI environ: keys the server sets (REMOTE_ADDR, wsgi.url_scheme) are not the client's
    environ: bool = False


@dataclass(frozen=True)
class Constructor:
    """Calls (``names``) that return an object of ``type``, e.g. ``requests.Session()``."""

    type: str
    names: frozenset[str]


@dataclass(frozen=True)
class Carrier:
    """Calls whose result carries only some of their arguments: ``docutils.core.publish_parts(source,
    source_path=...)`` renders ``source``; the file name it is told is not in the document."""

    names: frozenset[str]
    args: tuple[int, ...]
    keywords: frozenset[str]


@dataclass(frozen=True)
class Spec:
    request_objects: frozenset[str]
    request_params: frozenset[str]
    request_annotations: frozenset[str]
    request_attributes: frozenset[str]
    route_decorators: frozenset[str]
    safe_annotations: frozenset[str]
    dependency_defaults: frozenset[str]
    secret_name: re.Pattern
    secret_holders: tuple[str, ...]
    sources: tuple[SourceSpec, ...]
    sinks: tuple[SinkSpec, ...]
    sanitizers: tuple[Cleaner, ...]
    guards: tuple[Cleaner, ...]
    constructors: tuple[Constructor, ...] = ()
    carriers: tuple[Carrier, ...] = ()
    entry_points: tuple[EntryPoint, ...] = ()

    def entry_point(self, params: list[str]) -> EntryPoint | None:
        """The entry point whose parameters are exactly ``params`` (positional, after self)."""
        for e in self.entry_points:
            if tuple(params) == e.params:
                return e
        return None

    @cached_property
    def carried_by(self) -> dict[str, Carrier]:
        return {n: c for c in self.carriers for n in c.names}

    @cached_property
    def constructed_by(self) -> dict[str, str]:
        """Constructor qualified name -> the type it returns."""
        return {n: c.type for c in self.constructors for n in c.names}

    @cached_property
    def constructor_lasts(self) -> frozenset[str]:
        return frozenset(n.rsplit(".", 1)[-1] for n in self.constructed_by)

    @cached_property
    def typed_methods(self) -> frozenset[str]:
        """Method names that are sinks on some type: only these calls need the receiver's type."""
        return frozenset(m for s in self.sinks if s.types for m in s.methods)

    @cached_property
    def call_lasts(self) -> frozenset[str]:
        """Last parts of every name the engine matches calls against: a call whose function is
        named otherwise needs no qualified-name lookup."""
        names = [n for group in (self.sources, self.sinks, self.sanitizers, self.guards, self.carriers)
                 for x in group for n in x.names]
        return frozenset(n.rsplit(".", 1)[-1] for n in names)

    @cached_property
    def value_lasts(self) -> frozenset[str]:
        names = [n for s in self.sources if s.how == "value" for n in s.names] + list(self.request_objects)
        return frozenset(n.rsplit(".", 1)[-1] for n in names)

    def is_secret_name(self, name: str) -> bool:
        return bool(self.secret_name.search(name))


def _strs(d: dict[str, Any], key: str, where: str) -> frozenset[str]:
    v = d.get(key, [])
    if not isinstance(v, list) or not all(isinstance(x, str) for x in v):
        raise ConfigError(f"{where}: '{key}' must be a list of strings")
    return frozenset(v)


def _kinds(d: dict[str, Any], where: str) -> frozenset[str]:
    kinds = _strs(d, "clears", where)
    bad = kinds - set(SINK_KINDS) - {"*"}
    if bad or not kinds:
        raise ConfigError(f"{where}: 'clears' needs sink kinds from {', '.join(SINK_KINDS)} or '*', got {sorted(bad)}")
    return kinds


def _pattern(d: dict[str, Any], where: str) -> re.Pattern | None:
    text = d.get("name-pattern")
    if text is None:
        return None
    try:
        return re.compile(str(text))
    except re.error as exc:
        raise ConfigError(f"{where}: name-pattern: {exc}") from None


def _merge(tables: list[tuple[str, dict[str, Any]]]) -> Spec:
    req: dict[str, set[str]] = {}
    secrets: dict[str, Any] = {}
    sources, sinks, sanitizers, guards, constructors, carriers, entries = [], [], [], [], [], [], []
    for origin, data in tables:
        for key, value in data.get("request", {}).items():
            req.setdefault(key, set()).update(_strs({key: value}, key, f"{origin} [request]"))
        secrets.update(data.get("secrets", {}))
        for i, s in enumerate(data.get("source", [])):
            where = f"{origin} source #{i + 1}"
            if s.get("how") not in SOURCE_KINDS:
                raise ConfigError(f"{where}: 'how' must be one of {', '.join(SOURCE_KINDS)}")
            sources.append(SourceSpec(s["how"], _strs(s, "names", where), _strs(s, "methods", where),
                                      _strs(s, "labels", where) or frozenset({"user"}), str(s.get("what", ""))))
        for i, e in enumerate(data.get("entry-point", [])):
            where = f"{origin} entry-point #{i + 1}"
            params = e.get("params")
            if (not isinstance(params, list) or not params or not all(isinstance(p, str) for p in params)
                    or e.get("source") not in params):
                raise ConfigError(f"{where}: needs 'params' (parameter names) and 'source' (one of them)")
            entries.append(EntryPoint(tuple(params), e["source"], str(e.get("what", e["source"])),
                                      bool(e.get("environ", False))))
        for i, s in enumerate(data.get("sink", [])):
            where = f"{origin} sink #{i + 1}"
            if s.get("kind") not in SINK_KINDS:
                raise ConfigError(f"{where}: 'kind' must be one of {', '.join(SINK_KINDS)}")
            if s.get("check", "") not in CHECKS:
                raise ConfigError(f"{where}: 'check' must be one of {', '.join(c for c in CHECKS if c)}")
            args = s.get("args", [])
            if not isinstance(args, list) or not all(isinstance(a, int) for a in args):
                raise ConfigError(f"{where}: 'args' must be a list of argument positions")
            sinks.append(SinkSpec(s["kind"], str(s.get("what", s["kind"])), _strs(s, "names", where),
                                  _strs(s, "methods", where), tuple(args), _strs(s, "keywords", where),
                                  bool(s.get("receiver", False)), s.get("check", ""), bool(s.get("propagates", False)),
                                  _strs(s, "types", where), _strs(s, "modules", where)))
        for i, c in enumerate(data.get("constructor", [])):
            where = f"{origin} constructor #{i + 1}"
            if not isinstance(c.get("type"), str) or not c.get("names"):
                raise ConfigError(f"{where}: needs 'type' (a string) and 'names'")
            constructors.append(Constructor(c["type"], _strs(c, "names", where)))
        for i, c in enumerate(data.get("carrier", [])):
            where = f"{origin} carrier #{i + 1}"
            args = c.get("args", [])
            if not isinstance(args, list) or not all(isinstance(a, int) for a in args):
                raise ConfigError(f"{where}: 'args' must be a list of argument positions")
            carriers.append(Carrier(_strs(c, "names", where), tuple(args), _strs(c, "keywords", where)))
        for i, s in enumerate(data.get("sanitizer", [])):
            where = f"{origin} sanitizer #{i + 1}"
            sanitizers.append(Cleaner(_strs(s, "names", where), _strs(s, "methods", where), _kinds(s, where),
                                      pattern=_pattern(s, where)))
        for i, s in enumerate(data.get("guard", [])):
            where = f"{origin} guard #{i + 1}"
            if s.get("check", "") not in GUARD_CHECKS:
                raise ConfigError(f"{where}: 'check' must be one of {', '.join(c for c in GUARD_CHECKS if c)}")
            guards.append(Cleaner(_strs(s, "names", where), _strs(s, "methods", where), _kinds(s, where),
                                  int(s.get("arg", 0)), s.get("check", "")))
    try:
        secret_name = re.compile(secrets.get("name-regex", r"(?i)(password|secret|token|api_?key)"))
    except re.error as exc:
        raise ConfigError(f"[secrets] name-regex: {exc}") from None

    def r(key: str) -> frozenset[str]:
        return frozenset(req.get(key, ()))

    return Spec(
        request_objects=r("objects"), request_params=r("params"), request_annotations=r("annotations"),
        request_attributes=r("attributes"), route_decorators=r("route-decorators"),
        safe_annotations=r("safe-annotations"), dependency_defaults=r("dependency-defaults"),
        secret_name=secret_name, secret_holders=tuple(secrets.get("holders", ())),
        sources=tuple(sources), sinks=tuple(sinks), sanitizers=tuple(sanitizers), guards=tuple(guards),
        constructors=tuple(constructors), carriers=tuple(carriers), entry_points=tuple(entries),
    )


@lru_cache(maxsize=8)
def load_spec(extra: tuple[str, ...] = ()) -> Spec:
    """The shipped model plus the user's files, in that order (users add, they do not remove)."""
    tables = []
    for path in [*sorted((rules_dir() / "dataflow").glob("*.toml")), *map(Path, extra)]:
        try:
            tables.append((str(path), tomllib.loads(read_limited(path))))
        except (OSError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"data-flow spec {path}: {exc}") from None
    return _merge(tables)


@lru_cache(maxsize=64)
def sink_mentions(extra: tuple[str, ...], kind: str) -> tuple[tuple[str | None, str], ...]:
    """What a file must contain to hold a sink of ``kind``: (its module's name, ``last_part``
    called as ``last_part(``).

    ``requests.get`` needs both ``requests`` (an import of it, as a word: see :func:`sink_roots`)
    and ``get(``; a method sink or a builtin needs only ``execute(`` / ``eval(``.
    """
    out: dict[tuple[str, str], tuple[str | None, str]] = {}
    spec = load_spec(extra)
    constructors = spec.constructors
    for sink in spec.sinks:
        if sink.kind != kind:
            continue
        for name in sink.names:
            root, _, last = name.partition(".")
            last = name.rsplit(".", 1)[-1]
            key = ("" if root == "builtins" else root, last)
            out.setdefault(key, (None if root == "builtins" else root, last))
        if sink.types:  # session.get(url): the constructor's module must be named (requests.Session)
            for c in constructors:
                if c.type in sink.types:
                    for name in c.names:
                        root = name.split(".", 1)[0]
                        for m in sink.methods:
                            out.setdefault((root, m), (root, m))
            continue
        for m in sink.methods:
            for root in sink.modules or ("",):
                out.setdefault((root, m), (root or None, m))
    return tuple(out.values())


@lru_cache(maxsize=8)
def sink_roots(extra: tuple[str, ...]) -> re.Pattern:
    """Every sink's module name as a word: one pass over a file finds the ones it mentions."""
    roots = {root for kind in SINK_KINDS for root, _ in sink_mentions(extra, kind) if root}
    return re.compile(r"\b(" + "|".join(map(re.escape, sorted(roots, key=lambda r: (-len(r), r)))) + r")\b")


@lru_cache(maxsize=8)
def source_pattern(extra: tuple[str, ...]) -> re.Pattern:
    """A file that matches none of these has no source: ``request.args``, ``def v(request, pk)``,
    ``@app.route(``, ``input(``, ``sys.argv``... (the precise prefilter behind the rules' keywords)."""
    spec = load_spec(extra)
    params = "|".join(map(re.escape, sorted(spec.request_params)))
    attrs = "|".join(map(re.escape, sorted(spec.request_attributes)))
    decorators = "|".join(map(re.escape, sorted(spec.route_decorators)))
    words = set()
    for src in spec.sources:
        words.update(n.rsplit(".", 1)[-1] for n in src.names)
        words.update(src.methods)
    alts = [
        rf"\b(?:{params})\.(?:{attrs})\b",  # request.args, self.request.GET
        rf"\bdef \w+\((?:self, )?(?:{params})\s*(?::\s*\w+\s*)?,\s*\w+",  # a view with URL parameters
        rf"@\w+(?:\.\w+)*\.(?:{decorators})\(",  # @app.route(, @router.get(
        # an entry point by its parameters: def handler(event, context), def app(environ, start_response)
        *(rf"\bdef \w+\(\s*(?:self\s*,\s*)?{re.escape(e.params[0])}\b[^)]*"
          + "".join(rf"\b{re.escape(p)}\b[^)]*" for p in e.params[1:]) for e in spec.entry_points),
        r"\bRequest\b",  # a parameter annotated with a request type
        r"\bself\.(?:kwargs|args)\b",  # a Django class-based view's URL parameters
        r"RequestHandler\b",  # http.server / socketserver / Tornado handlers: self.path, self.headers
        r"\bclass \w+\([^)]*Handler\b",  # a subclass of a project's own handler (imports.is_handler_base)
        rf"\b(?:{'|'.join(map(re.escape, sorted(words)))})\b",
    ]
    return re.compile("|".join(alts))
