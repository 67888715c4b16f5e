"""Objects in the taint engine: what type a variable holds, and attributes shared by a class's methods.

Takes the walker of :mod:`scanner.checks.dataflow.taint` at a few hook points; keeps its facts per
file (:class:`ObjectFacts`, one per :class:`~scanner.checks.dataflow.taint.FileAnalysis`).

Types. A variable bound to the result of a known constructor (a ``[[constructor]]`` of the spec:
``s = requests.Session()``, ``with httpx.Client() as c:``, ``self.http = urllib3.PoolManager()``,
or a chained ``requests.Session().get(u)``) has that type, and a sink declared with ``types`` matches
its methods only on such objects. A variable bound to an instance of a class of the module has
that class, so ``job = Job(x); job.run()`` applies ``Job.run``'s summary. Types are
flow-insensitive per variable (a variable is rarely rebound to another client).

Attributes. A read of ``self.x`` in a method (not preceded by a write in the same method) stands
for every value any method of the class (or of a base or subclass defined in the module) writes to
``self.x``: it becomes a symbolic taint (an :class:`Origin` with ``attr``) that is resolved once the
whole file is analysed (:func:`finish`), so the order of methods does not matter. Writes of a
parameter (``self.dest = dest`` in ``__init__``) are applied where the method is called
(``Job(request.form["dest"])``), with the path through the constructor. Attributes that every write
sets to a constant are never tainted; attributes are per class, not per instance (two instances
share their facts: an over-approximation).
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import libcst as cst

from scanner.checks.dataflow.cstwalk import statements
from scanner.checks.dataflow.flow import Hit, Origin, Taint, join

_MAX_DEPTH = 4


class ObjectFacts:
    def __init__(self, fa: Any) -> None:
        self.fa = fa
        self.types: dict[Any, frozenset] = {}  # variable key -> types (spec type names or ClassDefs)
        self.values: dict[tuple, Any] = {}  # (class family, attr) -> Value written (concrete/symbolic)
        self.pending: dict[cst.FunctionDef, dict[tuple, Any]] = {}  # fn -> attr writes of its params
        self._written: dict[int, dict[str, bool]] = {}  # family -> attr -> written with a non-constant
        self._attr_types: dict[int, dict[str, frozenset]] = {}
        self._classes: dict[str, cst.ClassDef] | None = None
        self._family: dict[int, cst.ClassDef] = {}
        self._outside: frozenset[str] | None = None
        self.request_holders: dict[int, frozenset[str]] = {}  # class id -> attributes holding a request
        self.handlers: dict[int, bool] = {}  # class id -> a request-handler class

    # ----- classes -----------------------------------------------------------------------------

    def classes(self) -> dict[str, cst.ClassDef]:
        if self._classes is None:
            self._classes = {}
            for cls in self.fa.methods:
                self._classes.setdefault(cls.name.value, cls)
        return self._classes

    def bases(self, cls: cst.ClassDef) -> list[cst.ClassDef]:
        """cls and its bases defined in this module, nearest first."""
        out, todo, classes = [], [cls], self.classes()
        while todo and len(out) < 16:
            c = todo.pop(0)
            if c not in out:
                out.append(c)
                todo.extend(classes[a.value.value] for a in c.bases
                            if isinstance(a.value, cst.Name) and a.value.value in classes)
        return out

    def family(self, cls: cst.ClassDef) -> int:
        """One namespace of attributes for a class and its in-module bases (subclasses share it)."""
        got = self._family.get(id(cls))
        if got is None:
            got = self._family[id(cls)] = id(self.bases(cls)[-1])
        return got

    def method(self, cls: cst.ClassDef, name: str) -> cst.FunctionDef | None:
        for c in self.bases(cls):
            fn = self.fa.methods.get(c, {}).get(name)
            if fn is not None:
                return fn
        return None

    def _scan_class(self, cls: cst.ClassDef) -> None:
        """Which attributes the methods of cls's family write with a non-constant, and their types."""
        fam = self.family(cls)
        if fam in self._written:
            return
        written: dict[str, bool] = self._written.setdefault(fam, {})
        types: dict[str, frozenset] = self._attr_types.setdefault(fam, {})
        members = [c for c in self.fa.methods if self.family(c) == fam]
        for other in members:
            for fn in self.fa.methods[other].values():
                me = _self_param(fn)
                if me is None:
                    continue
                for target, value in _attribute_writes(fn, me):
                    written[target] = written.get(target, False) or not _constant(value)
                    t = self.static_type(value) if value is not None else frozenset()
                    if t:
                        types[target] = types.get(target, frozenset()) | t

    def written(self, cls: cst.ClassDef, attr: str) -> bool:
        """Some method writes ``self.attr`` with a non-constant, or code outside the class writes
        ``obj.attr`` (obj of any type: its type is known only while the engine runs)."""
        self._scan_class(cls)
        written = self._written[self.family(cls)].get(attr, False)
        return bool(written) or attr in self.outside_writes()

    def outside_writes(self) -> frozenset[str]:
        """Attributes written with a non-constant on a name other than a method's own instance."""
        if self._outside is None:
            bodies = [(self.fa.module.body, None)]
            bodies += [(fn.body.body, _self_param(fn) if cls is not None else None)
                       for fn, cls in self.fa.functions if isinstance(fn.body, cst.IndentedBlock)]
            self._outside = frozenset(attr for body, me in bodies for stmt in _statements(body)
                                      for attr in _outside_targets(stmt, me))
        return self._outside

    def attr_type(self, cls: cst.ClassDef, attr: str) -> frozenset:
        self._scan_class(cls)
        return self._attr_types[self.family(cls)].get(attr, frozenset())

    # ----- types -------------------------------------------------------------------------------

    def static_type(self, node: cst.CSTNode | None) -> frozenset:
        """The type of a constructor call (spec constructors, classes of this module)."""
        if isinstance(node, cst.Await):
            node = node.expression
        if not isinstance(node, cst.Call):
            return frozenset()
        func = node.func
        spec = self.fa.spec
        last = func.attr.value if isinstance(func, cst.Attribute) else func.value if isinstance(func, cst.Name) else ""
        if last in spec.constructor_lasts:
            got = frozenset(spec.constructed_by[q] for q in self.fa.qnames(func) if q in spec.constructed_by)
            if got:
                return got
        cls = self.local_class(func)
        return frozenset({cls}) if cls is not None else frozenset()

    def local_class(self, func: cst.CSTNode) -> cst.ClassDef | None:
        if not isinstance(func, cst.Name) or func.value not in self.classes():
            return None
        for node in self.fa.bound_nodes(func):
            if isinstance(node, cst.ClassDef) and node in self.fa.methods:
                return node
        return None


def facts(fa: Any) -> ObjectFacts:
    got = getattr(fa, "_objects", None)
    if got is None:
        got = fa._objects = ObjectFacts(fa)
    return got


def _self_param(fn: cst.FunctionDef) -> str | None:
    """The name a method's instance is bound to (None for static methods and class methods)."""
    for d in fn.decorators:
        if isinstance(d.decorator, cst.Name) and d.decorator.value in ("staticmethod", "classmethod"):
            return None
    params = [*fn.params.posonly_params, *fn.params.params]
    return params[0].name.value if params else None


def _outside_targets(stmt: cst.CSTNode, me: str | None) -> list[str]:
    """``obj.x = <not a constant>`` with obj not ``me``: the attribute names."""
    if not isinstance(stmt, cst.Assign) or _constant(stmt.value):
        return []
    return [t.target.attr.value for t in stmt.targets if isinstance(t.target, cst.Attribute)
            and isinstance(t.target.value, cst.Name) and t.target.value.value != me]


def _statements(body: Any):
    """Every statement of a block, into compound statements but not into nested functions or
    classes (attribute writes are statements: a walk over expressions is not needed)."""
    return statements(body)


def _attribute_writes(fn: cst.FunctionDef, me: str) -> list[tuple[str, cst.BaseExpression | None]]:
    """(attr, value) for every ``me.attr = value`` / ``me.attr += value`` in fn's body (not in
    nested functions); value None when unknown (tuple unpacking, augmented assignment)."""
    out: list[tuple[str, cst.BaseExpression | None]] = []

    def target(t: cst.CSTNode, value: cst.BaseExpression | None) -> None:
        if isinstance(t, cst.Attribute) and isinstance(t.value, cst.Name) and t.value.value == me:
            out.append((t.attr.value, value))
        elif isinstance(t, (cst.Tuple, cst.List)):
            for el in t.elements:
                target(el.value, None)

    if not isinstance(fn.body, cst.IndentedBlock):
        return out
    for stmt in _statements(fn.body.body):
        if isinstance(stmt, cst.Assign):
            for t in stmt.targets:
                target(t.target, stmt.value)
        elif isinstance(stmt, cst.AnnAssign) and stmt.value is not None:
            target(stmt.target, stmt.value)
        elif isinstance(stmt, cst.AugAssign):
            target(stmt.target, None)
        elif isinstance(stmt, cst.For):
            target(stmt.target, None)
        elif isinstance(stmt, cst.With):
            for item in stmt.items:
                if item.asname is not None:
                    target(item.asname.name, None)
    return out


def _constant(node: cst.CSTNode | None) -> bool:
    if node is None:
        return False
    if isinstance(node, (cst.SimpleString, cst.Integer, cst.Float, cst.Imaginary, cst.ConcatenatedString)):
        return True
    if isinstance(node, cst.Name):
        return node.value in ("None", "True", "False")
    if isinstance(node, (cst.List, cst.Tuple, cst.Set)):
        return all(_constant(e.value) for e in node.elements)
    if isinstance(node, cst.Dict):
        return all(isinstance(e, cst.DictElement) and _constant(e.key) and _constant(e.value) for e in node.elements)
    if isinstance(node, cst.UnaryOperation):
        return _constant(node.expression)
    return False


# ----- walker hooks ------------------------------------------------------------------------------


def _instance(w: Any, node: cst.CSTNode) -> bool:
    """``node`` is the instance parameter of the method the walker runs."""
    return (isinstance(node, cst.Name) and w.cls is not None and w.fn is not None
            and node.value == _self_param(w.fn))


def type_of(w: Any, node: cst.CSTNode) -> frozenset:
    """Types of an expression: a constructor call, a typed variable, or a typed ``self.x``."""
    of = facts(w.fa)
    if isinstance(node, cst.Name):
        return of.types.get(w.fa.key(node), frozenset())
    if isinstance(node, cst.Attribute) and _instance(w, node.value):
        return of.attr_type(w.cls, node.attr.value)
    return of.static_type(node)


def bind_type(w: Any, target: cst.CSTNode, value: cst.CSTNode) -> None:
    """``x = requests.Session()``, ``with Client() as c``: remember x's type."""
    if isinstance(target, cst.Name) and isinstance(value, (cst.Call, cst.Await)):
        got = facts(w.fa).static_type(value)
        if got:
            of = facts(w.fa)
            key = w.fa.key(target)
            of.types[key] = of.types.get(key, frozenset()) | got


def typed_sink_applies(w: Any, call: cst.Call, sink: Any) -> bool:
    func = call.func
    return (isinstance(func, cst.Attribute) and func.attr.value in sink.methods
            and any(t in sink.types for t in type_of(w, func.value) if isinstance(t, str)))


def resolve_method(w: Any, func: cst.CSTNode) -> tuple[cst.FunctionDef, bool] | None:
    """``Job(x)`` -> ``Job.__init__`` (bound); ``job.run()`` / ``Job(x).run()`` -> ``Job.run``."""
    of = facts(w.fa)
    if isinstance(func, cst.Name):
        cls = of.local_class(func)
        fn = of.method(cls, "__init__") if cls is not None else None
        return (fn, True) if fn is not None else None
    if isinstance(func, cst.Attribute):
        for t in type_of(w, func.value):
            if isinstance(t, cst.ClassDef):
                fn = of.method(t, func.attr.value)
                if fn is not None and _self_param(fn) is not None:
                    return fn, True
    return None


def _base_names(w: Any) -> list[str]:
    bases = [(b.value.attr.value if isinstance(b.value, cst.Attribute) else getattr(b.value, "value", ""))
             for c in facts(w.fa).bases(w.cls) for b in c.bases]
    return [b for b in bases if isinstance(b, str)]


def url_kwargs(w: Any, e: cst.Attribute) -> bool:
    """``self.kwargs`` / ``self.args`` in a method of a Django class-based view: URL parameters."""
    from scanner.checks.dataflow.django_views import is_view_class

    return _instance(w, e.value) and is_view_class(_base_names(w))


def request_attrs(w: Any) -> frozenset[str]:
    """Attributes of the walker's class (or its in-module bases) that hold a request: written from a
    method's request parameter (``def __init__(self, req): self.req = req``), so ``self.req.args``
    in any method reads the request (an application's own wrapper of it)."""
    if w.cls is None:
        return frozenset()
    of = facts(w.fa)
    got = of.request_holders.get(id(w.cls))
    if got is None:
        spec, out = w.spec, set()
        passed = _passed_requests(w, of)
        for c in of.bases(w.cls):
            for fn in w.fa.methods.get(c, {}).values():
                me = _self_param(fn)
                params = {p.name.value for p in [*fn.params.posonly_params, *fn.params.params, *fn.params.kwonly_params]
                          if p.name.value in spec.request_params or (
                              p.annotation is not None and _last_name(p.annotation.annotation) in spec.request_annotations)}
                if fn.name.value == "__init__":
                    params |= passed.get(c, set())
                if me and params:
                    out.update(attr for attr, value in _attribute_writes(fn, me)
                               if isinstance(value, cst.Name) and value.value in params)
        got = of.request_holders[id(w.cls)] = frozenset(out)
    return got


def _passed_requests(w: Any, of: ObjectFacts) -> dict[cst.ClassDef, set[str]]:
    """For the classes of the module built with a request somewhere in it (``Wrapper(request)``,
    ``Params(r=self.request)``): the ``__init__`` parameters it is passed as, whatever they are named
    (``def __init__(self, r): self.r = r``). Read on the file's ``ast`` (a walk of the libcst tree
    costs far more); a request is a parameter named like one, ``self.request`` or the module's
    imported request object (by its last name, as the prefilter reads it)."""
    got = getattr(of, "_passed", None)
    if got is not None:
        return got
    got = of._passed = {}
    classes, tree = of.classes(), w.fa.tree
    if tree is None or not any(f"{name}(" in w.fa.text for name in classes):
        return got
    import ast

    spec = w.spec
    names = spec.request_params | {n.rsplit(".", 1)[-1] for n in spec.request_objects}

    def a_request(a: ast.AST) -> bool:
        if isinstance(a, ast.Name):
            return a.id in names
        return (isinstance(a, ast.Attribute) and a.attr == "request" and isinstance(a.value, ast.Name)
                and a.value.id == "self")

    for call in ast.walk(tree):
        if not (isinstance(call, ast.Call) and isinstance(call.func, ast.Name) and call.func.id in classes):
            continue
        cls = classes[call.func.id]
        init = of.method(cls, "__init__")
        if init is None:
            continue
        params = [p.name.value for p in [*init.params.posonly_params, *init.params.params]][1:]
        passed = [params[i] for i, a in enumerate(call.args) if i < len(params) and a_request(a)]
        passed += [k.arg for k in call.keywords if k.arg and a_request(k.value)]
        if passed:
            got.setdefault(cls, set()).update(passed)
    return got


def _last_name(node: cst.CSTNode) -> str:
    if isinstance(node, cst.Attribute):
        return node.attr.value
    return node.value if isinstance(node, cst.Name) else ""


def handler_attr(w: Any, e: cst.Attribute) -> bool:
    """``self.path`` / ``self.headers`` / ``self.rfile`` (or ``self.get_argument``) in a method of a
    request-handler class."""
    return _instance(w, e.value) and handler_class(w)


def handler_class(w: Any) -> bool:
    """The walker is in a method of a request-handler class: a base named ``...RequestHandler``, in
    this module or, through an import, in another scanned module (``class Page(BaseHandler)``)."""
    from scanner.checks.dataflow.django_views import is_handler_class

    if w.cls is None:
        return False
    of = facts(w.fa)
    got = of.handlers.get(id(w.cls))
    if got is None:
        got = is_handler_class(_base_names(w))
        xmod = w.fa.xmod
        if not got and xmod is not None:
            got = any(xmod.is_handler_base(w.fa, b.value) for c in of.bases(w.cls) for b in c.bases
                      if isinstance(b.value, (cst.Name, cst.Attribute)))
        of.handlers[id(w.cls)] = got
    return got


def read_attr(w: Any, e: cst.Attribute) -> Any:
    """``self.x`` not written earlier in this method: a symbolic taint for every value the class
    writes to it (resolved by :func:`finish`), or None when this is not such a read."""
    if not _instance(w, e.value):
        return None
    of = facts(w.fa)
    attr = e.attr.value
    if not of.written(w.cls, attr):
        return ()
    return (Taint(Origin(w.fa.code(e), frozenset(), e, attr=(of.family(w.cls), attr))),)


def write_attr(w: Any, target: cst.Attribute, value: Any) -> None:
    """``self.x = value`` (or ``job.x = value`` on an instance of a class of the module): concrete
    taints become facts of the class; a parameter's taint waits for the calls of this function
    (:func:`apply_writes`)."""
    if not value:
        return
    of = facts(w.fa)
    classes = [w.cls] if _instance(w, target.value) else [
        t for t in type_of(w, target.value) if isinstance(t, cst.ClassDef)]
    params = tuple(t for t in value if t.origin.param >= 0)
    # A parameter named like a secret (`token`) is a guess about what callers pass: inside its
    # function it counts; stored on the object it would taint every method, so there the
    # parameter's own taint (resolved at the calls, with the real arguments) stands for it.
    concrete = tuple(t for t in value if t.origin.param < 0 and not _secret_parameter(t))
    for cls in classes:
        k = (of.family(cls), target.attr.value)
        if params and w.fn is not None:
            pending = of.pending.setdefault(w.fn, {})
            pending[k] = join(pending.get(k, ()), params)
        if concrete:
            of.values[k] = join(of.values.get(k, ()), concrete)


def _secret_parameter(t: Any) -> bool:
    return t.origin.labels == frozenset({"secret"}) and t.origin.what.startswith("parameter '")


def apply_writes(w: Any, fn: cst.FunctionDef, actual: dict, through) -> None:
    """At a call of fn: its writes of parameters to attributes, with the actual arguments."""
    writes = facts(w.fa).pending.get(fn)
    if not writes:
        return
    of = facts(w.fa)
    for k, v in writes.items():
        for rt in v:
            got = tuple(through(t, rt) for t in actual.get(rt.origin.param, ()))
            if not got:
                continue
            params = tuple(t for t in got if t.origin.param >= 0)
            concrete = tuple(t for t in got if t.origin.param < 0 and not _secret_parameter(t))
            if params and w.fn is not None:  # the caller's own parameter: its callers decide
                pending = of.pending.setdefault(w.fn, {})
                pending[k] = join(pending.get(k, ()), params)
            if concrete:
                of.values[k] = join(of.values.get(k, ()), concrete)


def _resolve(of: ObjectFacts, sym: Any, depth: int = 0, seen: frozenset = frozenset()) -> list:
    """The concrete taints a symbolic ``self.x`` taint stands for, each with its whole path."""
    key = sym.origin.attr
    if depth > _MAX_DEPTH or key in seen:
        return []
    out = []
    for t in of.values.get(key, ()):
        if t.origin.attr:
            inner = _resolve(of, t, depth + 1, seen | {key})
        else:
            inner = [t]
        for c in inner:
            c = c.then(sym.origin.node, f"read as '{sym.origin.what}'")
            for node, msg in sym.steps:
                c = c.then(node, msg)
            out.append(replace(c.clear(sym.cleared), shape=sym.shape or c.shape, spliced=sym.spliced or c.spliced))
    return out


def finish(fa: Any) -> None:
    """Resolve the sinks that symbolic attribute taints reached, once every method has run."""
    of = getattr(fa, "_objects", None)
    if of is None or not of.values:
        return
    for hit in list(fa.hits):
        if not hit.taint.origin.attr:
            continue
        for t in _resolve(of, hit.taint):
            if t.live_for(hit.kind):
                fa.hits.append(Hit(hit.kind, hit.sink, hit.what, t))
