"""libcst's ``MetadataWrapper`` with two savings that leave what every rule reads unchanged.

* Positions (``PositionProvider``) are generated the first time anything reads one, not when a rule
  that declares them starts: they cost a code generation of the whole module, and most files that
  reach libcst report nothing.
* Qualified names (``QualifiedNameProvider``) are computed for the nodes a rule asks about, when
  it asks (libcst's provider already defers each node's names, but first walks the whole module to
  store a deferred value for every node).
* A batch of visitors that only have ``visit_Module``/``leave_Module`` is called on the module
  without a traversal. libcst's own metadata providers (scope, expression context, qualified names,
  parents) are such visitors: each runs its own walk from ``visit_Module``, and libcst's batched
  traversal around it visits (and rebuilds) every node of the module for nothing, once per provider
  batch. The calls are the ones that traversal makes: every ``visit_Module`` in visitor order, then
  every ``leave_Module``.

Imported only where libcst is (``scanner.parsing.parse_cst``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from contextlib import ExitStack
from typing import Any

from libcst import BatchableCSTVisitor, CSTVisitor, Module
from libcst.metadata import MetadataWrapper, PositionProvider, QualifiedNameProvider, ScopeProvider

MODULE_ONLY = frozenset({"visit_Module", "leave_Module"})


class Wrapper(MetadataWrapper):
    """A ``MetadataWrapper`` over a freshly parsed module (no copy: the parser shares no nodes)."""

    __slots__ = ()

    def __init__(self, module: Module) -> None:
        super().__init__(module, unsafe_skip_copy=True)
        self._metadata[PositionProvider] = LazyPositions(self)  # libcst resolves only what is missing

    def resolve_many(self, providers):
        # Only once a rule declares it, as libcst would (the taint analysis reads the table only
        # when it is there); its dependencies (scopes) are still resolved here, as libcst does.
        if QualifiedNameProvider in providers and QualifiedNameProvider not in self._metadata:
            self._metadata[QualifiedNameProvider] = LazyQualifiedNames(self)
        return super().resolve_many(providers)

    def visit_batched(self, visitors: Iterable[BatchableCSTVisitor], before_visit: Callable | None = None,
                      after_leave: Callable | None = None) -> Any:
        visitors = list(visitors)
        tables = [v.get_visitors() for v in visitors]
        if before_visit is not None or after_leave is not None or any(t.keys() - MODULE_ONLY for t in tables):
            return super().visit_batched(visitors, before_visit, after_leave)
        module = self.module
        with ExitStack() as stack:
            for v in visitors:
                stack.enter_context(v.resolve(self))  # their METADATA_DEPENDENCIES, as libcst resolves them
            for name in ("visit_Module", "leave_Module"):
                for table in tables:
                    if name in table:
                        table[name](module)
        return module


class LazyPositions(Mapping):
    """libcst's ``PositionProvider`` table of one module, generated on first use."""

    def __init__(self, wrapper: MetadataWrapper) -> None:
        self._wrapper: MetadataWrapper | None = wrapper
        self._table: Mapping | None = None

    def _get(self) -> Mapping:
        if self._table is None:
            self._table = PositionProvider()._gen(self._wrapper)
            self._wrapper = None
        return self._table

    def __getitem__(self, node: Any) -> Any:
        return self._get()[node]

    def __iter__(self):
        return iter(self._get())

    def __len__(self) -> int:
        return len(self._get())

    def __contains__(self, node: object) -> bool:
        return node in self._get()

    def get(self, node: Any, default: Any = None) -> Any:
        return self._get().get(node, default)

    def items(self):
        return self._get().items()

    def keys(self):
        return self._get().keys()

    def values(self):
        return self._get().values()


_UNSET = object()


class LazyQualifiedNames(Mapping):
    """libcst's ``QualifiedNameProvider`` table of one module, each node's names computed on first
    read. The same answers as libcst's table: a node with a scope gets
    ``scope.get_qualified_names_for(node)`` (computed when first read, and kept), any other node of
    the module an empty set, and a node that is not in the module is missing (``KeyError``/default).
    Only the last case needs to know every node of the module: that walk is made when first needed.
    """

    def __init__(self, wrapper: MetadataWrapper) -> None:
        self._wrapper = wrapper
        self._scopes: Mapping | None = None
        self._names: dict[Any, Any] = {}
        self._nodes: set[int] | None = None  # ids of every node of the module

    def _lookup(self, node: Any) -> Any:
        got = self._names.get(node, _UNSET)
        if got is not _UNSET:
            return got
        if self._scopes is None:
            self._scopes = self._wrapper.resolve(ScopeProvider)
        scope = self._scopes.get(node)
        if scope is None:
            if self._nodes is None:
                self._nodes = _every_node(self._wrapper.module)
            if id(node) not in self._nodes:
                return _UNSET
            got = set()
        else:
            got = scope.get_qualified_names_for(node)
        self._names[node] = got
        return got

    def __getitem__(self, node: Any) -> Any:
        got = self._lookup(node)
        if got is _UNSET:
            raise KeyError(node)
        return got

    def get(self, node: Any, default: Any = None) -> Any:
        got = self._lookup(node)
        return default if got is _UNSET else got

    def __contains__(self, node: object) -> bool:
        return self._lookup(node) is not _UNSET

    def __iter__(self):
        return iter(_every_node(self._wrapper.module, keep=True))

    def __len__(self) -> int:
        return len(_every_node(self._wrapper.module, keep=True))


class _Collect(CSTVisitor):
    def __init__(self) -> None:
        super().__init__()
        self.nodes: list = []

    def on_visit(self, node: Any) -> bool:
        self.nodes.append(node)
        return True


def _every_node(module: Module, keep: bool = False) -> Any:
    """Every node libcst's own walk visits (ids, or the nodes themselves with ``keep``)."""
    collect = _Collect()
    module.visit(collect)
    return collect.nodes if keep else {id(n) for n in collect.nodes}
