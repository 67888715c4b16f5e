"""``scanner lsp``: a language server (pygls) for editors.

Each open document is scanned in memory with ``engine.scan_source`` on open, change and save;
findings become diagnostics (rule id as ``code``, level -> severity, a docs link in
``codeDescription.href``), and findings that carry a ``Fix`` offer a quick fix (code action)
whose edits cover only the characters the fix changes (never the whole document: a secret elsewhere
in the file must not travel back to the client, into its logs). Configuration is found from the
document's folder, as on the command line; inline ``scanner: ignore`` comments hide diagnostics; a
configuration that cannot be loaded becomes a diagnostic on the first line of the document.
Columns: regions count code points, LSP counts UTF-16 units, so every position is converted.
"""

from __future__ import annotations

import difflib
import os.path
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from scanner import __version__
from scanner.model import Finding, Region

SEVERITY = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning,
            "note": lsp.DiagnosticSeverity.Information}
SOURCE = "scanner"


class ScannerServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("scanner", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Full)
        self.plans: dict[str, object] = {}
        self.workers: dict[int, object] = {}  # id(plan) -> engine.Isolated: a crashing file never ends the session

    def plan_for(self, path: Path, fix: bool = False):
        """The scan plan for a file: its nearest configuration, cached per configuration.

        ``fix``: a plan that also builds ``Fix`` objects (costlier; used for code actions only).
        """
        from scanner import config as config_mod
        from scanner import engine

        found = config_mod.find_config(path.parent)
        stamp = found.stat().st_mtime_ns if found else 0  # an edited configuration applies at once
        key = f"{found or ''}\0{stamp}\0{fix}"
        if key not in self.plans:
            cfg = config_mod.load_file(found) if found else config_mod.Config()
            self.plans[key] = engine.make_plan(cfg.with_overrides(fix=fix or None))
        return self.plans[key]

    def worker_for(self, plan):
        from scanner.engine import Isolated

        if id(plan) not in self.workers:
            self.workers[id(plan)] = Isolated(plan)
        return self.workers[id(plan)]


def _path(uri: str) -> Path:
    parsed = urlparse(uri)
    return Path(unquote(parsed.path)) if parsed.scheme == "file" else Path(unquote(parsed.path or uri))


def _utf16(line: str, column: int) -> int:
    """A 1-based code-point column -> a 0-based UTF-16 offset."""
    prefix = line[:max(column - 1, 0)]
    return len(prefix.encode("utf-16-le")) // 2


def _range(region: Region, lines: list[str]) -> lsp.Range:
    def line_text(n: int) -> str:
        return lines[n - 1] if 1 <= n <= len(lines) else ""

    end_line = region.end_line or region.start_line
    end_col = region.end_column or len(line_text(end_line)) + 1
    return lsp.Range(
        start=lsp.Position(line=region.start_line - 1, character=_utf16(line_text(region.start_line), region.start_column)),
        end=lsp.Position(line=end_line - 1, character=_utf16(line_text(end_line), end_col)),
    )


def _position(text: str, offset: int) -> lsp.Position:
    """A code-point offset into ``text`` -> an LSP position (0-based line, UTF-16 column)."""
    before = text[:offset]
    column = before[before.rfind("\n") + 1:]
    return lsp.Position(line=before.count("\n"), character=len(column.encode("utf-16-le")) // 2)


def minimal_edits(old: str, new: str) -> list[lsp.TextEdit]:
    """Edits that turn ``old`` into ``new``, each as small as a line diff trimmed to the characters
    that differ: text the fix does not change is never sent."""
    a, b = old.splitlines(keepends=True), new.splitlines(keepends=True)
    starts = [0]
    for line in a:
        starts.append(starts[-1] + len(line))
    edits = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes():
        if tag == "equal":
            continue
        removed, added = "".join(a[i1:i2]), "".join(b[j1:j2])
        lead = len(_common_prefix(removed, added))
        tail = len(_common_prefix(removed[lead:][::-1], added[lead:][::-1]))
        start, end = starts[i1] + lead, starts[i2] - tail
        edits.append(lsp.TextEdit(range=lsp.Range(start=_position(old, start), end=_position(old, end)),
                                  new_text=added[lead:len(added) - tail]))
    return edits


def _common_prefix(x: str, y: str) -> str:
    return os.path.commonprefix([x, y])


def diagnostics(findings: list[Finding], lines: list[str]) -> list[lsp.Diagnostic]:
    from scanner.reporters.sarif import help_uri

    out = []
    for f in findings:
        out.append(lsp.Diagnostic(
            range=_range(f.location.region, lines),
            message=f.message,
            severity=SEVERITY.get(f.level, lsp.DiagnosticSeverity.Warning),
            code=f.rule_id,
            code_description=lsp.CodeDescription(href=help_uri(f.rule_id)),
            source=SOURCE,
            data={"fingerprint": f.fingerprint},
        ))
    return out


def _scan(server: ScannerServer, uri: str, fix: bool = False) -> tuple[list[Finding], list[str]] | str:
    """The unsuppressed findings of the document's current text, or why the scan failed (logged)."""
    from scanner.config import ConfigError
    from scanner.discovery import find_root
    from scanner.engine import died, scan_source_with
    from scanner.source import Source

    doc = server.workspace.get_text_document(uri)
    path = _path(uri)
    try:
        rel = path.relative_to(find_root([path.parent])).as_posix()
    except ValueError:
        rel = path.name
    source = Source.from_bytes(rel, doc.source.encode("utf-8", "surrogatepass"))
    try:
        plan = server.plan_for(path, fix)
        result = server.worker_for(plan).run(scan_source_with, source, on_crash=lambda: died(rel))
    except ConfigError as exc:
        problem = f"scanner: configuration error: {exc}"
    except Exception as exc:  # noqa: BLE001 - an editor session outlives one bad file or config
        problem = f"scanner: internal error on {path.name}: {type(exc).__name__}"
    else:
        return [f for f in result.findings if not f.suppressed], source.lines
    server.window_log_message(lsp.LogMessageParams(type=lsp.MessageType.Warning, message=problem))
    return problem


def check(server: ScannerServer, uri: str) -> None:
    scanned = _scan(server, uri)
    if isinstance(scanned, str):  # the file could not be checked: say so where the user looks
        diags = [lsp.Diagnostic(range=lsp.Range(start=lsp.Position(line=0, character=0),
                                                end=lsp.Position(line=1, character=0)),
                                message=scanned, severity=lsp.DiagnosticSeverity.Error, source=SOURCE)]
    else:
        diags = diagnostics(*scanned)
    version = server.workspace.get_text_document(uri).version
    server.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=uri, version=version, diagnostics=diags))


def code_actions(server: ScannerServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    """Quick fixes for our diagnostics in the request: the document is re-scanned with fixes on
    (fixes cost time, so diagnostics are published without them) and matched by fingerprint."""
    uri = params.text_document.uri
    ours = [d for d in params.context.diagnostics if d.source == SOURCE and isinstance(d.data, dict)]
    if not ours:
        return []
    scanned = _scan(server, uri, fix=True)
    if isinstance(scanned, str):
        return []
    by_fingerprint = {f.fingerprint: f for f in scanned[0] if f.fix is not None}
    text = server.workspace.get_text_document(uri).source
    out = []
    # scanner: ignore[CX002] one diff per diagnostic in the request (an editor asks about a cursor's few)
    for diag in ours:
        f = by_fingerprint.get(diag.data.get("fingerprint"))
        if f is None or f.fix is None:
            continue
        out.append(lsp.CodeAction(
            title=f"{f.rule_id}: {f.fix.description}",
            kind=lsp.CodeActionKind.QuickFix,
            diagnostics=[diag],
            is_preferred=True,
            edit=lsp.WorkspaceEdit(changes={uri: minimal_edits(text, f.fix.new_text)}),
        ))
    return out


def build() -> ScannerServer:
    server = ScannerServer()

    @server.feature(lsp.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: ScannerServer, params: lsp.DidOpenTextDocumentParams) -> None:
        check(ls, params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: ScannerServer, params: lsp.DidChangeTextDocumentParams) -> None:
        check(ls, params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: ScannerServer, params: lsp.DidSaveTextDocumentParams) -> None:
        check(ls, params.text_document.uri)

    @server.feature(lsp.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: ScannerServer, params: lsp.DidCloseTextDocumentParams) -> None:
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
    def on_code_action(ls: ScannerServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        return code_actions(ls, params)

    return server


def serve() -> None:
    build().start_io()
