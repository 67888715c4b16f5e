"""Python adapter of the order algebra (``order.py``), on the standard library's ``ast``.

Takes a parsed module and its :class:`~scanner.source.Source`; returns one
:class:`~scanner.checks.complexity.order.FunctionCost` per function, method and for the module top
level. ``ast`` is shared with the other Python rules through ``ctx.ast`` (and with radon), costs a
tenth of libcst and gives typed nodes, which the type tracking below needs.

What counts as a level:

* ``for`` / ``async for`` loops and each ``for`` clause of a comprehension or generator
  expression; ``itertools.product(a, b, c)`` is three levels, ``combinations(x, 2)`` two;
  ``while`` loops unless their test compares against a constant;
* operations that hide a loop: ``x in`` a list, tuple or string, ``.index`` / ``.count`` /
  ``.remove``, ``.insert(0, ...)``, ``.pop(0)``, ``sorted()`` / ``.sort()``, ``sum`` / ``min`` /
  ``max`` / ``any`` / ``all`` over a collection, string ``+=`` in a loop, ``map`` / ``filter``;
* calls to functions of the same module, nested functions and ``self.method()`` of the same
  class, with their own order (a function in progress counts 0: recursion guard).

Loops over constant-bounded iterables (``range(3)``, literals, names assigned a literal, ALL_CAPS
names) are not levels. Membership in a set or dict is not a loop; the type of a name comes from
its assignments (literals, ``set()``, ``dict()``, comprehensions, ``list()``, ``sorted()`` ...),
its annotation (``list[int]``, ``Set[str]``, ``Mapping``...) or, for ``self.x``, from every
assignment to ``self.x`` in the class. Unknown types are not counted as linear: precision first.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from scanner.checks.complexity import py_loops, py_search
from scanner.checks.complexity.py_parts import (
    DEF_TYPES, PASS_THROUGH, RANGES, base_of, count_of, fixed_literal, keyed, keys_of, names, statements,
    worklist_items,
)
from scanner.checks.complexity.py_recursion import dotted as _dotted, dotted_tail as _dotted_tail, memoized, recursion
from scanner.checks.complexity.order import (
    EXPONENTIAL,
    RECURSION_REASONS,
    ZERO,
    Cost,
    FunctionCost,
    Lineage,
    Step,
    big_o,
    call,
    derived_step,
    nest,
    recursion_cost,
    seq,
    size_of,
)
from scanner.model import Region
from scanner.source import Source

# ----- kinds of values ------------------------------------------------------------------------

LIST, TUPLE, STR, SET, DICT, CONST = "list", "tuple", "str", "set", "dict", "const"
NUM = "num"  # a name only ever assigned a number literal: a constant bound for range() and while
ITER = "iter"  # iter(x): a one-shot iterator, consumed by whichever loop draws from it
# membership in a tuple is not counted: tuples are records and fixed option sets (`kind in kinds`)
LINEAR = {LIST: "list membership", STR: "substring search"}
HASHED = {SET, DICT}

_ANNOTATION_KINDS = {
    "list": LIST, "List": LIST, "Sequence": LIST, "MutableSequence": LIST, "Iterable": LIST,
    "Iterator": LIST, "tuple": TUPLE, "Tuple": TUPLE, "str": STR, "Text": STR,
    "set": SET, "Set": SET, "frozenset": SET, "FrozenSet": SET, "AbstractSet": SET, "MutableSet": SET,
    "KeysView": SET, "dict": DICT, "Dict": DICT, "Mapping": DICT, "MutableMapping": DICT,
    "defaultdict": DICT, "DefaultDict": DICT, "OrderedDict": DICT, "Counter": DICT, "ChainMap": DICT,
}
_CALL_KINDS = {
    "list": LIST, "sorted": LIST, "tuple": TUPLE, "str": STR, "repr": STR, "set": SET, "iter": ITER,
    "frozenset": SET, "dict": DICT, "defaultdict": DICT, "OrderedDict": DICT, "Counter": DICT,
}
_METHOD_KINDS = {
    "split": LIST, "rsplit": LIST, "splitlines": LIST, "readlines": LIST, "keys": SET, "values": LIST,
    "join": STR, "format": STR, "lower": STR, "upper": STR, "strip": STR, "lstrip": STR,
    "rstrip": STR, "replace": STR, "decode": STR, "casefold": STR,
}
_GROWS = {"append", "extend", "insert", "add", "update"}
_REDUCERS = {"sum", "min", "max", "any", "all"}
_STRING_TABLES = frozenset({"ascii_letters", "ascii_lowercase", "ascii_uppercase", "digits", "hexdigits", "octdigits",
                            "punctuation", "printable", "whitespace", "lowercase", "uppercase", "letters"})
_COMBINATORICS = {"combinations", "permutations", "combinations_with_replacement"}
_COMPS = (ast.ListComp, ast.SetComp, ast.GeneratorExp, ast.DictComp)
_DEFS = (ast.FunctionDef, ast.AsyncFunctionDef)


def _merge(a: str | None, b: str | None) -> str | None:
    if a == b:
        return a
    pair = {a, b}
    if pair == {CONST, LIST}:
        return LIST
    if pair == {CONST, TUPLE}:
        return TUPLE
    if pair == {CONST, STR}:
        return STR
    return None


def _is_const_name(name: str) -> bool:
    return len(name) > 1 and name.isupper()


def _annotation_kind(ann: ast.expr | None) -> str | None:
    if ann is None:
        return None
    if isinstance(ann, ast.BinOp) and isinstance(ann.op, ast.BitOr):  # X | None
        left, right = _annotation_kind(ann.left), _annotation_kind(ann.right)
        if _is_none(ann.right):
            return left
        if _is_none(ann.left):
            return right
        return left if left == right else None
    if isinstance(ann, ast.Subscript):
        base = _dotted_tail(ann.value)
        if base == "Optional":
            return _annotation_kind(ann.slice)
        return _ANNOTATION_KINDS.get(base or "")
    return _ANNOTATION_KINDS.get(_dotted_tail(ann) or "")


def _is_none(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value is None


def _is_literal_collection(node: ast.expr) -> bool:
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return not any(isinstance(e, ast.Starred) for e in node.elts)
    if isinstance(node, ast.Dict):
        return None not in node.keys  # no ** unpacking
    return isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes))


def _is_constant_number(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
    if isinstance(node, ast.UnaryOp):
        return _is_constant_number(node.operand)
    if isinstance(node, ast.BinOp):
        return _is_constant_number(node.left) and _is_constant_number(node.right)
    if isinstance(node, ast.Name):
        return _is_const_name(node.id)
    if isinstance(node, ast.Attribute):
        return _is_const_name(node.attr)
    return False


# ----- scopes ---------------------------------------------------------------------------------


@dataclass
class ClassInfo:
    node: ast.ClassDef
    scope: Scope  # where the class statement is
    methods: dict[str, ast.AST] = field(default_factory=dict)
    _attrs: dict[str, str | None] | None = None


@dataclass
class Scope:
    node: ast.AST
    qualname: str
    parent: Scope | None
    cls: ClassInfo | None = None  # the class whose methods `self_name.m()` reaches
    self_name: str | None = None
    defs: dict[str, ast.AST] = field(default_factory=dict)
    kinds: dict[str, str | None] = field(default_factory=dict)
    params: set[str] = field(default_factory=set)

    def kind(self, name: str) -> str | None:
        s: Scope | None = self
        while s is not None:
            if name in s.kinds:
                return s.kinds[name]
            if name in s.params:
                return None
            s = s.parent
        return None

    def lookup_def(self, name: str) -> ast.AST | None:
        s: Scope | None = self
        while s is not None:
            if name in s.defs:
                return s.defs[name]
            if name in s.kinds or name in s.params:
                return None  # shadowed by a variable
            s = s.parent
        return None


_EXITS = {ast.Return, ast.Break, ast.Raise}
_TRY_STAR = getattr(ast, "TryStar", ast.Try)


class PyOrder:
    """The order of every function of one module. Summaries are memoized; recursion counts 0."""

    def __init__(self, tree: ast.Module, source: Source) -> None:
        self.tree = tree
        self.src = source
        self.memo: dict[int, Cost] = {}
        self.active: set[int] = set()
        self.popped: set[str] = set()  # names popped from the worklists of the enclosing while loops
        self.loops: list[ast.AST] = []  # the enclosing for / while statements of the function being walked
        self.memoized: dict[int, bool] = {}  # per function: remembers its results (a call to it counts 0)
        self.lineage = Lineage()  # the enclosing loops' items: collections derived from them add, not multiply
        self.derived_memo: dict[tuple[int, frozenset[str], frozenset[str]], Cost] = {}
        self.off: frozenset[str] = frozenset()  # flag parameters the call leaves at a false default
        self.stored: dict[int, set[str]] = {}
        self.owners: dict[int, tuple[Scope, ClassInfo | None, str]] = {}
        self.order: list[ast.AST] = []
        self.classes: dict[str, ClassInfo] = {}  # module-level classes: `Serializer._registry`
        self.modules = {(a.asname or a.name).split(".")[0] for n in tree.body
                        if type(n) is ast.Import or type(n) is ast.ImportFrom for a in n.names}
        self.module = Scope(tree, "", None)
        self.searching = py_search.searching_comprehensions(tree)  # comprehensions passed to any/all/next
        self._index(tree.body, self.module, "")

    # ----- indexing: defs, classes and the kinds of names, at statement level ------------------

    def _index(self, body: list[ast.stmt], scope: Scope, prefix: str, cls: ClassInfo | None = None) -> None:
        kinds = scope.kinds
        grown: set[str] = set()
        hashed: dict[str, str] = {}  # names assigned a set or dict literal
        for node in statements(body):
            t = type(node)
            if t in DEF_TYPES:
                if cls is None:
                    scope.defs.setdefault(node.name, node)
                else:
                    cls.methods.setdefault(node.name, node)
                self._add(node, scope, cls, prefix + node.name)
            elif t is ast.ClassDef:
                info = ClassInfo(node, scope)
                if scope is self.module:
                    self.classes.setdefault(node.name, info)
                self._index(node.body, Scope(node, prefix + node.name, scope), f"{prefix}{node.name}.", info)
            elif t is ast.Assign:
                for target in node.targets:
                    self._bind(kinds, target, node.value, scope)
                    if type(target) is ast.Name and type(node.value) in (ast.Set, ast.Dict):
                        hashed[target.id] = SET if type(node.value) is ast.Set else DICT
            elif t is ast.Expr:
                v = node.value
                if (type(v) is ast.Call and type(v.func) is ast.Attribute and v.func.attr in _GROWS
                        and type(v.func.value) is ast.Name):
                    grown.add(v.func.value.id)
            elif t is ast.AnnAssign:
                if type(node.target) is ast.Name:
                    k = _annotation_kind(node.annotation)
                    if k is None and node.value is not None:
                        k = self._kind_of(node.value, scope)
                    self._set(kinds, node.target.id, k)
            elif t is ast.AugAssign:
                if type(node.target) is ast.Name:
                    grown.add(node.target.id)
            elif t is ast.For or t is ast.AsyncFor:
                self._bind(kinds, node.target, None, scope)
            elif t is ast.With or t is ast.AsyncWith:
                for item in node.items:
                    if item.optional_vars is not None:
                        self._bind(kinds, item.optional_vars, None, scope)
        for name in grown:  # a literal that grows is a list (or a set), not fixed data; a counter is not a constant
            if kinds.get(name) == CONST:
                kinds[name] = hashed.get(name, LIST)  # `types = {"t"}; types.add("v")` is still a set
            elif kinds.get(name) == NUM:
                kinds[name] = None

    @staticmethod
    def _set(kinds: dict, name: str, k: str | None) -> None:
        kinds[name] = _merge(kinds[name], k) if name in kinds else k

    def _bind(self, kinds: dict, target: ast.expr, value: ast.expr | None, scope: Scope) -> None:
        if type(target) is ast.Name:
            self._set(kinds, target.id, self._kind_of(value, scope, kinds) if value is not None else None)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for e in target.elts:
                self._bind(kinds, e.value if isinstance(e, ast.Starred) else e, None, scope)

    def _kind_of(self, node: ast.expr, scope: Scope, local: dict | None = None) -> str | None:
        if isinstance(node, (ast.List, ast.Tuple, ast.Set, ast.Dict)):
            if _is_literal_collection(node) and (node.keys if isinstance(node, ast.Dict) else node.elts):
                return CONST
            return {ast.List: LIST, ast.Tuple: TUPLE, ast.Set: SET, ast.Dict: DICT}[type(node)]
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                return STR
            return NUM if isinstance(node.value, int) and not isinstance(node.value, bool) else None
        if isinstance(node, ast.JoinedStr):
            return STR
        if isinstance(node, ast.ListComp):
            return LIST
        if isinstance(node, ast.SetComp):
            return SET
        if isinstance(node, ast.DictComp):
            return DICT
        if isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name):
                return _CALL_KINDS.get(f.id)
            if isinstance(f, ast.Attribute):
                if f.attr in ("defaultdict", "OrderedDict", "Counter"):
                    return DICT
                return _METHOD_KINDS.get(f.attr)
            return None
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
            left = self._kind_of(node.left, scope, local)
            right = self._kind_of(node.right, scope, local)
            if STR in (left, right):
                return STR
            if left in (LIST, CONST) and right in (LIST, CONST):
                return LIST
            return None
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and self._kind_of(node.left, scope, local) == STR:
            return STR
        if isinstance(node, ast.Name):
            if local is not None and node.id in local:
                return local[node.id]
            k = scope.kind(node.id)
            return CONST if k is None and _is_const_name(node.id) else k
        if isinstance(node, ast.Attribute):
            return self._attr_kind(node, scope)
        return None

    def _attr_kind(self, node: ast.Attribute, scope: Scope) -> str | None:
        """``self.x`` / ``cls.x`` from the class's assignments, ``Registry.table`` of a class of the
        module, and an ALL_CAPS attribute (``settings.FIXTURE_DIRS``): a configured constant."""
        if _is_const_name(node.attr):
            return CONST
        if type(node.value) is not ast.Name:
            return None
        name = node.value.id
        if scope.cls is not None and name in (scope.self_name, "cls"):
            return self._class_attrs(scope.cls).get(node.attr)
        info = self.classes.get(name)
        if info is not None and scope.kind(name) is None and name not in self.modules:
            return self._class_attrs(info).get(node.attr)
        return None

    def _class_attrs(self, info: ClassInfo) -> dict[str, str | None]:
        """Kinds of a class's attributes: class-level assignments and every ``self.x = ...``."""
        if info._attrs is not None:
            return info._attrs
        attrs: dict[str, str | None] = {}
        info._attrs = attrs  # guards re-entry through _kind_of
        scope = info.scope
        grown: set[str] = set()
        for node in info.node.body:
            if type(node) is ast.Assign:
                for t in node.targets:
                    if type(t) is ast.Name:
                        self._set(attrs, t.id, self._kind_of(node.value, scope))
            elif type(node) is ast.AnnAssign and type(node.target) is ast.Name:
                k = _annotation_kind(node.annotation)
                self._set(attrs, node.target.id, k if k is not None or node.value is None
                          else self._kind_of(node.value, scope))
        for method in info.methods.values():
            args = method.args.posonlyargs + method.args.args
            if not args:
                continue
            me = args[0].arg
            a = method.args
            defaults = {p.arg: d for p, d in (*zip(args[len(args) - len(a.defaults):], a.defaults),
                                              *zip(a.kwonlyargs, a.kw_defaults)) if d is not None}
            for node in statements(method.body):
                t = type(node)
                if t is ast.Assign:
                    value = node.value  # self.x = x, where the parameter x defaults to a constant
                    if type(value) is ast.Name and value.id in defaults:
                        value = defaults[value.id]
                    for target in node.targets:
                        if type(target) is ast.Attribute and type(target.value) is ast.Name and target.value.id == me:
                            self._set(attrs, target.attr, self._kind_of(value, scope))
                elif t is ast.AnnAssign:
                    target = node.target
                    if type(target) is ast.Attribute and type(target.value) is ast.Name and target.value.id == me:
                        self._set(attrs, target.attr, _annotation_kind(node.annotation))
                elif t is ast.Expr:
                    v = node.value
                    if (type(v) is ast.Call and type(v.func) is ast.Attribute and v.func.attr in _GROWS
                            and type(v.func.value) is ast.Attribute and type(v.func.value.value) is ast.Name
                            and v.func.value.value.id == me):
                        grown.add(v.func.value.attr)
                elif t is ast.AugAssign:
                    target = node.target
                    if type(target) is ast.Attribute and type(target.value) is ast.Name and target.value.id == me:
                        grown.add(target.attr)
        for name in grown:
            if attrs.get(name) == CONST:
                attrs[name] = LIST
            elif attrs.get(name) == NUM:
                attrs[name] = None
        return attrs

    def _function_scope(self, fn: ast.AST, parent: Scope, qualname: str, cls: ClassInfo | None) -> Scope:
        args = fn.args
        every = [*args.posonlyargs, *args.args, *args.kwonlyargs]
        if args.vararg:
            every.append(args.vararg)
        if args.kwarg:
            every.append(args.kwarg)
        scope = Scope(fn, qualname, parent, cls=parent.cls, self_name=parent.self_name)
        if cls is not None:
            positional = [*args.posonlyargs, *args.args]
            is_static = any(_dotted_tail(d) == "staticmethod" for d in fn.decorator_list)
            scope.cls = cls
            scope.self_name = positional[0].arg if positional and not is_static else None
        scope.params = {a.arg for a in every}
        for a in every:
            k = _annotation_kind(a.annotation)
            if k is not None:
                scope.kinds[a.arg] = k
        if args.vararg and args.vararg.arg not in scope.kinds:
            scope.kinds[args.vararg.arg] = TUPLE
        positional = [*args.posonlyargs, *args.args]
        defaults = [*zip(positional[len(positional) - len(args.defaults):], args.defaults),
                    *zip(args.kwonlyargs, args.kw_defaults)]
        for a, default in defaults:  # `max_rounds: int = MAX_ROUNDS`: a cap, bounded like the constant
            if default is None:
                continue
            if a.arg not in scope.kinds and self._const_number(default, parent):
                scope.kinds[a.arg] = NUM
            elif scope.kinds.get(a.arg) in (None, LIST, TUPLE) and self._kind_of(default, parent) == CONST:
                scope.kinds[a.arg] = CONST  # `blacklist=IGNORED_KEYS`: a table the caller may replace
        self._index(fn.body, scope, qualname + ".")
        return scope

    # ----- driving ----------------------------------------------------------------------------

    def run(self) -> list[FunctionCost]:
        """Every function's order (in file order), the module top level first.

        A function whose text has no ``for`` / ``while`` has no level of its own to report; it is
        analysed only when a caller asks for its order."""
        top = self._body(self.tree.body, self.module, 0)
        results = [FunctionCost("<module>", "Module top level", top)]
        text, starts = self.src.text, self.src.line_starts
        i = 0
        while i < len(self.order):  # nested defs register while their parent is indexed
            fn = self.order[i]
            i += 1
            end = starts[fn.end_lineno] if fn.end_lineno < len(starts) else len(text)
            begin = starts[fn.lineno - 1]
            if (text.find("for", begin, end) != -1 or text.find("while", begin, end) != -1
                    or text.count(fn.name + "(", begin, end) > 1):  # a loop, or a call to itself
                self._compute(fn)
            elif text.find("def ", begin + 4, end) != -1:  # index its nested functions (recursive helpers)
                parent, cls, qualname = self.owners[id(fn)]
                self._function_scope(fn, parent, qualname, cls)
        for fn in sorted((f for f in self.order if id(f) in self.memo), key=lambda f: (f.lineno, f.col_offset)):
            _, cls, qualname = self.owners[id(fn)]
            results.append(FunctionCost(qualname, "Method" if cls is not None else "Function", self.memo[id(fn)],
                                        lines=(fn.lineno, fn.end_lineno or fn.lineno), line=fn.lineno))
        return results

    def _add(self, fn: ast.AST, parent: Scope, cls: ClassInfo | None, qualname: str) -> None:
        if id(fn) not in self.owners:
            self.owners[id(fn)] = (parent, cls, qualname)
            self.order.append(fn)

    def _compute(self, fn: ast.AST, items: frozenset[str] = frozenset(), origin: str = "",
                 off: frozenset[str] = frozenset()) -> Cost:
        """The memoized order of one registered function; a function in progress counts 0.

        ``items``: parameters bound to the item of a caller's loop (``origin`` names it); loops over
        collections derived from them are derived levels in this call's cost. ``off``: flag
        parameters the call leaves at their false default: ``if flag:`` blocks do not run."""
        key = id(fn)
        plain = not items and not off
        memo = self.memo if plain else self.derived_memo
        mkey = key if plain else (key, items, off)
        if mkey in memo:
            return memo[mkey]
        if key in self.active or key not in self.owners:
            return ZERO  # recursion, or a def we do not know
        parent, cls, qualname = self.owners[key]
        self.active.add(key)
        saved, popped, was_off, loops = self.lineage.save(), self.popped, self.off, self.loops
        self.popped, self.off, self.loops = set(), off, []
        if items:
            self.lineage.push(set(items), origin, None)
        rec = self._recursion(fn, cls)
        if rec is not None and rec.kind == "traversal":  # loops over the parameter's parts are the traversal's
            self.lineage.push(set(rec.parts), f"the recursion of `{fn.name}()`", None)
        try:
            scope = self._function_scope(fn, parent, qualname, cls)
            total = self._body(fn.body, scope, 0)
            if rec is not None:
                total = self._recur(rec, total, fn.name, bool(items))
        finally:
            self.active.discard(key)
            self.lineage.restore(saved)
            self.popped, self.off, self.loops = popped, was_off, loops
        memo[mkey] = total
        return total

    def _recursion(self, fn: ast.AST, cls: ClassInfo | None):
        """How the function's calls to itself multiply its work (None: it does not call itself)."""
        starts, text = self.src.line_starts, self.src.text
        begin, end = starts[fn.lineno - 1], starts[fn.end_lineno] if fn.end_lineno < len(starts) else len(text)
        is_method = cls is not None and not any(_dotted_tail(d) == "staticmethod" for d in fn.decorator_list)
        if is_method:  # only `self.name(` / `cls.name(` calls itself (a cheap text test before the walk)
            if text.find(f".{fn.name}(", begin, end) == -1:
                return None
        elif text.count(fn.name + "(", begin, end) < 2:
            return None
        return recursion(fn, is_method, EXPONENTIAL)

    def _recur(self, rec, body: Cost, name: str, derived: bool) -> Cost:
        """The body's worst path with the recursion's levels in front (order.recursion_cost)."""
        step = Step(self.src.region_from_ast(rec.site), f"recursion {name}()", RECURSION_REASONS[rec.kind],
                    rec.why, weight=rec.weight, kind="recursion", size=self._recursion_size(rec))
        return recursion_cost(step, rec.kind, body, derived)

    def _size(self, it: ast.expr, levels: int) -> str:
        """What n is for a loop over ``it`` (``len(users)``); ``product(a, b)``: one size per iterable."""
        if levels > 1 and type(it) is ast.Call and it.args and _dotted_tail(it.func) == "product":
            sizes = [size_of(self._text(a, 80)) for a in it.args]
            if len(sizes) == levels:
                return " * ".join(sizes)
        return size_of(self._text(it, 80))

    def _recursion_size(self, rec) -> str:
        """The argument the recursion shrinks: ``n`` of ``f(n - 1)``, ``len(a)`` of ``f(a[1:])``."""
        for a in rec.site.args:
            if type(a) is ast.BinOp and type(a.left) is ast.Name:
                return a.left.id
            if type(a) is ast.Subscript and type(a.slice) is ast.Slice:
                return size_of(self._text(a.value, 80))
        return "depth of the recursion" if rec.kind != "states" else "states"

    # ----- regions and labels -----------------------------------------------------------------

    def _region(self, start: ast.AST, end: ast.AST) -> Region:
        return self.src.region_from_ast(_Span(start.lineno, start.col_offset, end.end_lineno, end.end_col_offset))

    def _text(self, node: ast.AST, limit: int = 48) -> str:
        r = self.src.region_from_ast(node)
        if r.end_line != r.start_line:
            text = self.src.line_text(r.start_line)[r.start_column - 1:].rstrip() + " ..."
        else:
            text = self.src.line_text(r.start_line)[r.start_column - 1:r.end_column - 1]
        return text if len(text) <= limit else text[: limit - 3] + "..."

    # ----- the walk ---------------------------------------------------------------------------

    def cost(self, node: ast.AST, scope: Scope, depth: int) -> Cost:
        method = _DISPATCH.get(type(node))
        if method is not None:
            return method(self, node, scope, depth)
        return self._children(node, scope, depth)

    def _children(self, node: ast.AST, scope: Scope, depth: int) -> Cost:
        best = ZERO
        cost = self.cost
        for name in node._fields:
            value = getattr(node, name, None)
            if type(value) is list:
                for child in value:
                    if isinstance(child, ast.AST):
                        c = cost(child, scope, depth)
                        if c.order > best.order:
                            best = c
            elif isinstance(value, ast.AST):
                c = cost(value, scope, depth)
                if c.order > best.order:
                    best = c
        return best

    def _body(self, stmts: list[ast.stmt], scope: Scope, depth: int) -> Cost:
        best = ZERO
        for s in stmts:
            c = self.cost(s, scope, depth)
            if c.order > best.order:
                best = c
        return best

    def _skip(self, node: ast.AST, scope: Scope, depth: int) -> Cost:
        return ZERO  # nested defs, classes and lambdas do not run where they are written

    def _class(self, node: ast.ClassDef, scope: Scope, depth: int) -> Cost:
        return self._body(node.body, scope, depth)  # the class body runs where the class statement is

    def _for(self, node: ast.For, scope: Scope, depth: int) -> Cost:
        levels, why = self.levels(node.iter, scope)
        step, src, frame = None, None, None
        if levels and self._same_iterator(node.iter, scope):
            label = f"for {self._text(node.target, 24)}"
            step = Step(self._region(node, node.iter), label, "the enclosing loop's iterator",
                        f"not a level: `{label}` draws from the iterator `{self._text(node.iter)}` that an enclosing "
                        "loop draws from too: together they take each item once", weight=0, kind="derived")
        elif levels:
            label = f"for {self._text(node.target, 24)}"
            region = self._region(node, node.iter)
            src = self._source(node.iter, scope)
            if src is not None:
                step = derived_step(region, label, f"the `for` loop over `{self._text(node.iter)}`", src,
                                    self._size(node.iter, 1))
            else:
                step = Step(region, label, "loop", why or f"`for` loop over `{self._text(node.iter)}`", weight=levels,
                            size=self._size(node.iter, levels), finds=py_search.for_searches(node))
            frame = self.lineage.push(names(node.target) | keyed(node.target, node.iter),
                                      f"`{label}` (line {region.start_line})", src)
        self.loops.append(node)
        try:
            body = self._iterations(step, node.body, [], scope, depth)
        finally:
            self.loops.pop()
            if frame is not None:
                self.lineage.pop(frame, src)
        return seq(self.cost(node.iter, scope, depth), body, self._body(node.orelse, scope, depth))

    def _same_iterator(self, it: ast.expr, scope: Scope) -> bool:
        """``it = iter(xs); for a in it: ... for b in it:``: both loops consume one iterator."""
        if type(it) is not ast.Name or scope.kind(it.id) != ITER:
            return False
        return any(type(lp) in (ast.For, ast.AsyncFor) and type(lp.iter) is ast.Name and lp.iter.id == it.id
                   for lp in self.loops)

    def _source(self, it: ast.expr, scope: Scope):
        """The enclosing loop whose item ``it`` derives from (None: ``it`` is a level of its own).

        A call with the item (``self.forwards_plan(node)``) returns a part of the item, unless the
        callee is a function of this file that, even with the item's parts counted as derived, does
        linear work of its own (a graph search from the node): then its result is as large as that
        work, and the loop over it is a level."""
        src = self.lineage.source(base_of(it))
        if src is None:
            return None
        call = it
        while type(call) is ast.Call and type(call.func) is ast.Name and call.func.id in PASS_THROUGH and call.args:
            call = call.args[0]
        if type(call) is ast.Call:
            target = self._callee(call, scope)
            if target is not None and id(target) not in self.active and not self.memoized.get(id(target)):
                items, origin = self._item_params(call, target)
                if self._compute(target, items, origin).order >= 1:
                    return None
        return src

    def _callee(self, node: ast.Call, scope: Scope) -> ast.AST | None:
        """The def a call reaches in this file: ``helper(...)``, ``self.method(...)``."""
        f = node.func
        if type(f) is ast.Name:
            return scope.lookup_def(f.id)
        if (type(f) is ast.Attribute and scope.cls is not None and type(f.value) is ast.Name
                and f.value.id in (scope.self_name, "cls", "self")):
            return scope.cls.methods.get(f.attr)
        return None

    def _assign(self, node: ast.Assign, scope: Scope, depth: int) -> Cost:
        if _resumes(node):  # `i = pool.index(e, i)`: each search starts where the last one stopped
            return seq(*(self.cost(a, scope, depth) for a in node.value.args))
        cost = self._children(node, scope, depth)  # the value runs before the names are rebound
        if self.lineage.frames and not fixed_literal(node.value):
            # `kids = item.children` in a loop body: kids derives from the item; `values = {True}`
            # (a fixed literal) cannot make it larger, so it keeps its lineage
            base = base_of(node.value)
            for target in node.targets:
                for name in names(target) - self.popped:  # `node = stack.pop()` binds the worklist's item
                    self.lineage.alias(name, base)
        return cost

    def _while(self, node: ast.While, scope: Scope, depth: int) -> Cost:
        step = None
        front = py_loops.frontier(node)
        if not self._bounded(node.test):
            region, label = self._region(node, node.test), f"while {self._text(node.test, 24)}"
            why = py_loops.log_loop(node) or py_loops.generator_loop(node) or py_loops.paced_loop(node)
            if why is None and self.loops:
                why = py_loops.amortised(node, self.loops[-1])
            if why is None and front:
                why = ("a breadth-first search by frontiers: each item is in one frontier, so the loop over "
                       "the frontier is the level")
            size = _while_size(node.test, self._text)
            if why is None and size.startswith("passes of"):
                why = py_loops.untied(node)
            src = self._bounded_by_item(node) if why is None else None
            if src is not None:  # for start, end in ranges: while start < end: start += chunk
                step = derived_step(region, label, f"the `while` loop bounded by `{self._text(node.test)}`", src)
            elif why is not None:
                step = Step(region, label, why.split(":")[0], f"not a level: `{label}` {why}", weight=0,
                            kind="derived")
            else:
                step = Step(region, label, "loop", "`while` loop not bounded by a constant", size=size)
        popped = (worklist_items(node) | front) - self.popped
        self.popped |= popped
        self.loops.append(node)
        # the items taken from the worklist: a call with one (`cls.check_member(member)`) walks that
        # item's parts, amortised over the traversal like the loops over them here
        frame = (self.lineage.push(popped, f"`while {self._text(node.test, 24)}` (line {node.lineno})", None)
                 if popped else None)
        try:
            body = self._iterations(step, node.body, [node.test], scope, depth)
        finally:
            self.popped -= popped
            self.loops.pop()
            if frame is not None:
                self.lineage.pop(frame, None)
        return seq(body, self._body(node.orelse, scope, depth))

    def _bounded_by_item(self, loop: ast.While):
        """The frame whose item bounds a ``while``: every name its test reads that the body does not
        assign is the item's (``while start < end`` in ``for start, end in ranges``, ``while pos <
        len(data)`` in a helper called with the item as ``data``)."""
        if not self.lineage.frames:
            return None
        calls = {id(n.func) for n in ast.walk(loop.test) if type(n) is ast.Call}
        read = {n.id for n in ast.walk(loop.test) if type(n) is ast.Name and id(n) not in calls}
        assigned = {n.id for n in py_loops.own_nodes(loop.body) if type(n) is ast.Name and type(n.ctx) is ast.Store}
        fixed = read - assigned
        if not fixed or not (read & assigned):
            return None
        for f in reversed(self.lineage.frames):
            if fixed <= f.names:
                return None if f.used else f
        return None

    def _iterations(self, step: Step | None, body: list[ast.stmt], per_pass: list[ast.expr], scope: Scope,
                    depth: int) -> Cost:
        """A loop body: what runs on every pass is nested under ``step`` (None: constant-bounded);
        a block that ends in ``break`` / ``return`` / ``raise`` runs at most once per loop."""
        d = depth + (1 if step is not None else 0)
        has_continue = any(type(s) is ast.Continue for s in statements(body))
        if has_continue:
            per, once = self._body(body, scope, d), ZERO
        else:
            per, once = self._split(body, scope, d)
        per = seq(per, *(self.cost(e, scope, d) for e in per_pass))
        runs_once = not has_continue and body and _exits(body[-1])
        if step is None or runs_once:
            return seq(per, once)
        return seq(nest(step, per), once)

    def _split(self, stmts: list[ast.stmt], scope: Scope, depth: int) -> tuple[Cost, Cost]:
        """(cost on every pass, cost at most once) of a block inside a loop."""
        per = once = ZERO
        for s in stmts:
            t = type(s)
            if t is ast.If:
                p1, o1 = self._split(s.body, scope, depth) if not self._is_off(s.test) else (ZERO, ZERO)
                p2, o2 = self._split(s.orelse, scope, depth)
                per, once = seq(per, self.cost(s.test, scope, depth), p1, p2), seq(once, o1, o2)
            elif t is ast.Try or t is ast.With or t is ast.AsyncWith or t is _TRY_STAR:
                blocks = [s.body, getattr(s, "orelse", []), getattr(s, "finalbody", [])]
                blocks += [h.body for h in getattr(s, "handlers", ())]
                for b in blocks:
                    p, o = self._split(b, scope, depth)
                    per, once = seq(per, p), seq(once, o)
                for item in getattr(s, "items", ()):
                    per = seq(per, self.cost(item.context_expr, scope, depth))
            else:
                per = seq(per, self.cost(s, scope, depth))
        if stmts and _fails(stmts[-1]):
            return ZERO, ZERO  # an error path: see _block
        if stmts and _exits(stmts[-1]):
            return ZERO, seq(per, once)
        return per, once

    @staticmethod
    def _bounded(test: ast.expr) -> bool:
        """``while i < 10`` / ``while tries <= MAX_TRIES``: a constant bound."""
        if isinstance(test, ast.BoolOp):
            return any(PyOrder._bounded(v) for v in test.values) if isinstance(test.op, ast.And) else False
        if isinstance(test, ast.Compare) and len(test.ops) == 1:
            op, right = test.ops[0], test.comparators[0]
            if isinstance(op, (ast.Lt, ast.LtE)):
                return _is_constant_number(right) and not (isinstance(right, ast.Constant) and right.value in (0, 1))
            if isinstance(op, (ast.Gt, ast.GtE)):
                return _is_constant_number(test.left) and not (isinstance(test.left, ast.Constant)
                                                               and test.left.value in (0, 1))
        return False

    def _comp(self, node: ast.AST, scope: Scope, depth: int) -> Cost:
        elts = [node.key, node.value] if isinstance(node, ast.DictComp) else [node.elt]
        return self._generators(node, node.generators, 0, elts, scope, depth)

    def _generators(self, comp: ast.AST, gens: list[ast.comprehension], i: int, elts: list[ast.expr],
                    scope: Scope, depth: int) -> Cost:
        if i == len(gens):
            return seq(*(self.cost(e, scope, depth) for e in elts))
        g = gens[i]
        levels, why = self.levels(g.iter, scope)
        d = depth + (1 if levels else 0)
        step, src, frame = None, None, None
        if levels:
            region = self._comp_region(g)
            kind = "generator expression" if isinstance(comp, ast.GeneratorExp) else "comprehension"
            label = f"{kind} for {self._text(g.target, 24)}"
            what = f"`for` clause of a {kind} over `{self._text(g.iter)}`"
            src = self._source(g.iter, scope)
            step = (derived_step(region, label, f"the {what}", src, self._size(g.iter, 1)) if src is not None
                    else Step(region, label, "loop", why or what, weight=levels, size=self._size(g.iter, levels),
                              finds=py_search.clause_searches(comp, g, self.searching)))
            frame = self.lineage.push(names(g.target) | keyed(g.target, g.iter),
                                      f"`{label}` (line {region.start_line})", src)
        try:
            inner = seq(*(self.cost(c, scope, d) for c in g.ifs),
                        self._generators(comp, gens, i + 1, elts, scope, d))
        finally:
            if frame is not None:
                self.lineage.pop(frame, src)
        if step is not None:
            inner = nest(step, inner)
        return seq(self.cost(g.iter, scope, depth), inner)

    def _comp_region(self, g: ast.comprehension) -> Region:
        r = self._region(g.target, g.iter)
        line = self.src.line_text(r.start_line)
        at = line.rfind("for", 0, r.start_column - 1)
        if at >= 0:
            return Region(r.start_line, at + 1, r.end_line, r.end_column)
        return r

    def _const_number(self, node: ast.expr, scope: Scope) -> bool:
        """A number literal, an ALL_CAPS name, or a name / ``self.x`` only ever assigned a number."""
        if _is_constant_number(node):
            return True
        if type(node) is ast.Name:
            return scope.kind(node.id) == NUM
        if type(node) is ast.Attribute:
            return self._attr_kind(node, scope) == NUM
        if type(node) is ast.BinOp:
            return self._const_number(node.left, scope) and self._const_number(node.right, scope)
        if type(node) is ast.UnaryOp:
            return self._const_number(node.operand, scope)
        if type(node) is ast.Call and node.args and not node.keywords:
            name = _dotted_tail(node.func)
            if name in ("randint", "randrange") and all(self._const_number(a, scope) for a in node.args):
                return True  # range(random.randint(1, 4)): at most a constant
            if name == "min" and any(self._const_number(a, scope) for a in node.args):
                return True  # min(n, 10)
        if type(node) is ast.Call and type(node.func) is ast.Name and node.func.id == "len" and len(node.args) == 1:
            arg = node.args[0]  # len(PATTERNS) of a literal tuple / list constant
            return (_is_literal_collection(arg) or type(arg) is ast.Name
                    and (_is_const_name(arg.id) or scope.kind(arg.id) == CONST))
        return False

    def _fixed_slice(self, sl: ast.Slice, scope: Scope) -> bool:
        """``[:k]`` or ``[a:b]`` with constant bounds, no step: a constant number of elements."""
        if sl.step is not None or sl.upper is None or type(sl.upper) is ast.UnaryOp:  # [1:-1]: all but two
            return False
        return self._const_number(sl.upper, scope) and (sl.lower is None or type(sl.lower) is not ast.UnaryOp
                                                        and self._const_number(sl.lower, scope))

    def levels(self, it: ast.expr, scope: Scope) -> tuple[int, str]:
        """How many levels iterating over ``it`` adds (0: constant-bounded), and why when not 1."""
        if _is_literal_collection(it):
            return 0, ""
        if self.popped and any(type(n) is ast.Name and n.id in self.popped for n in ast.walk(it)):
            return 0, ""  # the children of a worklist item: amortised over the whole traversal
        if isinstance(it, ast.Name):
            if _is_const_name(it.id) or scope.kind(it.id) == CONST:
                return 0, ""
            return 1, ""
        if type(it) is ast.Subscript and type(it.slice) is ast.Slice and self._fixed_slice(it.slice, scope):
            return 0, ""  # lines[:2], row[1:3]: at most a constant number of elements
        if isinstance(it, ast.Attribute):
            if _is_const_name(it.attr) or self._attr_kind(it, scope) == CONST:
                return 0, ""
            if type(it.value) is ast.Name and it.value.id == "string" and it.attr in _STRING_TABLES:
                return 0, ""  # string.ascii_lowercase: the 26 letters
            if it.attr in ("keys", "values", "items"):
                return 1, ""
            return 1, ""
        if isinstance(it, ast.Call):
            name = _dotted_tail(it.func)
            args = it.args
            if name in RANGES and isinstance(it.func, ast.Name):
                if args and all(self._const_number(a, scope) for a in args) or py_loops.sublinear_range(args):
                    return 0, ""
                if py_loops.exponential_range(args):
                    return EXPONENTIAL, f"`for` loop over `{self._text(it)}`: one pass per subset, 2^n passes"
                return 1, ""
            if name == "product" and args:
                repeat = next((kw.value for kw in it.keywords if kw.arg == "repeat"), None)
                times = repeat.value if isinstance(repeat, ast.Constant) and isinstance(repeat.value, int) else 1
                n = sum(self.levels(a, scope)[0] for a in args) * max(1, times)
                return n, f"itertools.product over {len(args)} iterables: {n} nested levels"
            if name in _COMBINATORICS and args:
                r = args[1] if len(args) > 1 else next((kw.value for kw in it.keywords if kw.arg == "r"), None)
                base = self.levels(args[0], scope)[0]
                if base and isinstance(r, ast.Constant) and isinstance(r.value, int) and r.value > 1:
                    return base * r.value, f"{name}(..., {r.value}): {base * r.value} nested levels"
                return base, ""
            if name in PASS_THROUGH and isinstance(it.func, ast.Name) and args:
                return max(self.levels(a, scope)[0] for a in args), ""
            if isinstance(it.func, ast.Attribute) and it.func.attr in ("items", "keys", "values") and not args:
                return self.levels(it.func.value, scope)[0], ""
        return 1, ""

    def _compare(self, node: ast.Compare, scope: Scope, depth: int) -> Cost:
        base = self._children(node, scope, depth)
        for op, right in zip(node.ops, node.comparators):
            if isinstance(op, (ast.In, ast.NotIn)):
                kind = self._membership_kind(right, scope)
                if kind == STR and type(node.left) is ast.Constant:
                    kind = None  # `"bad magic" in str(e)`: a fixed word in a message, not a document scan
                if kind is not None:
                    word = "in" if isinstance(op, ast.In) else "not in"
                    what = LINEAR[kind]
                    label = f"`{self._text(node.left, 20)} {word} {self._text(right, 24)}`"
                    step = Step(self.src.region_from_ast(node), label, what,
                                f"{label} is a {what}: a linear scan" if kind != STR else
                                f"{label} searches the string: a linear scan", kind="operation",
                                size=size_of(self._text(right, 80)))
                    base = seq(base, Cost(1, (step,)))
        return base

    def _membership_kind(self, right: ast.expr, scope: Scope) -> str | None:
        if _is_literal_collection(right) or self._derived(right):
            return None
        if isinstance(right, ast.Call) and isinstance(right.func, ast.Attribute):
            if right.func.attr == "values" and not right.args:
                return LIST
            if right.func.attr == "keys":
                return None
        kind = self._kind_of(right, scope)
        return kind if kind in LINEAR else None

    def _call(self, node: ast.Call, scope: Scope, depth: int) -> Cost:
        base = self._children(node, scope, depth)
        f = node.func
        if isinstance(f, ast.Name):
            name = f.id
            if name in _REDUCERS or name == "sorted":
                if len(node.args) == 1:
                    arg = node.args[0]
                    if (not isinstance(arg, (*_COMPS, ast.Starred)) and self.levels(arg, scope)[0]
                            and not self._derived(arg)):
                        what = "sorts the collection" if name == "sorted" else "iterates over the collection"
                        label = f"`{name}({self._text(arg, 24)})`"
                        return seq(base, Cost(1, (Step(self.src.region_from_ast(node), label, f"{name}() {what}",
                                                       f"{label} {what}: a linear pass", kind="operation",
                                                       size=size_of(self._text(arg, 80))),)))
                return base
            if name in ("map", "filter") and len(node.args) == 2:
                fn, it = node.args
                levels, _ = self.levels(it, scope)
                if not levels:
                    return base
                if isinstance(fn, ast.Lambda):
                    body = self.cost(fn.body, scope, depth + 1)
                else:
                    target = scope.lookup_def(fn.id) if isinstance(fn, ast.Name) else None
                    body = self._call_cost(node, target, fn.id, scope) if target is not None else ZERO
                label, region = f"{name}() over {self._text(it, 24)}", self.src.region_from_ast(node)
                src = self.lineage.source(base_of(it))
                step = (derived_step(region, label, f"`{name}()` over `{self._text(it)}`", src) if src is not None
                        else Step(region, label, "loop",
                                  f"`{name}()` calls its function once per element of `{self._text(it)}`",
                                  weight=levels, size=self._size(it, levels)))
                return seq(base, nest(step, body))
            target = scope.lookup_def(name)
            if target is not None:
                return seq(base, self._call_cost(node, target, name, scope))
            return base
        if isinstance(f, ast.Attribute):
            recv, attr, args = f.value, f.attr, node.args
            if (scope.cls is not None and isinstance(recv, ast.Name) and recv.id in (scope.self_name, "cls", "self")
                    and attr in scope.cls.methods):
                return seq(base, self._call_cost(node, scope.cls.methods[attr], f"{recv.id}.{attr}", scope))
            op = self._hidden_method(recv, attr, args, scope) if not self._derived(recv) else None
            if op is not None:
                label = f"`{self._text(node, 32)}`"
                queue = attr in ("pop", "insert") and bool(self.loops) and py_search.grows(self.loops[-1], recv)
                return seq(base, Cost(1, (Step(self.src.region_from_ast(node), label, op,
                                               f"{label}: {op}, a linear pass", kind="operation",
                                               size=size_of(self._text(recv, 80)), finds=queue),)))
        return base

    def _hidden_method(self, recv: ast.expr, attr: str, args: list[ast.expr], scope: Scope) -> str | None:
        if attr not in ("index", "count", "remove", "insert", "pop", "sort"):
            return None
        if type(recv) is ast.Name and recv.id in self.modules and scope.kind(recv.id) is None:
            return None  # os.remove(path): a module's function, not list.remove
        kind = self._kind_of(recv, scope)
        if kind in HASHED or kind == CONST:
            return None
        if isinstance(recv, ast.Constant):
            return None
        if attr in ("index", "count") and args and len(args) <= 3:
            if isinstance(recv, ast.Name) and _is_const_name(recv.id):
                return None
            if kind is None and isinstance(args[0], ast.Constant) and isinstance(args[0].value, str):
                return None  # `name.index(".")`: a short string of unknown type, not a collection
            return f"{'str' if kind == STR else 'list'}.{attr}() scans the sequence"
        if attr == "remove" and len(args) == 1 and kind in (LIST, None):
            return "list.remove() scans and shifts the list"
        if attr == "insert" and len(args) == 2 and _is_zero(args[0]) and kind in (LIST, None):
            return "list.insert(0, ...) shifts every element"
        if attr == "pop" and len(args) == 1 and _is_zero(args[0]) and kind in (LIST, None):
            return "list.pop(0) shifts every element"
        if attr == "sort" and kind in (LIST, None) and not args:
            return "sort() sorts the list"
        return None

    def _derived(self, collection: ast.expr) -> bool:
        """A collection that derives from an enclosing loop's item: scanning it adds to that level."""
        return bool(self.lineage.frames) and self.lineage.source(base_of(collection)) is not None

    def _item_params(self, node: ast.Call, target: ast.AST) -> tuple[frozenset[str], str]:
        """The callee's parameters that receive the item of an enclosing loop (or an expression on it)."""
        if not self.lineage.frames or not isinstance(target, _DEFS):
            return frozenset(), ""
        a = target.args
        positional = [p.arg for p in (*a.posonlyargs, *a.args)]
        if (type(node.func) is ast.Attribute and positional and self.owners.get(id(target), (None, None))[1] is not None
                and not any(_dotted_tail(d) == "staticmethod" for d in target.decorator_list)):
            positional = positional[1:]  # self.method(item): skip `self`
        pairs = [(p, v) for p, v in zip(positional, node.args) if not isinstance(v, ast.Starred)]
        if a.vararg is not None:  # merge(*lists): the item's parts spread into *lists
            pairs += [(a.vararg.arg, v.value) for v in node.args if isinstance(v, ast.Starred)]
        pairs += [(kw.arg, kw.value) for kw in node.keywords if kw.arg is not None]
        items, origin = set(), ""
        for param, value in pairs:
            src = self.lineage.source(base_of(value))
            if src is not None:
                items.add(param)
                origin = origin or f"parameter `{param}` (an item of the caller's loop)"
        return frozenset(items), origin

    def _is_off(self, test: ast.expr) -> bool:
        """``if flag:`` / ``if flag and ...`` on a flag parameter left at its false default."""
        if not self.off:
            return False
        if type(test) is ast.Name:
            return test.id in self.off
        if type(test) is ast.BoolOp and type(test.op) is ast.And:
            return any(self._is_off(v) for v in test.values)
        return False

    def _if(self, node: ast.If, scope: Scope, depth: int) -> Cost:
        body = ZERO if self._is_off(node.test) else self._block(node.body, scope, depth)
        return seq(self.cost(node.test, scope, depth), body, self._block(node.orelse, scope, depth))

    def _block(self, stmts: list[ast.stmt], scope: Scope, depth: int) -> Cost:
        """A block that ends in ``raise`` (or ``self.fail()``, ``sys.exit()``) is an error path: it
        runs once and ends every enclosing loop, so its work (formatting the message, cleaning up)
        is no level of the function's normal work."""
        return ZERO if stmts and _fails(stmts[-1]) else self._body(stmts, scope, depth)

    def _handler(self, node: ast.ExceptHandler, scope: Scope, depth: int) -> Cost:
        return self._block(node.body, scope, depth)

    def _flags_left_off(self, node: ast.Call, target: ast.AST) -> frozenset[str]:
        """Parameters with a ``False`` / ``None`` / ``0`` default that the call does not pass and the
        callee never reassigns (``add_operation(app, op)`` leaves ``beginning=False``)."""
        if not isinstance(target, _DEFS) or any(isinstance(a, ast.Starred) for a in node.args) or any(
                kw.arg is None for kw in node.keywords):
            return frozenset()
        a = target.args
        positional = [*a.posonlyargs, *a.args]
        pairs = [*zip(positional[len(positional) - len(a.defaults):], a.defaults),
                 *((p, d) for p, d in zip(a.kwonlyargs, a.kw_defaults) if d is not None)]
        flags = [p.arg for p, d in pairs if type(d) is ast.Constant and d.value in (False, None, 0)]
        if not flags:
            return frozenset()
        passed = {p.arg for p in positional[:len(node.args) + (1 if type(node.func) is ast.Attribute
                                                                and self.owners.get(id(target), (0, None))[1]
                                                                else 0)]}
        passed |= {kw.arg for kw in node.keywords}
        stored = self.stored.get(id(target))
        if stored is None:
            stored = self.stored[id(target)] = {n.id for n in ast.walk(target)
                                                if type(n) is ast.Name and type(n.ctx) is ast.Store}
        return frozenset(f for f in flags if f not in passed and f not in stored)

    def _call_cost(self, node: ast.Call, target: ast.AST, name: str, scope: Scope) -> Cost:
        if id(target) in self.active:
            return ZERO  # recursion: its levels come from the recurrence (py_recursion), not from here
        memo = self.memoized.get(id(target))
        if memo is None:
            memo = self.memoized[id(target)] = memoized(target)
        if memo:
            return ZERO  # its work is paid once per distinct argument, not once per call
        items, origin = self._item_params(node, target)
        callee = self._compute(target, items, origin, self._flags_left_off(node, target))
        if callee.order == 0:
            return ZERO
        site = Step(self.src.region_from_ast(node), f"{name}()", "call",
                    f"calls `{name}()`, which is {big_o(callee.order)}", weight=0, kind="call")
        return call(site, callee)



def _while_size(test: ast.expr, text) -> str:
    """What n is for a ``while``: ``len(stack)`` for ``while stack``, ``n`` for ``while i < n``."""
    if type(test) is ast.BoolOp:
        test = test.values[0]
    if type(test) is ast.Call and _dotted_tail(test.func) == "len" and len(test.args) == 1:
        test = test.args[0]  # while len(stack)
    if type(test) is ast.Name or type(test) is ast.Attribute:
        return size_of(text(test, 80))
    if type(test) is ast.Compare and len(test.ops) == 1 and isinstance(test.ops[0], (ast.Lt, ast.LtE)):
        return size_of(f"range({text(test.comparators[0], 80)})")
    return f"passes of `while {text(test, 30)}`"


def _resumes(node: ast.Assign) -> bool:
    """``i = xs.index(v, i)`` / ``i = s.find(v, i)``: a scan that resumes from its last result, so
    over the enclosing loop it walks the sequence once (a pointer that only advances)."""
    v = node.value
    return (len(node.targets) == 1 and type(node.targets[0]) is ast.Name and type(v) is ast.Call
            and type(v.func) is ast.Attribute and v.func.attr in ("index", "find") and len(v.args) >= 2
            and type(v.args[1]) is ast.Name and v.args[1].id == node.targets[0].id)


_FAILS = frozenset({"fail", "exit", "abort", "skipTest", "skip", "xfail", "_exit"})


def _exits(stmt: ast.stmt) -> bool:
    """``return`` / ``break`` / ``raise``, or a call that does not come back (``self.fail(...)``,
    ``sys.exit()``, ``pytest.fail()``)."""
    if type(stmt) in _EXITS:
        return True
    return (type(stmt) is ast.Expr and type(stmt.value) is ast.Call
            and _dotted_tail(stmt.value.func) in _FAILS)


def _fails(stmt: ast.stmt) -> bool:
    """``raise`` or a call that does not come back: the end of an error path."""
    return type(stmt) is ast.Raise or (type(stmt) is ast.Expr and type(stmt.value) is ast.Call
                                       and _dotted_tail(stmt.value.func) in _FAILS)


def _is_zero(node: ast.expr) -> bool:
    return isinstance(node, ast.Constant) and node.value == 0 and not isinstance(node.value, bool)


@dataclass(frozen=True)
class _Span:
    lineno: int
    col_offset: int
    end_lineno: int
    end_col_offset: int


_DISPATCH = {
    ast.For: PyOrder._for,
    ast.AsyncFor: PyOrder._for,
    ast.While: PyOrder._while,
    ast.ListComp: PyOrder._comp,
    ast.SetComp: PyOrder._comp,
    ast.DictComp: PyOrder._comp,
    ast.GeneratorExp: PyOrder._comp,
    ast.Compare: PyOrder._compare,
    ast.Call: PyOrder._call,
    ast.Assign: PyOrder._assign,
    ast.If: PyOrder._if,
    ast.ExceptHandler: PyOrder._handler,
    ast.Raise: PyOrder._skip,
    ast.FunctionDef: PyOrder._skip,
    ast.AsyncFunctionDef: PyOrder._skip,
    ast.ClassDef: PyOrder._class,
    ast.Lambda: PyOrder._skip,
    ast.Name: PyOrder._skip,
    ast.Constant: PyOrder._skip,
    ast.Load: PyOrder._skip,
    ast.Store: PyOrder._skip,
}


def analyze(tree: ast.Module, source: Source) -> list[FunctionCost]:
    return PyOrder(tree, source).run()
