"""Which functions of a file are Django views, and which of their parameters come from the URL.

Takes the file's shared ``ast`` (parsed once, also used by the reach prefilter and the lint rules)
and its path; returns ``{qualified name: URL parameter names}`` for the functions whose parameters
after ``request`` are URL data (``def detail(request, slug)``). Both the reach prefilter and the
taint engine read this one answer.

A function taking ``request`` first (``self, request`` for methods) and more parameters is a view
when it is:

* decorated with a view decorator (``@login_required``, ``@require_POST``, ``@api_view``...), or
* referenced in a URLconf of the same file (``path("a/<slug>/", article)``), or
* a class-based view's HTTP method handler (``def get(self, request, pk)``), or
* not called by other code of its module (helpers are called by views, views by the URL
  resolver) and either in a view module (``views.py``, ``views/``, ``urls.py``, ``api.py``) or
  builds a response (``HttpResponse(...)``, ``render(...)``, ``redirect(...)``), itself or
  through a function of the module that does. Such a guess (:func:`guessed`) is dropped by the
  engine when another module of the project calls the function (``debug.technical_500_response``
  is called by Django's exception handler, not dispatched by a URL). A special method other than
  ``__call__`` (``__init__``) is never a guessed view: Python calls it, with what its caller has.

In a test module (``tests.py``, ``test_*.py``, ``conftest.py``) only a URLconf of the file makes a
view: the tests call their own views with their own values (a RequestFactory request, literals).

So ``render_flatpage(request, f)``, which ``flatpage()`` calls in the same module, is a helper, and
``def attachment(request, name): return FileResponse(...)`` in a module named ``handlers.py`` is a
view. A parameter that the function uses as an object (``f.registration_required``, an attribute
that ``str`` does not have) is not URL data: URL converters produce strings and numbers.
"""

from __future__ import annotations

import ast
import re
import weakref
from functools import lru_cache

VIEW_MODULE = re.compile(r"(^|/)(\w*views?\w*|urls|api)(/|\.py$)")
RESPONSE_CALLS = frozenset({"render", "redirect", "render_to_response"})
TEST_MODULE = re.compile(r"(^|/)(test_[^/]*|[^/]*_tests?|tests|conftest)\.py$")
VIEW_DECORATORS = frozenset({
    "login_required", "permission_required", "require_http_methods", "require_GET", "require_POST",
    "require_safe", "csrf_exempt", "api_view", "staff_member_required", "never_cache", "cache_page",
    "xframe_options_exempt", "user_passes_test"})
URLCONF_CALLS = frozenset({"path", "re_path", "url"})
HTTP_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "options", "trace"})
_STR_ATTRS = frozenset(dir(str))
_FUNCS = (ast.FunctionDef, ast.AsyncFunctionDef)
_DUNDER = re.compile(r"^__\w+__$")


def _last(node: ast.AST | None) -> str:
    if isinstance(node, ast.Call):
        node = node.func
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _own_nodes(fn: ast.AST):
    """The nodes of a function's body, without those of nested functions and classes."""
    todo = list(ast.iter_child_nodes(fn))
    while todo:
        node = todo.pop()
        yield node
        if not isinstance(node, (*_FUNCS, ast.ClassDef, ast.Lambda)):
            todo.extend(ast.iter_child_nodes(node))


class _Collect:
    """One ``ast.walk`` over the module: its functions (and whether each is a method), the names
    it calls as functions or through ``self``/``cls``/``super()``, and those named in URLconfs."""

    def __init__(self, tree: ast.Module) -> None:
        self.functions: list[tuple[str, ast.FunctionDef | ast.AsyncFunctionDef, bool]] = []
        self.called: set[str] = set()  # f(...), self.f(...), cls.f(...), super().f(...)
        self.routed: set[str] = set()  # named in path(..., f) / path(..., views.f)
        methods: set[int] = set()
        for node in ast.walk(tree):
            if isinstance(node, ast.Call):
                self._call(node)
            elif isinstance(node, _FUNCS):
                self.functions.append((node.name, node, id(node) in methods))
            elif isinstance(node, ast.ClassDef):
                methods.update(id(n) for n in node.body if isinstance(n, _FUNCS))

    def _call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Name):
            self.called.add(func.id)
            if func.id in URLCONF_CALLS:
                self.routed.update(_last(a) for a in node.args[1:2] if isinstance(a, (ast.Name, ast.Attribute)))
        elif isinstance(func, ast.Attribute):
            recv = func.value
            if (isinstance(recv, ast.Name) and recv.id in ("self", "cls")) or (
                    isinstance(recv, ast.Call) and _last(recv) == "super"):
                self.called.add(func.attr)


def _url_params(fn: ast.FunctionDef | ast.AsyncFunctionDef, params: list[str]) -> frozenset[str]:
    """The parameters used only as values a URL can hold (no attribute str lacks)."""
    names = set(params)
    objects = {n.value.id for n in _own_nodes(fn) if isinstance(n, ast.Attribute)
               and isinstance(n.value, ast.Name) and n.value.id in names and n.attr not in _STR_ATTRS}
    return frozenset(p for p in params if p not in objects)


def _response_builders(functions: list) -> set[str]:
    """Names of the functions that build a response (``HttpResponse(...)``, ``render(...)``), or
    call one of the module's functions that does (to a fixed point)."""
    calls: dict[str, set[str]] = {}
    out: set[str] = set()
    for _name, fn, _method in functions:
        names = {_last(n.func) for n in _own_nodes(fn) if isinstance(n, ast.Call)}
        if any(n.endswith(("Response", "Redirect")) or n in RESPONSE_CALLS for n in names):
            out.add(fn.name)
        calls[fn.name] = calls.get(fn.name, set()) | names
    grew = True
    while grew:
        grew = False
        for name, called in calls.items():
            if name not in out and called & out:
                out.add(name)
                grew = True
    return out


# A class-based view's URL parameters: ``self.kwargs["slug"]``, ``self.args[0]``.
VIEW_CLASS_ATTRS = frozenset({"kwargs", "args"})


# A request-handler class (http.server's BaseHTTPRequestHandler, socketserver's StreamRequestHandler,
# Tornado's RequestHandler): ``self`` is the request, so these attributes are what the client sent,
# and so is what these methods return (Tornado: ``self.get_argument("q")``, ``self.get_cookie("c")``).
# Tornado's HTTP method handlers take the URL pattern's groups as parameters (``def get(self, slug)``).
HANDLER_CLASS_ATTRS = frozenset({"path", "headers", "rfile", "requestline", "raw_requestline", "path_args",
                                 "path_kwargs"})
HANDLER_CLASS_METHODS = frozenset({"get_argument", "get_arguments", "get_query_argument", "get_query_arguments",
                                   "get_body_argument", "get_body_arguments", "get_cookie", "decode_argument"})


def is_handler_class(bases: list[str]) -> bool:
    """A base named ``...RequestHandler`` (``BaseHTTPRequestHandler``, ``web.RequestHandler``)."""
    return any(b.endswith("RequestHandler") for b in bases)


def is_view_class(bases: list[str]) -> bool:
    """A Django/DRF class-based view: a base named ``...View`` or ``...ViewSet`` (``DetailView``,
    ``generic.View``, ``APIView``, ``ModelViewSet``)."""
    return any(b.endswith(("View", "ViewSet")) for b in bases)


ViewKey = tuple[str, tuple[str, ...]]  # (function name, its parameter names)


def view_key(name: str, params: list[str]) -> ViewKey:
    return name, tuple(params)


@lru_cache(maxsize=8)
def _candidates(request_params: frozenset[str], request_annotations: frozenset[str]) -> re.Pattern:
    """A def whose first parameter (after self) is a request and that takes another one."""
    params = "|".join(map(re.escape, sorted(request_params)))
    annotations = "|".join(map(re.escape, sorted(request_annotations))) or "(?!)"
    return re.compile(rf"\bdef\s+\w+\(\s*(?:self\s*,\s*)?(?:(?:{params})\b|\w+\s*:\s*[\w.]*(?:{annotations})\b)"
                      rf"[^,)]*,\s*[\w*]")


def django_views(tree: ast.Module, text: str, path: str, request_params: frozenset[str],
                 request_annotations: frozenset[str] = frozenset()) -> dict[ViewKey, frozenset[str]]:
    """``{(name, parameter names): URL parameters}`` of the file's Django views (keyed by name and
    signature so that the ast and libcst sides agree without positions)."""
    if not _candidates(request_params, request_annotations).search(text):
        return {}
    key = (path, request_params, request_annotations)
    cached = _CACHE.get(tree)
    if cached is not None and cached[0] == key:
        return cached[1]
    out = _views(tree, path, request_params, request_annotations)
    _CACHE[tree] = (key, out)
    return out


# The reach prefilter and the engine ask for the same file's tree: answer once.
_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
# The views of a tree known only by the "not called by its module" guess (no decorator, URLconf or
# HTTP method name): the engine asks the project whether another module calls them (a helper).
_GUESSED: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def guessed(tree: ast.Module) -> frozenset[ViewKey]:
    """The views of the last :func:`django_views` answer for ``tree`` that are guesses."""
    return _GUESSED.get(tree, frozenset())


def _views(tree: ast.Module, path: str, request_params: frozenset[str],
           request_annotations: frozenset[str]) -> dict[ViewKey, frozenset[str]]:
    collect = _Collect(tree)
    view_module = bool(VIEW_MODULE.search(path))
    test_module = bool(TEST_MODULE.search(path))
    builders = _response_builders(collect.functions) if not view_module else set()
    out: dict[ViewKey, frozenset[str]] = {}
    guesses: set[ViewKey] = set()
    for _name, fn, method in collect.functions:
        args = [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]
        if method and args and args[0].arg in ("self", "cls"):
            args = args[1:]
        if len(args) < 2 or not (args[0].arg in request_params or _last(args[0].annotation) in request_annotations):
            continue
        decorated = any(_last(d) in VIEW_DECORATORS for d in fn.decorator_list)
        if test_module and fn.name not in collect.routed:
            continue
        key = view_key(fn.name, [a.arg for a in [*fn.args.posonlyargs, *fn.args.args, *fn.args.kwonlyargs]])
        if not (decorated or fn.name in collect.routed or (method and fn.name in HTTP_METHODS)):
            if fn.name in collect.called:
                continue
            if not view_module and fn.name not in builders:
                continue
            if _DUNDER.match(fn.name) and fn.name != "__call__":
                continue  # __init__ runs when its class is called: its caller passes what it has
            if not method:
                guesses.add(key)
        out[key] = out.get(key, frozenset()) | _url_params(fn, [a.arg for a in args[1:]])
    _GUESSED[tree] = frozenset(guesses)
    return out
