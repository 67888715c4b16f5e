"""Base class for rules that visit the libcst tree.

All enabled ``CstRule``s of a file share one parse and one batched traversal
(``MetadataWrapper.visit_batched``); metadata providers they declare in
``METADATA_DEPENDENCIES`` are resolved once per file and shared. Batched visitors cannot prune
subtrees: keep your own visit/leave stacks instead of returning False.
"""

from __future__ import annotations

from typing import Any

import libcst
from libcst.metadata import PositionProvider

from scanner.rule import Rule


class CstRule(Rule, libcst.BatchableCSTVisitor):
    languages = frozenset({"python"})
    METADATA_DEPENDENCIES = (PositionProvider,)

    def __init__(self, ctx: Any) -> None:
        Rule.__init__(self, ctx)
        libcst.BatchableCSTVisitor.__init__(self)

    def report(self, where: Any, message: str, **kwargs: Any) -> None:
        if isinstance(where, libcst.CSTNode):
            where = self.get_metadata(PositionProvider, where)
        self.ctx.report(self.meta, where, message, **kwargs)
