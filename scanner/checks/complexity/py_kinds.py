"""What kind of value a Python name holds, per module: the index ``py_order`` walks with.

Before any cost is computed, the module is indexed at statement level: its defs (which function a
call reaches), its classes (``Serializer._registry``) and the kind of every name in every scope
(a list, a set, a string, a constant table, a number only ever assigned literals...). Membership
in a list is a hidden scan, in a set it is not; a loop over a constant table is no level.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, field

from scanner.checks.complexity.py_parts import DEF_TYPES, statements
from scanner.checks.complexity.py_recursion import dotted_tail as _dotted_tail

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


def is_const_name(name: str) -> bool:
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


STRING_TABLES = frozenset({"ascii_letters", "ascii_lowercase", "ascii_uppercase", "digits", "hexdigits", "octdigits",
                           "punctuation", "printable", "whitespace", "lowercase", "uppercase", "letters"})


def _fixed_bounds(sl: ast.Slice) -> bool:
    """``[:49]``, ``[2:10]``: constant bounds (not ``[:-1]``, all but one), no step."""
    return (sl.step is None and type(sl.upper) is ast.Constant and type(sl.upper.value) is int
            and (sl.lower is None or type(sl.lower) is ast.Constant and type(sl.lower.value) is int))


def _const_range(node: ast.expr) -> bool:
    """``range(64)``: a constant number of passes."""
    return (type(node) is ast.Call and type(node.func) is ast.Name and node.func.id in ("range", "xrange")
            and bool(node.args) and all(is_constant_number(a) for a in node.args))


def is_literal_collection(node: ast.expr) -> bool:
    if isinstance(node, (ast.List, ast.Tuple, ast.Set)):
        return not any(isinstance(e, ast.Starred) for e in node.elts)
    if isinstance(node, ast.Dict):
        return None not in node.keys  # no ** unpacking
    return isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes))


def is_constant_number(node: ast.expr) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, (int, float)) and not isinstance(node.value, bool)
    if isinstance(node, ast.UnaryOp):
        return is_constant_number(node.operand)
    if isinstance(node, ast.BinOp):
        return is_constant_number(node.left) and is_constant_number(node.right)
    if isinstance(node, ast.Name):
        return is_const_name(node.id)
    if isinstance(node, ast.Attribute):
        return is_const_name(node.attr)
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




class ModuleIndex:
    """The defs, classes and kinds of names of one module, indexed at statement level."""

    def __init__(self, tree: ast.Module) -> None:
        self.owners: dict[int, tuple[Scope, ClassInfo | None, str]] = {}
        self.order: list[ast.AST] = []
        self.classes: dict[str, ClassInfo] = {}  # module-level classes: `Serializer._registry`
        self.modules = {(a.asname or a.name).split(".")[0] for n in tree.body
                        if type(n) is ast.Import or type(n) is ast.ImportFrom for a in n.names}
        self.module = Scope(tree, "", None)

    # ----- indexing: defs, classes and the kinds of names, at statement level ------------------

    def index_body(self, body: list[ast.stmt], scope: Scope, prefix: str, cls: ClassInfo | None = None) -> None:
        kinds = scope.kinds
        grown: set[str] = set()
        hashed: dict[str, str] = {}  # names assigned a set or dict literal
        texts: set[str] = set()  # module-level names assigned a string literal
        for node in statements(body):
            t = type(node)
            if t in DEF_TYPES:
                if cls is None:
                    scope.defs.setdefault(node.name, node)
                else:
                    cls.methods.setdefault(node.name, node)
                self.register(node, scope, cls, prefix + node.name)
            elif t is ast.ClassDef:
                info = ClassInfo(node, scope)
                if scope is self.module:
                    self.classes.setdefault(node.name, info)
                self.index_body(node.body, Scope(node, prefix + node.name, scope), f"{prefix}{node.name}.", info)
            elif t is ast.Assign:
                for target in node.targets:
                    if (type(target) is ast.Name and target.id in scope.params and target.id not in kinds
                            and type(node.value) is ast.List and not node.value.elts):
                        continue  # `if parse_until is None: parse_until = []`: no element, no type for the caller's
                    self._bind(kinds, target, node.value, scope)
                    if type(target) is ast.Name and type(node.value) in (ast.Set, ast.Dict):
                        hashed[target.id] = SET if type(node.value) is ast.Set else DICT
                    elif (type(target) is ast.Name and scope is self.module and type(node.value) is ast.Constant
                          and isinstance(node.value.value, str)):
                        texts.add(target.id)
            elif t is ast.Expr:
                v = node.value
                if (type(v) is ast.Call and type(v.func) is ast.Attribute and v.func.attr in _GROWS
                        and type(v.func.value) is ast.Name):
                    grown.add(v.func.value.id)
            elif t is ast.ImportFrom and node.module == "string":
                for a in node.names:  # from string import ascii_uppercase: the 26 letters
                    if a.name in STRING_TABLES:
                        kinds[a.asname or a.name] = CONST
            elif t is ast.AnnAssign:
                if type(node.target) is ast.Name:
                    k = _annotation_kind(node.annotation)
                    if k is None and node.value is not None:
                        k = self.kind_of(node.value, scope)
                    self._set(kinds, node.target.id, k)
            elif t is ast.AugAssign:
                if type(node.target) is ast.Name:
                    grown.add(node.target.id)
            elif t is ast.For or t is ast.AsyncFor:
                if type(node.target) is ast.Name and (is_literal_collection(node.iter) or self.kind_of(
                        node.iter, scope, kinds) == CONST) and not _const_range(node.iter):
                    self._set(kinds, node.target.id, CONST)  # `for limit, bases in TESTS`: a row of a fixed table
                elif type(node.target) is ast.Tuple and (is_literal_collection(node.iter) or self.kind_of(
                        node.iter, scope, kinds) == CONST):
                    for e in node.target.elts:
                        if type(e) is ast.Name:
                            self._set(kinds, e.id, CONST)
                else:
                    self._bind(kinds, node.target, None, scope)
            elif t is ast.With or t is ast.AsyncWith:
                for item in node.items:
                    if item.optional_vars is not None:
                        self._bind(kinds, item.optional_vars, None, scope)
        for name in texts - grown:  # `_hexdig = "0123456789ABCDEFabcdef"` at module level: a fixed table
            if kinds.get(name) == STR:
                kinds[name] = CONST
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
            self._set(kinds, target.id, self.kind_of(value, scope, kinds) if value is not None else None)
        elif isinstance(target, (ast.Tuple, ast.List)):
            for e in target.elts:
                self._bind(kinds, e.value if isinstance(e, ast.Starred) else e, None, scope)

    def kind_of(self, node: ast.expr, scope: Scope, local: dict | None = None) -> str | None:
        if isinstance(node, (ast.List, ast.Tuple, ast.Set, ast.Dict)):
            if is_literal_collection(node) and (node.keys if isinstance(node, ast.Dict) else node.elts):
                return CONST
            return {ast.List: LIST, ast.Tuple: TUPLE, ast.Set: SET, ast.Dict: DICT}[type(node)]
        if isinstance(node, ast.Constant):
            if isinstance(node.value, str):
                return STR
            return NUM if isinstance(node.value, int) and not isinstance(node.value, bool) else None
        if isinstance(node, ast.JoinedStr):
            return STR
        if isinstance(node, (ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)) and all(
                is_literal_collection(g.iter) or self.kind_of(g.iter, scope, local) == CONST or _const_range(g.iter)
                for g in node.generators):
            return CONST  # {"%s*" % sep for sep in {"/", os.sep}}: as many elements as the table it maps
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
            left = self.kind_of(node.left, scope, local)
            right = self.kind_of(node.right, scope, local)
            if STR in (left, right):
                return STR
            if left == CONST and right == CONST:
                return CONST  # [n] + history[:49]: at most 50 elements
            if left in (LIST, CONST) and right in (LIST, CONST):
                return LIST
            return None
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mod) and self.kind_of(node.left, scope, local) == STR:
            return STR
        if isinstance(node, ast.Name):
            if local is not None and node.id in local:
                return local[node.id]
            k = scope.kind(node.id)
            return CONST if k is None and is_const_name(node.id) else k
        if isinstance(node, ast.Attribute):
            return self.attr_kind(node, scope)
        if type(node) is ast.Subscript and type(node.slice) is ast.Slice and _fixed_bounds(node.slice):
            return CONST  # xs[:49]: a constant number of elements
        return None

    def attr_kind(self, node: ast.Attribute, scope: Scope) -> str | None:
        """``self.x`` / ``cls.x`` from the class's assignments, ``Registry.table`` of a class of the
        module, and an ALL_CAPS attribute (``settings.FIXTURE_DIRS``): a configured constant."""
        if is_const_name(node.attr):
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
        info._attrs = attrs  # guards re-entry through kind_of
        scope = info.scope
        grown: set[str] = set()
        empties: set[str] = set()  # attributes a method sets to `[]`: no elements, whatever else it holds
        for node in info.node.body:
            if type(node) is ast.Assign:
                for t in node.targets:
                    if type(t) is ast.Name:
                        # `ignored_tables = []` in a class body that never grows it: a table that only a
                        # subclass's own literal fills (configuration), as a non-empty literal is
                        empty = type(node.value) in (ast.List, ast.Tuple) and not node.value.elts
                        self._set(attrs, t.id, CONST if empty else self.kind_of(node.value, scope))
            elif type(node) is ast.AnnAssign and type(node.target) is ast.Name:
                k = _annotation_kind(node.annotation)
                self._set(attrs, node.target.id, k if k is not None or node.value is None
                          else self.kind_of(node.value, scope))
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
                            if type(value) is ast.List and not value.elts:
                                empties.add(target.attr)
                            else:
                                self._set(attrs, target.attr, self.kind_of(value, scope))
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
        for name in empties:
            attrs.setdefault(name, LIST)
        for name in grown:
            if attrs.get(name) == CONST:
                attrs[name] = LIST
            elif attrs.get(name) == NUM:
                attrs[name] = None
        return attrs

    def function_scope(self, fn: ast.AST, parent: Scope, qualname: str, cls: ClassInfo | None) -> Scope:
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
            # `def autodiscover(*args)`: as many as the call site writes, a fixed number in the code
            scope.kinds[args.vararg.arg] = CONST
        positional = [*args.posonlyargs, *args.args]
        defaults = [*zip(positional[len(positional) - len(args.defaults):], args.defaults),
                    *zip(args.kwonlyargs, args.kw_defaults)]
        for a, default in defaults:  # `max_rounds: int = MAX_ROUNDS`: a cap, bounded like the constant
            if default is None:
                continue
            if a.arg not in scope.kinds and self.const_number(default, parent):
                scope.kinds[a.arg] = NUM
            elif scope.kinds.get(a.arg) in (None, LIST, TUPLE) and self.kind_of(default, parent) == CONST:
                scope.kinds[a.arg] = CONST  # `blacklist=IGNORED_KEYS`: a table the caller may replace
        self.index_body(fn.body, scope, qualname + ".")
        return scope

    def register(self, fn: ast.AST, parent: Scope, cls: ClassInfo | None, qualname: str) -> None:
        if id(fn) not in self.owners:
            self.owners[id(fn)] = (parent, cls, qualname)
            self.order.append(fn)

    def const_number(self, node: ast.expr, scope: Scope) -> bool:
        """A number literal, an ALL_CAPS name, or a name / ``self.x`` only ever assigned a number."""
        if is_constant_number(node):
            return True
        if type(node) is ast.Name:
            return scope.kind(node.id) == NUM
        if type(node) is ast.Attribute:
            return self.attr_kind(node, scope) == NUM
        if type(node) is ast.BinOp:
            return self.const_number(node.left, scope) and self.const_number(node.right, scope)
        if type(node) is ast.UnaryOp:
            return self.const_number(node.operand, scope)
        if type(node) is ast.Call and node.args and not node.keywords:
            name = _dotted_tail(node.func)
            if name in ("randint", "randrange") and all(self.const_number(a, scope) for a in node.args):
                return True  # range(random.randint(1, 4)): at most a constant
            if name == "min" and any(self.const_number(a, scope) for a in node.args):
                return True  # min(n, 10)
        if type(node) is ast.Call and type(node.func) is ast.Name and node.func.id == "len" and len(node.args) == 1:
            arg = node.args[0]  # len(PATTERNS) of a literal tuple / list constant
            return (is_literal_collection(arg) or type(arg) is ast.Name
                    and (is_const_name(arg.id) or scope.kind(arg.id) == CONST))
        return False
