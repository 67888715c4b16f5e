"""The statement walker of the taint engine: runs one function body (or a module's top level) in
statement order over a state {binding: value}, joins branches, runs loops twice, applies guards, and
makes a function's parameters its sources or symbolic parameters (for its summary). Expressions and
calls are its mixins (:mod:`~scanner.checks.dataflow.expressions`, :mod:`~scanner.checks.dataflow.calls`)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import libcst as cst

from scanner.checks.dataflow import constants, guards, names, objects, sessions
from scanner.checks.dataflow.calls import Calls
from scanner.checks.dataflow.django_views import HTTP_METHODS, view_key
from scanner.checks.dataflow.expressions import Expressions
from scanner.checks.dataflow.flow import Hit, Origin, Taint, Value, join, join_states, map_taints
from scanner.checks.dataflow.guards import literal
from scanner.checks.dataflow.syntax import NOT_ROUTES, dotted

_TERMINATORS = {"abort", "exit", "_exit", "fail", "raise_for_status_and_abort", "PermissionDenied"}
# What a Flask view may return that is no HTML body made of its argument (the file's content, JSON,
# a redirect: each is its own rule's business).
_NOT_HTML = frozenset({"send_file", "send_from_directory", "jsonify", "redirect", "abort", "url_for"})


def _suite(node: cst.BaseSuite) -> list:
    return list(node.body)


def entry_params(fn: cst.FunctionDef, method: bool) -> list[str]:
    """A function's positional parameter names, without a method's instance (spec.entry_point)."""
    names = [p.name.value for p in [*fn.params.posonly_params, *fn.params.params]]
    if method and names and not any(isinstance(d.decorator, cst.Name) and d.decorator.value == "staticmethod"
                                    for d in fn.decorators):
        names = names[1:]
    return names if not fn.params.kwonly_params else []



class Walker(Calls, Expressions):
    """Runs one function body (or the module's top level) in statement order."""

    def __init__(self, fa: Any, fn: cst.FunctionDef | None) -> None:
        self.fa = fa
        self.spec = fa.spec
        self.fn = fn
        self.cls = fa.class_of.get(fn) if fn is not None else None
        self.state: dict[Any, Value] = {}
        self.returns: Value = ()
        self.param_hits: list[Hit] = []
        self.param_names: list[str] = []
        self.request_keys: set[tuple[int, str]] = set()
        self.environ_keys: set[tuple[int, str]] = set()  # parameters that are a WSGI environ
        self.flask_view = False
        self._consts: constants.Constants | None = None
        self.breaks: list[list[dict]] = []  # per enclosing loop: the states at its `break`s

    @property
    def consts(self) -> constants.Constants:
        """Names and containers of this function that only ever hold literals (constants.py)."""
        if self._consts is None:
            self._consts = constants.collect(self.fn if self.fn is not None else self.fa.module)
        return self._consts

    def constant(self, e: cst.BaseExpression) -> Any:
        return constants.evaluate(e, self.consts)

    # ----- parameters ------------------------------------------------------------------------

    def body(self) -> None:
        fn = self.fn
        assert fn is not None
        params = [*fn.params.posonly_params, *fn.params.params, *fn.params.kwonly_params]
        route = self._route_info(fn)
        self.flask_view = route is not None and self.fa.uses_flask
        typed = route[1] if route else {}
        names = [p.name.value for p in params]
        url_params = self.fa.django_views().get(view_key(fn.name.value, names), frozenset())
        if fn.name.value in HTTP_METHODS and self.fa.uses_handlers and objects.handler_class(self):
            url_params = frozenset(names[1:])  # Tornado: def get(self, slug), the URL pattern's groups
        entry = None if self.fa.test_module else self.spec.entry_point(entry_params(fn, self.cls is not None))
        for i, p in enumerate(params):
            name = p.name.value
            self.param_names.append(name)
            key = self.fa.key(p.name)
            if entry is not None and name == entry.source:
                self.state[key] = (Taint(Origin(f"{entry.what} '{name}'", frozenset({"user"}), p.name)),)
                if entry.environ:
                    self.environ_keys.add(key)
                continue
            ann = dotted(p.annotation.annotation) if p.annotation else ""
            ann_last = ann.rsplit(".", 1)[-1]
            if (name in self.spec.request_params or (ann and ann_last in self.spec.request_annotations)) and (
                    not self.fa.test_module or route is not None or url_params):
                # a test module's functions get the test's own requests (RequestFactory)
                self.request_keys.add(key)
                continue
            if name in ("self", "cls") and i == 0:
                continue
            injected = isinstance(p.default, cst.Call) and dotted(p.default.func).rsplit(".", 1)[-1] in (
                self.spec.dependency_defaults)
            safe = ann_last in self.spec.safe_annotations or ann in self.spec.safe_annotations or typed.get(name)
            if (route is not None or name in url_params) and not injected and not safe:
                what = f"request parameter '{name}'"
                self.state[key] = (Taint(Origin(what, frozenset({"user"}), p.name)),)
            elif self.spec.is_secret_name(name) and ann_last not in ("bool", "int"):
                self.state[key] = (Taint(Origin(f"parameter '{name}'", frozenset({"secret"}), p.name)),
                                   Taint(Origin(f"parameter '{name}'", frozenset(), p.name, param=i)))
            else:
                self.state[key] = (Taint(Origin(f"parameter '{name}'", frozenset(), p.name, param=i)),)
        self.block(_suite(fn.body))

    def _route_info(self, fn: cst.FunctionDef) -> tuple[cst.CSTNode, dict[str, str]] | None:
        """(decorator, {param: converter}) when fn is a web handler (Flask/FastAPI/... route)."""
        for dec in fn.decorators:
            d = dec.decorator
            if isinstance(d, cst.Call) and isinstance(d.func, cst.Attribute) and (
                d.func.attr.value in self.spec.route_decorators
                and dotted(d.func.value).split(".", 1)[0] not in NOT_ROUTES
            ):
                typed = {}
                if d.args:
                    path = literal(d.args[0].value) or ""
                    for conv, name in re.findall(r"<(?:(\w+)(?:\([^)]*\))?:)?(\w+)>", path):
                        if conv in ("int", "float", "uuid"):
                            typed[name] = conv
                    for name, conv in re.findall(r"\{(\w+):(\w+)\}", path):
                        if conv in ("int", "float", "uuid"):
                            typed[name] = conv
                return d, typed
        return None

    # ----- state -----------------------------------------------------------------------------

    def read(self, name: cst.Name) -> Value:
        key = self.fa.key(name)
        if key in self.state:
            return self.state[key]
        outer = self.fa.final_states.get(key[0])
        return outer.get(key, ()) if outer else ()

    def record(self, hit: Hit) -> None:
        if hit.taint.origin.param >= 0:
            self.param_hits.append(hit)
        else:
            self.fa.hits.append(hit)

    def bind(self, target: cst.CSTNode, value: Value, verb: str = "assigned to") -> None:
        if isinstance(target, cst.Name):
            self.state[self.fa.key(target)] = map_taints(value, lambda t: t.then(target, f"{verb} '{target.value}'"))
        elif isinstance(target, (cst.Tuple, cst.List)):
            for el in target.elements:
                self.bind(el.value, value, verb)
        elif isinstance(target, cst.StarredElement):
            self.bind(target.value, value, verb)
        elif isinstance(target, cst.Attribute):
            if isinstance(target.value, cst.Name):
                k = (self.fa.key(target.value), target.attr.value)
                self.state[k] = map_taints(value, lambda t: t.then(target, f"{verb} '{self.fa.code(target)}'"))
                objects.write_attr(self, target, self.state[k])
            else:
                self.expr(target.value)
        elif isinstance(target, cst.Subscript):
            base = target.value
            for s in target.slice:
                if isinstance(s.slice, cst.Index):
                    self.expr(s.slice.value)
            if value and sessions.is_session(self, base):
                self.sink_value("session", target, f"{self.fa.code(target, 40)} ({sessions.WHAT})", value)
            while isinstance(base, cst.Subscript):  # config["section"]["key"] = value: config holds it
                base = base.value
            if value and isinstance(base, (cst.Name, cst.Attribute)):
                k = self.lvalue_key(base)
                if k is not None:
                    stepped = map_taints(value, lambda t: t.then(target, f"stored in '{self.fa.code(target)}'"))
                    self.state[k] = join(self.lvalue_read(base), stepped)

    def lvalue_key(self, node: cst.CSTNode) -> Any:
        if isinstance(node, cst.Name):
            return self.fa.key(node)
        if isinstance(node, cst.Attribute) and isinstance(node.value, cst.Name):
            return (self.fa.key(node.value), node.attr.value)
        return None

    def lvalue_read(self, node: cst.CSTNode) -> Value:
        if isinstance(node, cst.Name):
            return self.read(node)
        k = self.lvalue_key(node)
        return self.state.get(k, ()) if k is not None else ()

    def clean(self, cleans: list[tuple[Any, frozenset[str]]]) -> None:
        for key, kinds in cleans:
            v = self.state.get(key)
            if v is None and isinstance(key, tuple) and isinstance(key[0], int):
                outer = self.fa.final_states.get(key[0])
                v = outer.get(key) if outer else None
            if v:
                self.state[key] = map_taints(v, lambda t, k=kinds: t.clear(k))

    # ----- statements ------------------------------------------------------------------------

    def block(self, stmts: Any) -> bool:
        """Run statements in order; True when control cannot fall through the end."""
        for s in stmts:
            if self.stmt(s):
                return True
        return False

    def stmt(self, s: cst.CSTNode) -> bool:
        if isinstance(s, cst.SimpleStatementLine):
            return self.block(s.body)
        if isinstance(s, cst.Assign):
            v = self.expr(s.value)
            for t in s.targets:
                self.bind(t.target, v)
                objects.bind_type(self, t.target, s.value)
            self.clean(guards.lookup(self, s.value))
        elif isinstance(s, cst.AnnAssign):
            if s.value is not None:
                self.bind(s.target, self.expr(s.value))
        elif isinstance(s, cst.AugAssign):
            v = self.expr(s.value)
            if v and isinstance(s.operator, cst.AddAssign) and self.a_list(s.target):
                v = map_taints(v, lambda t: replace(t, shape="item"))  # args += sys.argv[1:]
            if v:
                cur = self.lvalue_read(s.target) if isinstance(s.target, (cst.Name, cst.Attribute)) else ()
                self.bind(s.target, join(cur, v), "appended to")
        elif isinstance(s, cst.Expr):
            self.expr(s.value)
            call = s.value.expression if isinstance(s.value, cst.Await) else s.value
            if isinstance(call, cst.Call):
                name = dotted(call.func).rsplit(".", 1)[-1]
                return name in _TERMINATORS
        elif isinstance(s, cst.Return):
            if s.value is not None:
                self._return(s, self.expr(s.value))
            return True
        elif isinstance(s, cst.Raise):
            if s.exc is not None:
                self.expr(s.exc)
            return True
        elif isinstance(s, cst.Break):
            if self.breaks:
                self.breaks[-1].append(self.state)  # what the loop leaves behind
            return True
        elif isinstance(s, cst.Continue):
            return True
        elif isinstance(s, cst.Del):
            self._del(s.target)
        elif isinstance(s, cst.Assert):
            self.expr(s.test)
            self.clean(self.guard(s.test)[0])
        elif isinstance(s, cst.If):
            return self.if_(s)
        elif isinstance(s, (cst.For, cst.While)):
            self.loop(s)
        elif isinstance(s, cst.Try):
            return self.try_(s)
        elif isinstance(s, cst.With):
            for item in s.items:
                v = self.expr(item.item)
                if item.asname is not None:
                    self.bind(item.asname.name, v, "opened as")
                    objects.bind_type(self, item.asname.name, item.item)
            return self.block(_suite(s.body))
        elif isinstance(s, cst.FunctionDef):
            self.state[self.fa.key(s.name)] = ()
        elif isinstance(s, cst.Match):
            v = self.expr(s.subject)
            pre, outs = self.state, []
            subject = self.constant(s.subject)
            cases = list(s.cases) if subject is constants.UNKNOWN else constants.match_cases(subject, list(s.cases), self.consts)
            for case in cases:
                self.state = dict(pre)
                if case.pattern is not None and isinstance(case.pattern, cst.MatchAs) and case.pattern.name:
                    self.bind(case.pattern.name, v)
                if not self.block(_suite(case.body)):
                    outs.append(self.state)
            self.state = join_states(pre, *outs)
        return False

    def _del(self, target: cst.CSTNode) -> None:
        if isinstance(target, cst.Name):
            self.state[self.fa.key(target)] = ()
        elif isinstance(target, (cst.Tuple, cst.List)):
            for el in target.elements:
                self._del(el.value)

    def _return(self, node: cst.Return, v: Value) -> None:
        name = self.fn.name.value if self.fn is not None else "module"
        self.returns = join(self.returns, map_taints(v, lambda t: t.then(node, f"returned from {name}()")))
        if not self.flask_view or node.value is None:
            return
        body = node.value
        if isinstance(body, cst.Tuple) and body.elements:
            body = body.elements[0].value
            v = self.expr(body)
        if isinstance(body, (cst.Dict, cst.List, cst.DictComp, cst.ListComp)):
            return
        if isinstance(body, cst.Call) and dotted(body.func).rsplit(".", 1)[-1] in _NOT_HTML:
            return  # send_file(...), jsonify(...): a file or JSON response, not an HTML body
        for t in v:
            if t.live_for("xss"):
                self.record(Hit("xss", node, "the HTML body returned by a Flask view", t))

    def if_(self, node: cst.If) -> bool:
        self.expr(node.test)
        known = self.constant(node.test)
        if known is not constants.UNKNOWN:  # if 2 > 1: only one branch ever runs
            if known:
                return self.block(_suite(node.body))
            if isinstance(node.orelse, cst.If):
                return self.if_(node.orelse)
            return self.block(_suite(node.orelse.body)) if isinstance(node.orelse, cst.Else) else False
        when_true, when_false = self.guard(node.test)
        pre = self.state
        self.state = dict(pre)
        self.clean(when_true)
        t_term = self.block(_suite(node.body))
        t_state = self.state
        self.state = dict(pre)
        self.clean(when_false)
        f_term = False
        if isinstance(node.orelse, cst.If):
            f_term = self.if_(node.orelse)
        elif isinstance(node.orelse, cst.Else):
            f_term = self.block(_suite(node.orelse.body))
        f_state = self.state
        if t_term and f_term:
            return True
        self.state = f_state if t_term else t_state if f_term else join_states(t_state, f_state)
        return False

    def loop(self, node: cst.For | cst.While) -> None:
        pre = dict(self.state)
        self.breaks.append([])
        for _ in range(2):  # twice: a value assigned late in the body reaches its start
            if isinstance(node, cst.For):
                self.bind(node.target, self.expr(node.iter), "iterated into")
                names.bind_loop(self, node.target, node.iter)
            else:
                self.expr(node.test)
            start = self.state
            self.state = dict(start)
            if self.block(_suite(node.body)):
                self.state = start
            self.state = join_states(pre, self.state)
        broken = self.breaks.pop()
        if node.orelse is not None:
            self.block(_suite(node.orelse.body))  # runs only when no break did
        if broken:
            self.state = join_states(self.state, *broken)

    def try_(self, node: cst.Try) -> bool:
        pre = dict(self.state)
        body_term = self.block(_suite(node.body))
        if not body_term and node.orelse is not None:
            body_term = self.block(_suite(node.orelse.body))
        after_body = self.state
        outs = [] if body_term else [after_body]
        for h in node.handlers:
            self.state = join_states(pre, after_body)
            if h.name is not None:
                self.bind(h.name.name, ())
            if not self.block(_suite(h.body)):
                outs.append(self.state)
        self.state = join_states(*outs) if outs else after_body
        if node.finalbody is not None:
            if self.block(_suite(node.finalbody.body)):
                return True
        return not outs

    # ----- guards ----------------------------------------------------------------------------

    def guard(self, test: cst.BaseExpression) -> tuple[list, list]:
        """(cleanings valid when test is true, cleanings valid when it is false)."""
        if isinstance(test, cst.UnaryOperation) and isinstance(test.operator, cst.Not):
            t, f = self.guard(test.expression)
            return f, t
        if isinstance(test, cst.BooleanOperation):
            lt, lf = self.guard(test.left)
            rt, rf = self.guard(test.right)
            if isinstance(test.operator, cst.And):  # false: one of them is false, which one is unknown
                return lt + rt, guards.either(lf, rf)
            return guards.either(lt, rt), lf + rf
        if isinstance(test, cst.Name) and test.value not in ("True", "False", "None"):
            return [], [(self.fa.key(test), frozenset({"*"}))]  # `if not x:` x is empty there
        if isinstance(test, cst.Comparison) and len(test.comparisons) == 1 and isinstance(test.left, cst.Call):
            comp = test.comparisons[0]  # `if PATTERN.match(x) is None: abort(400)`
            if isinstance(comp.comparator, cst.Name) and comp.comparator.value == "None":
                if isinstance(comp.operator, cst.IsNot):
                    return self.guard(test.left)
                if isinstance(comp.operator, cst.Is):
                    t, f = self.guard(test.left)
                    return f, t
        if isinstance(test, cst.Comparison) and len(test.comparisons) == 1:
            comp = test.comparisons[0]
            op = comp.operator
            if isinstance(test.left, cst.Call) and isinstance(op, (cst.Equal, cst.NotEqual)):
                # `commonpath([BASE, p]) == BASE`: the guard call compared with the expected value.
                t, _ = self.guard(test.left)
                if t:
                    return (t, []) if isinstance(op, cst.Equal) else ([], t)
            everything = frozenset({"*"})
            key = guards.host_subject(self, test.left) if literal(comp.comparator) != "" else None
            if key is not None:  # urlparse(u).netloc in ALLOWED: u's host is checked
                everything = guards.URL_KINDS
            else:
                key = self.guard_key(test.left)
            if key is None:
                return [], []
            if isinstance(op, cst.In):
                return [(key, everything)], []
            if isinstance(op, cst.NotIn):
                return [], [(key, everything)]
            if literal(comp.comparator) is not None:
                if isinstance(op, cst.Equal):
                    return [(key, everything)], []
                if isinstance(op, cst.NotEqual):
                    return [], [(key, everything)]
            return [], []
        if isinstance(test, cst.Call):
            last = dotted(test.func).rsplit(".", 1)[-1]
            qn = self.fa.qnames(test.func) if last in self.spec.call_lasts else frozenset()
            method = test.func.attr.value if isinstance(test.func, cst.Attribute) else None
            for g in self.spec.guards:
                if g.check:
                    if qn & g.names or (method and method in g.methods):
                        got = guards.CHECKS[g.check](self, test, g)
                        if got is not None:
                            return got
                    continue
                if qn & g.names:
                    arg = test.args[g.arg].value if len(test.args) > g.arg else None
                    if isinstance(arg, (cst.List, cst.Tuple)):  # commonpath([BASE, path])
                        listed = (arg.elements, g.clears)
                        break
                    key = self.guard_key(arg) if arg is not None else None
                elif method and method in g.methods and not (qn & {n for x in self.spec.guards for n in x.names}):
                    key = self.guard_key(test.func.value)
                    if (key is None or not self._lvalue_read_key(key)) and test.args:
                        key = self.guard_key(test.args[0].value) or key
                else:
                    continue
                if key is not None:
                    return [(key, g.clears)], []
            else:
                return [], []
            keys = [self.guard_key(e.value) for e in listed[0]]
            return [(k, listed[1]) for k in keys if k is not None], []
        return [], []

    def _lvalue_read_key(self, key: Any) -> Value:
        if key in self.state:
            return self.state[key]
        return ()

    def guard_key(self, node: cst.CSTNode) -> Any:
        while isinstance(node, cst.Call) and node.args:
            node = node.args[0].value if not isinstance(node.func, cst.Attribute) or not self.lvalue_key(
                node.func.value) else node.func.value
        return self.lvalue_key(node)

    # ----- expressions -----------------------------------------------------------------------
