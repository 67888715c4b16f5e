"""Transfer functions of expressions: what taint an expression's value carries, given the taint of
its parts (names, attributes, subscripts, operators, f-strings, ``%`` formats, comprehensions), and
where request data and other sources enter. A mixin of :class:`~scanner.checks.dataflow.walker.Walker`
(calls are in :mod:`~scanner.checks.dataflow.calls`)."""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Any

import libcst as cst

from scanner.checks.dataflow import constants, names, objects
from scanner.checks.dataflow.django_views import HANDLER_CLASS_ATTRS, VIEW_CLASS_ATTRS
from scanner.checks.dataflow.flow import Origin, Taint, Value, join, map_taints, spliced
from scanner.checks.dataflow.guards import literal
from scanner.checks.dataflow.syntax import URL_KINDS, dotted, leading_text, url_fixed

# The request's own URL: user data in a page or a query, but a redirect to it (or a request to it)
# stays on this host.
SELF_URL_ATTRS = frozenset({"url", "full_path", "base_url", "uri", "path", "path_info", "rel_url", "raw_path"})
_PERCENT_SPEC = re.compile(r"%(?:\([^)]*\))?[#0 +-]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[hlL]?[a-zA-Z%]")
# WSGI environ keys whose value the client chooses (CGI variables from the request line and headers)
_CLIENT_ENVIRON = re.compile(r"HTTP_|(QUERY_STRING|PATH_INFO|SCRIPT_NAME|REQUEST_URI|RAW_URI|CONTENT_TYPE|"
                             r"SERVER_NAME|REMOTE_USER|wsgi\.input)$")


def _literal_int(node: cst.BaseExpression) -> int | None:
    return int(node.value) if isinstance(node, cst.Integer) and node.value.isdigit() else None


class Expressions:
    """Expressions of a :class:`~scanner.checks.dataflow.walker.Walker` (its ``fa``, ``spec``, ``state``)."""

    fa: Any
    spec: Any
    state: dict
    environ_keys: set

    def is_request(self, node: cst.CSTNode) -> bool:
        if isinstance(node, cst.Name):
            if self.fa.key(node) in self.request_keys:
                return True
        elif isinstance(node, cst.Attribute):
            if isinstance(node.value, cst.Name) and node.value.value == "self" and (
                    node.attr.value == "request" or node.attr.value in objects.request_attrs(self)):
                return True
        else:
            return False
        last = node.value if isinstance(node, cst.Name) else node.attr.value
        return last in self.spec.value_lasts and bool(self.fa.qnames(node) & self.spec.request_objects)

    def expr(self, e: cst.CSTNode | None) -> Value:
        if e is None:
            return ()
        if isinstance(e, cst.Name):
            return self.read(e)
        if isinstance(e, cst.Attribute):
            return self.attribute(e)
        if isinstance(e, cst.Subscript):
            return self.subscript(e)
        if isinstance(e, cst.Call):
            return self.call(e)
        if isinstance(e, cst.BinaryOperation):
            if isinstance(e.operator, cst.Modulo) and literal(e.left) is not None:
                return spliced(self.percent_format(literal(e.left), e.right))
            left, right = self.expr(e.left), self.expr(e.right)
            if isinstance(e.operator, cst.Add) and url_fixed(leading_text(e.left)):
                right = map_taints(right, lambda t: t.clear(URL_KINDS))
            if isinstance(e.operator, cst.Add) and self.a_list(e.left):
                right = map_taints(right, lambda t: replace(t, shape="item"))  # [sys.executable] + sys.argv
            both = join(left, right)
            return spliced(both) if isinstance(e.operator, (cst.Add, cst.Modulo)) else both
        if isinstance(e, cst.FormattedString):
            return self.fstring(e)
        if isinstance(e, cst.ConcatenatedString):
            return spliced(join(self.expr(e.left), self.expr(e.right)))
        if isinstance(e, (cst.List, cst.Tuple, cst.Set)):
            out: list[Value] = []
            for i, el in enumerate(e.elements):
                v = self.expr(el.value)
                if i or isinstance(el, cst.StarredElement):
                    v = map_taints(v, lambda t: replace(t, shape="item"))
                out.append(v)
            return join(*out)
        if isinstance(e, cst.Dict):
            vals = []
            for el in e.elements:
                if isinstance(el, cst.DictElement):
                    self.expr(el.key)
                vals.append(self.expr(el.value))
            return join(*vals)
        if isinstance(e, (cst.ListComp, cst.SetComp, cst.GeneratorExp, cst.DictComp)):
            return self.comprehension(e)
        if isinstance(e, cst.IfExp):
            self.expr(e.test)
            known = self.constant(e.test)
            if known is not constants.UNKNOWN:  # "safe" if 7 * 18 + num > 200 else param
                return self.expr(e.body if known else e.orelse)
            return join(self.expr(e.body), self.expr(e.orelse))
        if isinstance(e, cst.BooleanOperation):
            return join(self.expr(e.left), self.expr(e.right))
        if isinstance(e, cst.Comparison):
            self.expr(e.left)
            for c in e.comparisons:
                self.expr(c.comparator)
            return ()
        if isinstance(e, cst.UnaryOperation):
            v = self.expr(e.expression)
            return () if isinstance(e.operator, cst.Not) else v
        if isinstance(e, cst.Await):
            return self.expr(e.expression)
        if isinstance(e, cst.NamedExpr):
            v = self.expr(e.value)
            self.bind(e.target, v)
            return v
        if isinstance(e, (cst.StarredElement, cst.Element)):
            return self.expr(e.value)
        return ()

    def a_list(self, e: cst.BaseExpression, depth: int = 0) -> bool:
        """A list or tuple with a first element: a literal, ``[a] + b``, or a name every assignment of
        which is one (what is added to it comes after its first item)."""
        if isinstance(e, (cst.List, cst.Tuple)):
            return bool(e.elements)
        if isinstance(e, cst.BinaryOperation) and isinstance(e.operator, cst.Add):
            return self.a_list(e.left, depth)
        if isinstance(e, cst.Name) and depth < 2:
            values = names.bound_values(self.fa, e)
            return bool(values) and all(self.a_list(v, depth + 1) for v in values)
        return False

    def fstring(self, e: cst.FormattedString) -> Value:
        prefix, out = "", []
        for part in e.parts:
            if isinstance(part, cst.FormattedStringText):
                prefix += part.value
            elif isinstance(part, cst.FormattedStringExpression):
                v = self.expr(part.expression)
                if url_fixed(prefix):
                    v = map_taints(v, lambda t: t.clear(URL_KINDS))
                out.append(v)
                prefix += "{}"
        return spliced(join(*out)) if len(e.parts) > 1 else join(*out)

    def percent_format(self, fmt: str, args: cst.BaseExpression) -> Value:
        """``"https://h/%s?q=%s" % (a, b)``: each value's taint, cleared for URL sinks when the
        text before its placeholder fixes the host or puts it in the query or fragment."""
        prefixes = [fmt[: m.start()] for m in _PERCENT_SPEC.finditer(fmt) if m.group() != "%%"]
        elements = args.elements if isinstance(args, cst.Tuple) else None
        if elements is None or len(elements) != len(prefixes) or any(
                isinstance(el, cst.StarredElement) for el in elements):
            v = self.expr(args)
            return map_taints(v, lambda t: t.clear(URL_KINDS)) if prefixes and url_fixed(prefixes[0]) else v
        out = []
        for el, prefix in zip(elements, prefixes, strict=True):
            v = self.expr(el.value)
            out.append(map_taints(v, lambda t: t.clear(URL_KINDS)) if url_fixed(prefix) else v)
        return join(*out)

    def comprehension(self, e: Any) -> Value:
        node = e.for_in
        while node is not None:
            self.bind(node.target, self.expr(node.iter), "iterated into")
            names.bind_loop(self, node.target, node.iter)
            for cond in node.ifs:
                self.expr(cond.test)
            node = node.inner_for_in
        if isinstance(e, cst.DictComp):
            self.expr(e.key)
            return self.expr(e.value)
        return self.expr(e.elt)

    def secret_origin(self, node: cst.CSTNode, key: str, base: Value, holder: cst.CSTNode) -> Value:
        """``os.environ["API_TOKEN"]``, ``settings.SECRET_KEY``, ``config.get("password")``."""
        if not self.spec.is_secret_name(key):
            return base
        what = self.fa.code(node)
        fresh = [t for t in base if not t.steps]
        if fresh or any(h in dotted(holder).lower() for h in self.spec.secret_holders):
            labels = frozenset({"secret"}).union(*(t.origin.labels for t in fresh))
            return join((Taint(Origin(what, labels, node)),), tuple(t for t in base if t.steps))
        return base

    def attribute(self, e: cst.Attribute) -> Value:
        attr = e.attr.value
        if attr in self.spec.request_attributes and self.is_request(e.value):
            taint = Taint(Origin(self.fa.code(e), frozenset({"user"}), e))
            return (taint.clear(URL_KINDS) if attr in SELF_URL_ATTRS else taint,)
        if attr in VIEW_CLASS_ATTRS and self.fa.uses_django and objects.url_kwargs(self, e):
            return (Taint(Origin(self.fa.code(e), frozenset({"user"}), e)),)
        if attr in HANDLER_CLASS_ATTRS and self.fa.uses_handlers and objects.handler_attr(self, e):
            return (Taint(Origin(self.fa.code(e), frozenset({"user"}), e)),)
        if attr in self.spec.value_lasts:
            qn = self.fa.qnames(e)
            for src in self.spec.sources:
                if src.how == "value" and qn & src.names:
                    # and what this function stored in it (os.environ["K"] = request.args["k"])
                    stored = self.state.get((self.fa.key(e.value), attr), ()) if isinstance(e.value, cst.Name) else ()
                    return join(stored, (Taint(Origin(self.fa.code(e), src.labels, e)),))
        if isinstance(e.value, cst.Name):
            k = (self.fa.key(e.value), attr)
            if k in self.state:
                return self.state[k]
            symbolic = objects.read_attr(self, e)
            if symbolic is not None:
                return symbolic
        base = self.expr(e.value)
        if attr.isupper():
            return self.secret_origin(e, attr, base, e.value)
        return base

    def subscript(self, e: cst.Subscript) -> Value:
        base = self.expr(e.value)
        key = None
        for s in e.slice:
            if isinstance(s.slice, cst.Index):
                self.expr(s.slice.value)
                key = names.secret_key(self, s.slice.value) or literal(s.slice.value)
            else:
                for part in (s.slice.lower, s.slice.upper, s.slice.step):
                    self.expr(part)
        if base and len(e.slice) == 1 and isinstance(e.slice[0].slice, cst.Index) and (
                _literal_int(e.slice[0].slice.value) == 0 and "sys.argv" in self.fa.qnames(e.value)):
            return ()  # sys.argv[0]: the program's own path, as it was started
        if base and isinstance(e.value, cst.Name) and e.value.value in self.consts.containers and len(e.slice) == 1:
            index = e.slice[0].slice
            k = self.constant(index.value) if isinstance(index, cst.Index) else constants.UNKNOWN
            held = constants.element(self.consts.containers[e.value.value], k) if k is not constants.UNKNOWN else None
            if held is not None and self.constant(held) is not constants.UNKNOWN:
                return ()  # m["a"] of a container that holds a literal there
        if key is not None and self.server_set(e.value, key):
            return ()
        if key is not None:
            return self.secret_origin(e, key, base, e.value)
        return base

    def server_set(self, holder: cst.BaseExpression, key: str) -> bool:
        """``request.META["CSRF_COOKIE"]``, ``environ["REMOTE_ADDR"]``: a key of the WSGI environ
        that the server or a middleware sets, not the client (``HTTP_*`` headers, the query, the
        path and the body's type are the client's)."""
        if _CLIENT_ENVIRON.match(key):
            return False
        if isinstance(holder, cst.Name):  # def app(environ, start_response): environ["REMOTE_ADDR"]
            return self.fa.key(holder) in self.environ_keys
        return (isinstance(holder, cst.Attribute) and holder.attr.value in ("META", "environ")
                and self.is_request(holder.value))
