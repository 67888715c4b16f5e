"""Module names of the scanned project -> its files and their facts (:class:`Resolver`), with a
per-process memo per scan (module facts, call reaches, parsed modules). Every resolution is
recorded, so the result cache knows what a file's findings depend on."""

from __future__ import annotations

import ast
import weakref
from collections import OrderedDict
from typing import Any

from scanner.checks.dataflow.django_views import is_handler_class
from scanner.checks.dataflow.modfacts import FuncFacts, ModFacts, Reaches, facts_from_ast, modelled
from scanner.checks.dataflow.spec import load_spec
from scanner.source import Source

MAX_REEXPORT = 4  # ``from .db import f`` in an ``__init__.py``, followed this many times


class Memo:
    """Per process and per scan (one per ProjectIndex): module facts, call reaches, parsed modules."""

    def __init__(self) -> None:
        self.facts: dict[str, ModFacts] = {}
        self.reaches: dict[tuple[str, str], Reaches] = {}
        self.parsed: OrderedDict[str, tuple[Source, Any, ast.Module] | str] = OrderedDict()


_MEMOS: weakref.WeakKeyDictionary[Any, Memo] = weakref.WeakKeyDictionary()


def memo_for(index: Any) -> Memo:
    m = _MEMOS.get(index)
    if m is None:
        m = _MEMOS[index] = Memo()
    return m


class Resolver:
    """Module names -> files and their facts, recording every resolution in ``deps``."""

    def __init__(self, index: Any, extra: tuple[str, ...], deps: dict[str, tuple[str, str]],
                 broken: dict[str, str]) -> None:
        self.index = index
        self.extra = extra
        self.memo = memo_for(index)
        self.modelled = modelled(load_spec(extra))
        self.deps = deps
        self.broken = broken  # file -> why, for the modules a call led into that do not parse

    def module(self, name: str) -> str | None:
        rel = self.index.resolve(name)
        self.deps[name] = (rel or "", self.index.sha(rel) if rel else "")
        return rel

    def facts(self, relpath: str) -> ModFacts:
        got = self.memo.facts.get(relpath)
        if got is None:
            got = self._facts(relpath)
            self.memo.facts[relpath] = got
        return got

    def _facts(self, relpath: str) -> ModFacts:
        from scanner import parsing

        data = self.index.read(relpath)
        if data is None:
            return ModFacts(relpath, {}, {}, {}, "cannot be read")
        source = Source.from_bytes(relpath, data)
        try:
            tree = parsing.parse_ast(source)
            return facts_from_ast(self.index, relpath, tree, source, self.extra)
        except parsing.ParseError as exc:
            return ModFacts(relpath, {}, {}, {}, exc.message)
        except RecursionError:
            return ModFacts(relpath, {}, {}, {}, "nested too deeply")

    def targets(self, imports: dict, dotted: str) -> list[tuple[str, str]]:
        """(module, function) pairs a call named ``dotted`` may run, by the calling module's imports."""
        root, _, rest = dotted.partition(".")
        imp = imports.get(root)
        if imp is None:
            return []
        modules, name = imp
        rest_parts = rest.split(".") if rest else []
        out = []
        for mod in modules:
            if name is None:  # import a.b [as m]: m.f(), a.b.f()
                parts = [*mod.split("."), *rest_parts]
                if len(parts) > 1 and rest_parts:
                    out.append((".".join(parts[:-1]), parts[-1]))
                if len(parts) > 2 and len(rest_parts) >= 2:  # m.Class.method()
                    out.append((".".join(parts[:-2]), ".".join(parts[-2:])))
            elif not rest_parts:  # from m import f: f()
                out.append((mod, name))
            elif len(rest_parts) == 1:  # from pkg import mod: mod.f(); from m import Class: Class.method()
                out.append((f"{mod}.{name}" if mod else name, rest_parts[0]))
                out.append((mod, f"{name}.{rest_parts[0]}"))
            elif len(rest_parts) == 2:  # from pkg import mod: mod.Class.method()
                out.append((f"{mod}.{name}" if mod else name, ".".join(rest_parts)))
        return out

    def locate(self, module: str, name: str, depth: int = 0) -> tuple[str, str] | None:
        """The (file, top-level function) that ``module.name`` is, following re-exports."""
        rel = self.module(module)
        if rel is None:
            return None
        facts = self.facts(rel)
        if facts.error:
            self.broken[rel] = facts.error
        if name in facts.funcs:
            return rel, name
        if depth < MAX_REEXPORT and name.split(".", 1)[0] in facts.imports:
            for mod, inner in self.targets(facts.imports, name):
                got = self.locate(mod, inner, depth + 1)
                if got is not None:
                    return got
        return None

    def is_handler(self, imports: dict, dotted: str) -> bool:
        """The class that ``dotted`` names through ``imports`` derives from a ``...RequestHandler``
        (``is_handler_class``) through classes of scanned modules: ``class Page(BaseHandler)`` with
        ``BaseHandler(tornado.web.RequestHandler)`` in another module (re-exports followed)."""
        todo, seen = [(imports, dotted, 0)], set()
        while todo:
            imps, wanted, depth = todo.pop()
            for module, name in self.targets(imps, wanted) if depth <= MAX_REEXPORT else ():
                rel = self.module(module)
                if rel is None or (rel, name) in seen:
                    continue
                seen.add((rel, name))
                facts = self.facts(rel)
                if name not in facts.classes:  # from .handlers import BaseHandler in an __init__.py
                    if name.split(".", 1)[0] in facts.imports:
                        todo.append((facts.imports, name, depth + 1))
                    continue
                for base in facts.classes[name]:
                    if is_handler_class([base]):
                        return True
                    if base.split(".", 1)[0] in facts.imports:
                        todo.append((facts.imports, base, depth + 1))
        return False

    def resolve_call(self, imports: dict, dotted: str) -> tuple[str, str] | None:
        for module, name in self.targets(imports, dotted):
            if f"{module}.{name}" in self.modelled:
                return None  # a source, sink, sanitizer or guard of the spec: the engine never looks inside
            got = self.locate(module, name)
            if got is not None:
                return got
        return None

    def _callees(self, rel: str, facts: ModFacts, calls: frozenset[str]) -> list[tuple[str, str, bool]]:
        """(file, name, is a method) of the functions that calls named ``calls`` in ``rel`` may run."""
        out = []
        for dotted in sorted(calls):
            root, _, rest = dotted.partition(".")
            if root in ("self", "cls") and rest and "." not in rest:
                if rest in facts.methods:
                    out.append((rel, rest, True))
            elif not rest and dotted in facts.funcs and dotted not in facts.imports:
                out.append((rel, dotted, False))
            elif root in facts.imports:
                target = self.resolve_call(facts.imports, dotted)
                if target is not None:
                    out.append((*target, False))
        return out

    def _search(self, start: tuple[str, str, bool], attr: str) -> list[FuncFacts]:
        """The functions ``start`` may run, following the calls its facts list under ``attr``."""
        todo, seen, out = [start], {start}, []
        while todo:
            rel, name, method = todo.pop()
            facts = self.facts(rel)
            for ff in facts.methods.get(name, []) if method else [facts.funcs[name]]:
                out.append(ff)
                for key in self._callees(rel, facts, getattr(ff, attr)):
                    if key not in seen:
                        seen.add(key)
                        todo.append(key)
        return out

    def reaches(self, rel: str, name: str) -> Reaches:
        """What calling ``name`` of ``rel`` may do, across modules (graph searches, so cycles end)."""
        key = (rel, name)
        got = self.memo.reaches.get(key)
        if got is None:
            deps: dict[str, tuple[str, str]] = {}
            broken: dict[str, str] = {}
            inner = Resolver(self.index, self.extra, deps, broken)
            passed = inner._search((rel, name, False), "arg_calls")  # where a parameter's value goes
            returned = inner._search((rel, name, False), "ret_calls")  # where the result comes from
            got = Reaches(frozenset().union(*(f.sinks for f in passed)),
                          frozenset().union(*(f.labels for f in returned)),
                          any(f.cleans for f in passed), passed[0].returns_param,
                          tuple(sorted((m, r, s) for m, (r, s) in deps.items())), tuple(sorted(broken.items())))
            self.memo.reaches[key] = got
        self.deps.update({m: (r, s) for m, r, s in got.deps})
        self.broken.update(got.broken)
        return got

