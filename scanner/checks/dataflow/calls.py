"""Transfer functions of calls: sources that are calls, sanitizers, sinks and their conditions,
functions of the module (summaries) and of other modules, methods that store their arguments in
the receiver, and what a call returns. A mixin of :class:`~scanner.checks.dataflow.walker.Walker`."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import libcst as cst

from scanner.checks.dataflow import names, objects, sessions, templates
from scanner.checks.dataflow.django_views import HANDLER_CLASS_METHODS
from scanner.checks.dataflow.flow import Hit, Origin, Summary, Taint, Value, join, map_taints, spliced
from scanner.checks.dataflow.guards import literal
from scanner.checks.dataflow.sink_checks import CHECKS
from scanner.checks.dataflow.spec import SinkSpec
from scanner.checks.dataflow.syntax import SAFE_URL_PREFIX, URL_KINDS, dotted

# Methods that put their arguments into the object they are called on (`parts.append(x)`,
# `buf.write(chunk)`): the receiver variable carries the argument's taint afterwards.
_ELEMENT_MUTATORS = frozenset({"append", "appendleft", "extend", "extendleft", "insert", "add"})
# ``set``: configparser's ``config.set(section, key, value)`` (then ``config.get(section, key)``),
# caches and context variables: the receiver holds the value
_MUTATORS = _ELEMENT_MUTATORS | {"update", "setdefault", "write", "writelines", "set", "read_string", "read_dict"}
# Methods that put their arguments into a larger string (`"{}: {}".format(a, b)`, `" ".join(parts)`)
_SPLICERS = frozenset({"format", "format_map", "join", "substitute", "safe_substitute"})
# Calls whose result holds their keyword arguments: a secret passed as `password=` stays in it.
_KEYWORD_DATA = frozenset({
    "dict", "format", "format_map", "substitute", "safe_substitute", "update", "setdefault", "replace",
    "copy", "partial", "SimpleNamespace", "Namespace", "namedtuple", "render", "render_template",
    "render_template_string", "render_to_string", "dumps", "urlencode", "encode", "join", "Markup",
    "mark_safe", "OrderedDict", "defaultdict", "Counter",
})
_ENV_READS = frozenset({"os.getenv", "os.environ.get"})
_RENDERERS = frozenset({"flask.render_template", "django.shortcuts.render", "django.template.loader.render_to_string"})


def _chosen(call: cst.Call, args: list[Value], positions: Any, keywords: Any, all_stars: bool = False) -> list[Value]:
    """The values of the arguments at ``positions`` or passed as one of ``keywords``; of the starred
    ones, a ``*args`` always, a ``**kwargs`` when the next position is one of ``positions`` (every
    starred one with ``all_stars``)."""
    out, pos = [], 0
    for a, v in zip(call.args, args, strict=True):
        if a.keyword is not None:
            if a.keyword.value in keywords:
                out.append(v)
        elif not a.star:
            if pos in positions:
                out.append(v)
            pos += 1
        elif all_stars or pos in positions or a.star == "*":
            out.append(v)
    return out


class Calls:
    """Calls of a :class:`~scanner.checks.dataflow.walker.Walker` (its ``fa``, ``spec``, ``state``)."""

    fa: Any
    spec: Any
    state: dict
    cls: Any

    # ----- calls -----------------------------------------------------------------------------

    def stored_env(self, func: cst.BaseExpression, qn: frozenset[str]) -> Value:
        """What this function stored in ``os.environ`` (``os.environ["K"] = x``) that
        ``os.getenv("K")`` / ``os.environ.get("K")`` reads back (any key: keys are not told apart)."""
        if not qn & _ENV_READS or not isinstance(func, cst.Attribute):
            return ()
        if isinstance(func.value, cst.Attribute) and isinstance(func.value.value, cst.Name):  # os.environ.get
            return self.state.get((self.fa.key(func.value.value), func.value.attr.value), ())
        if isinstance(func.value, cst.Name):  # os.getenv
            return self.state.get((self.fa.key(func.value), "environ"), ())
        return ()

    def call(self, e: cst.Call) -> Value:
        func = e.func
        method = func.attr.value if isinstance(func, cst.Attribute) else None
        recv: Value = self.expr(func.value) if isinstance(func, cst.Attribute) else ()
        if isinstance(func, (cst.Call, cst.Subscript)):
            recv = self.expr(func)
        args: list[Value] = [self.expr(a.value) for a in e.args]
        if method in _MUTATORS and any(args):
            self.mutate(func.value, method, args)
        last = method or (func.value if isinstance(func, cst.Name) else "")
        qn = self.fa.qnames(func) if last in self.spec.call_lasts else frozenset()

        result: Value | None = None
        if method and method in self.spec.request_attributes and self.is_request(func.value):
            result = (Taint(Origin(self.fa.code(e), frozenset({"user"}), e)),)
        elif method in HANDLER_CLASS_METHODS and self.fa.uses_handlers and objects.handler_attr(self, func):
            result = (Taint(Origin(self.fa.code(e), frozenset({"user"}), e)),)  # Tornado: self.get_argument("q")
        for src in self.spec.sources:
            if (src.how == "call" and qn & src.names) or (src.how == "method" and method in src.methods):
                what = self.fa.code(e)
                labels = src.labels
                first = names.secret_key(self, e.args[0].value) if e.args else None
                if first is not None and self.spec.is_secret_name(first):
                    labels = labels | {"secret"}
                result = join(self.stored_env(func, qn), (Taint(Origin(what, labels, e)),))
        if result is None and method == "get" and e.args:
            name = names.secret_key(self, e.args[0].value) or literal(e.args[0].value)
            if name is not None and self.server_set(func.value, name):
                return ()
            if name is not None:
                result = self.secret_origin(e, name, recv, func.value)
                if result == recv:
                    result = None

        self.check_sinks(e, qn, method, recv, args)
        if qn & _RENDERERS:
            self.unsafe_template(e, args)
        if method in sessions.SESSION_WRITERS and any(args) and sessions.is_session(self, func.value):
            self.sink_value("session", e, f"{self.fa.code(func, 40)}() ({sessions.WHAT})", join(*args))

        for san in self.spec.sanitizers:
            if qn & san.names or (method and method in san.methods and not self._project_method(func)) or (
                    san.pattern is not None and isinstance(last, str) and san.pattern.search(last)):
                return map_taints(join(recv, *args), lambda t, k=san.clears: t.clear(k))
        if result is not None:
            return result

        local = self.resolve_local(func) or objects.resolve_method(self, func)
        if local is not None:
            summ = self.fa.summary(local[0])
            if summ is not None:
                out = self.apply_summary(e, local[0], local[1], summ, args)
                return out if local[0].name.value != "__init__" else join(recv, *args)

        if local is None and self.fa.xmod is not None:  # a function of another scanned module
            imported = self.fa.xmod.call(self, e, args)
            if imported is not None:
                return imported

        # What a sink returns (a cursor, a process result, a response) is not the data it consumed:
        # `return conn.execute(q).fetchall()` in a view is not the query echoed back as HTML.
        if any(not s.propagates and (qn & s.names or (method and method in s.methods and self.uses(s, e)))
               for s in self.spec.sinks):
            return recv if method else ()

        # connect(host=h, password=pw): a secret handed over as a credential is used, not returned
        # (the connection or client that comes back is not the password)
        if last not in _KEYWORD_DATA and objects.facts(self.fa).local_class(func) is None:
            args = [() if a.keyword is not None and self.spec.is_secret_name(a.keyword.value) else v
                    for a, v in zip(e.args, args, strict=True)]
        # d.get(key, default): the value comes from the mapping, not from the key
        out = join(recv, *args[1:]) if method == "get" else join(recv, *args)
        carrier = next((self.spec.carried_by[q] for q in qn if q in self.spec.carried_by), None)
        if carrier is not None:  # publish_parts(source, source_path=...): only the source is in the result
            out = join(*_chosen(e, args, carrier.args, carrier.keywords, all_stars=True))
        for sink in self.spec.sinks:
            if sink.propagates and qn & sink.names:
                out = map_taints(out, lambda t, k=frozenset({sink.kind}): t.clear(k))
        if method == "format":
            prefix = literal(func.value)
            if prefix is not None and SAFE_URL_PREFIX.match(prefix.split("{", 1)[0]):
                out = join(recv, *(map_taints(a, lambda t: t.clear(URL_KINDS)) for a in args))
        if method in ("split", "rsplit", "splitlines", "join"):  # a whole string (or a new list)
            out = map_taints(out, lambda t: replace(t, shape=""))
        if method in _SPLICERS:
            out = spliced(out)
        return out

    def unsafe_template(self, e: cst.Call, args: list[Value]) -> None:
        """``render_template("page.html", bio=x)`` / ``render(request, "page.html", {"bio": x})`` where
        the template prints ``bio`` unescaped (templates.py): an XSS sink for x."""
        session = self.fa.xmod
        root = getattr(getattr(session, "index", None), "root", None)
        positional = [(a, v) for a, v in zip(e.args, args, strict=True) if a.keyword is None and not a.star]
        django = dotted(e.func).rsplit(".", 1)[-1] == "render"
        if not root or len(positional) < (2 if django else 1):
            return
        name = literal(positional[1 if django else 0][0].value)
        found = templates.unsafe_names(root, self.fa.path, name or "")
        if not found or not found[0]:
            return
        unsafe, deps = found
        context: dict[str, Value] = {a.keyword.value: v for a, v in zip(e.args, args, strict=True)
                                     if a.keyword is not None}
        ctx_arg = positional[2 if django else 1][0].value if len(positional) > (2 if django else 1) else None
        if ctx_arg is not None:
            for node in [ctx_arg, *names.bound_values(self.fa, ctx_arg)]:
                if isinstance(node, cst.Dict):
                    for el in node.elements:
                        if isinstance(el, cst.DictElement) and literal(el.key) is not None:
                            context[literal(el.key)] = join(context.get(literal(el.key), ()), self.expr(el.value))
        for rel, sha in deps:
            session.ctx.depends[f"template:{rel}"] = (rel, sha)  # an edit of the template changes this result
        for var in sorted(unsafe.keys() & context.keys()):
            self.sink_value("xss", e, f"{self.fa.code(e.func, 40)}() ('{var}' printed unescaped by {unsafe[var]})",
                            context[var])

    def _project_method(self, func: cst.BaseExpression) -> bool:
        """A method the project defines (``Student.find``, not ``str.find``): its own summary
        decides, not the name of a sanitizer method."""
        if self.resolve_local(func) or objects.resolve_method(self, func):
            return True
        return self.fa.xmod is not None and self.fa.xmod.target(self.fa, func) is not None

    def mutate(self, receiver: cst.BaseExpression, method: str, args: list[Value]) -> None:
        """``parts.append(x)``, ``buf.write(chunk)``, ``d.update(x)``: the receiver now holds x (an
        element of a list is not its first item: see ``shape``)."""
        k = self.lvalue_key(receiver)
        if k is None:
            return
        name = self.fa.code(receiver)
        value = join(*args)
        if method in _ELEMENT_MUTATORS:
            value = map_taints(value, lambda t: replace(t, shape="item"))
        stepped = map_taints(value, lambda t: t.then(receiver, f"added to '{name}' by {method}()"))
        self.state[k] = join(self.lvalue_read(receiver), stepped)

    def resolve_local(self, func: cst.CSTNode) -> tuple[cst.FunctionDef, bool] | None:
        """A function of this module that ``func`` calls, and whether ``self`` is bound."""
        if isinstance(func, cst.Name):
            for node in self.fa.bound_nodes(func):
                if isinstance(node, cst.FunctionDef) and node in self.fa.class_of:
                    return node, False
        elif isinstance(func, cst.Attribute) and isinstance(func.value, cst.Name) and self.cls is not None:
            if func.value.value in ("self", "cls"):
                fn = self.fa.methods.get(self.cls, {}).get(func.attr.value)
                if fn is not None:
                    return fn, True
        return None

    def apply_summary(self, call: cst.Call, fn: cst.FunctionDef, bound: bool, summ: Summary,
                      args: list[Value], wrap: Any = None) -> Value:
        """``wrap``: for a function of another module, turns its nodes into ``imports.Foreign``."""
        w = wrap or (lambda node: node)
        actual: dict[int, Value] = {}
        offset = 1 if bound else 0
        for i, (a, v) in enumerate(zip(call.args, args, strict=True)):
            if a.star:
                continue
            if a.keyword is not None:
                if a.keyword.value in summ.params:
                    actual[summ.params.index(a.keyword.value)] = v
            else:
                actual[i + offset] = v
        name = fn.name.value

        def through(t: Taint, inner: Taint) -> Taint:
            p = inner.origin.param
            pname = summ.params[p] if p < len(summ.params) else "?"
            out = t.then(call, f"passed to {name}() as '{pname}'").then(w(inner.origin.node),
                                                                        f"parameter '{pname}' of {name}()")
            for node, msg in inner.steps:
                out = out.then(w(node), msg)
            return replace(out, cleared=out.cleared | inner.cleared, shape=inner.shape or out.shape,
                           spliced=out.spliced or inner.spliced)

        objects.apply_writes(self, fn, actual, through)
        for hit in summ.sinks:
            for t in actual.get(hit.taint.origin.param, ()):
                combined = through(t, hit.taint)
                if combined.live_for(hit.kind):
                    self.record(replace(hit, sink=w(hit.sink), taint=combined))
        result: list[Taint] = []
        for rt in summ.returns:
            if rt.origin.param >= 0:
                result.extend(through(t, rt) for t in actual.get(rt.origin.param, ()))
            else:
                if wrap is not None:
                    rt = replace(rt, origin=replace(rt.origin, node=w(rt.origin.node)),
                                 steps=tuple((w(node), msg) for node, msg in rt.steps))
                result.append(rt.then(call, f"returned by {name}()"))
        return join(tuple(result))

    # ----- sinks -----------------------------------------------------------------------------

    def uses(self, sink: SinkSpec, call: cst.Call) -> bool:
        """A method sink tied to libraries (``modules``) counts only in files that import one; one
        declared on types (``types``) only on objects of those types (``d.get(k, default)`` is no
        session's request)."""
        return ((not sink.modules or not sink.modules.isdisjoint(self.fa.imports))
                and (not sink.types or objects.typed_sink_applies(self, call, sink)))

    def sink_value(self, kind: str, node: cst.CSTNode, what: str, value: Value) -> None:
        """A sink that is not a call of the spec (a session key assigned)."""
        for t in value:
            if t.live_for(kind):
                self.record(Hit(kind, node, what, t))

    def check_sinks(self, e: cst.Call, qn: frozenset[str], method: str | None, recv: Value,
                    args: list[Value]) -> None:
        for sink in self.spec.sinks:
            if sink.types:
                if not (method in self.spec.typed_methods and objects.typed_sink_applies(self, e, sink)):
                    continue
            elif not (qn & sink.names or (method and method in sink.methods and self.uses(sink, e))):
                continue
            vals = _chosen(e, args, sink.args, sink.keywords)
            if sink.receiver:
                vals.append(recv)
            value = join(*vals)
            if not value:
                continue
            check = CHECKS.get(sink.check)
            if check is not None:
                value = check(self, e, sink, value)
            self.sink_value(sink.kind, e, f"{self.fa.code(e.func, 40)}() ({sink.what})", value)
