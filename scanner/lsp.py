"""``scanner lsp``: a language server (pygls) for editors.

Each open document is scanned in memory with ``engine.scan_source`` on open, change and save;
findings become diagnostics (rule id as ``code``, level -> severity, a docs link in
``codeDescription.href``), and findings that carry a ``Fix`` offer a quick fix (code action)
that replaces the document with ``fix.new_text``. Configuration is found from the document's
folder, as on the command line; inline ``scanner: ignore`` comments hide diagnostics.
Columns: regions count code points, LSP counts UTF-16 units, so every position is converted.
"""

from __future__ import annotations

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
        key = f"{found or ''}\0{fix}"
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


def _end(text: str) -> lsp.Position:
    """The position just past the document's last character."""
    lines = text.split("\n")
    return lsp.Position(line=len(lines) - 1, character=_utf16(lines[-1], len(lines[-1]) + 1))


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


def _scan(server: ScannerServer, uri: str, fix: bool = False) -> tuple[list[Finding], list[str]] | None:
    """The unsuppressed findings of the document's current text, or None (logged) if the scan failed."""
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
    except Exception as exc:  # noqa: BLE001 - an editor session outlives one bad file or config
        server.window_log_message(lsp.LogMessageParams(type=lsp.MessageType.Warning,
                                                       message=f"scanner: {path.name}: {type(exc).__name__}: {exc}"))
        return None
    return [f for f in result.findings if not f.suppressed], source.lines


def check(server: ScannerServer, uri: str) -> None:
    scanned = _scan(server, uri)
    if scanned is None:
        return
    findings, lines = scanned
    version = server.workspace.get_text_document(uri).version
    server.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
        uri=uri, version=version, diagnostics=diagnostics(findings, lines)))


def code_actions(server: ScannerServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    """Quick fixes for our diagnostics in the request: the document is re-scanned with fixes on
    (fixes cost time, so diagnostics are published without them) and matched by fingerprint."""
    uri = params.text_document.uri
    ours = [d for d in params.context.diagnostics if d.source == SOURCE and isinstance(d.data, dict)]
    if not ours:
        return []
    scanned = _scan(server, uri, fix=True)
    if scanned is None:
        return []
    by_fingerprint = {f.fingerprint: f for f in scanned[0] if f.fix is not None}
    text = server.workspace.get_text_document(uri).source
    out = []
    for diag in ours:
        f = by_fingerprint.get(diag.data.get("fingerprint"))
        if f is None or f.fix is None:
            continue
        whole = lsp.Range(start=lsp.Position(line=0, character=0), end=_end(text))
        out.append(lsp.CodeAction(
            title=f"{f.rule_id}: {f.fix.description}",
            kind=lsp.CodeActionKind.QuickFix,
            diagnostics=[diag],
            is_preferred=True,
            edit=lsp.WorkspaceEdit(changes={uri: [lsp.TextEdit(range=whole, new_text=f.fix.new_text)]}),
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
