"""``scanner lsp``: a language server (pygls) for editors.

Each open document is scanned in memory with ``engine.scan_source`` on open, change and save;
findings become diagnostics (rule id as ``code``, level -> severity, a docs link in
``codeDescription.href``), and findings that carry a ``Fix`` offer a quick fix (code action)
that replaces the document with ``fix.new_text``. Configuration is found from the document's
folder, as on the command line; inline ``scanner: ignore`` comments hide diagnostics.
Columns: regions count code points, LSP counts UTF-16 units, so every position is converted.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types as lsp
from pygls.lsp.server import LanguageServer

from scanner import __version__
from scanner.model import Finding, Region

SEVERITY = {"error": lsp.DiagnosticSeverity.Error, "warning": lsp.DiagnosticSeverity.Warning,
            "note": lsp.DiagnosticSeverity.Information}
SOURCE = "scanner"


@dataclass
class _Doc:
    findings: list[Finding]
    text: str


class ScannerServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("scanner", __version__, text_document_sync_kind=lsp.TextDocumentSyncKind.Full)
        self.plans: dict[str, object] = {}
        self.docs: dict[str, _Doc] = {}

    def plan_for(self, path: Path):
        """The scan plan for a file: its nearest configuration, cached per configuration."""
        from scanner import config as config_mod
        from scanner import engine

        found = config_mod.find_config(path.parent)
        key = str(found or "")
        if key not in self.plans:
            cfg = config_mod.load_file(found) if found else config_mod.Config()
            self.plans[key] = engine.make_plan(cfg)
        return self.plans[key]


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
    for i, f in enumerate(findings):
        out.append(lsp.Diagnostic(
            range=_range(f.location.region, lines),
            message=f.message,
            severity=SEVERITY.get(f.level, lsp.DiagnosticSeverity.Warning),
            code=f.rule_id,
            code_description=lsp.CodeDescription(href=help_uri(f.rule_id)),
            source=SOURCE,
            data={"index": i, "fingerprint": f.fingerprint},
        ))
    return out


def check(server: ScannerServer, uri: str) -> None:
    from scanner.discovery import find_root
    from scanner.engine import scan_source
    from scanner.source import Source

    doc = server.workspace.get_text_document(uri)
    path = _path(uri)
    try:
        rel = path.relative_to(find_root([path.parent])).as_posix()
    except ValueError:
        rel = path.name
    source = Source.from_bytes(rel, doc.source.encode("utf-8", "surrogatepass"))
    try:
        result = scan_source(source, server.plan_for(path))
    except Exception as exc:  # noqa: BLE001 - an editor session outlives one bad file or config
        server.window_log_message(lsp.LogMessageParams(type=lsp.MessageType.Warning,
                                                       message=f"scanner: {path.name}: {type(exc).__name__}: {exc}"))
        return
    findings = [f for f in result.findings if not f.suppressed]
    lines = source.lines
    server.docs[uri] = _Doc(findings, doc.source)
    server.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(
        uri=uri, version=doc.version, diagnostics=diagnostics(findings, lines)))


def code_actions(server: ScannerServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
    state = server.docs.get(params.text_document.uri)
    if state is None:
        return []
    out = []
    for diag in params.context.diagnostics:
        if diag.source != SOURCE or not isinstance(diag.data, dict):
            continue
        i = diag.data.get("index")
        if not isinstance(i, int) or not 0 <= i < len(state.findings):
            continue
        f = state.findings[i]
        if f.fix is None or f.fingerprint != diag.data.get("fingerprint"):
            continue
        whole = lsp.Range(start=lsp.Position(line=0, character=0), end=_end(state.text))
        out.append(lsp.CodeAction(
            title=f"{f.rule_id}: {f.fix.description}",
            kind=lsp.CodeActionKind.QuickFix,
            diagnostics=[diag],
            is_preferred=True,
            edit=lsp.WorkspaceEdit(changes={params.text_document.uri: [lsp.TextEdit(range=whole, new_text=f.fix.new_text)]}),
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
        ls.docs.pop(params.text_document.uri, None)
        ls.text_document_publish_diagnostics(lsp.PublishDiagnosticsParams(uri=params.text_document.uri, diagnostics=[]))

    @server.feature(lsp.TEXT_DOCUMENT_CODE_ACTION,
                    lsp.CodeActionOptions(code_action_kinds=[lsp.CodeActionKind.QuickFix]))
    def on_code_action(ls: ScannerServer, params: lsp.CodeActionParams) -> list[lsp.CodeAction]:
        return code_actions(ls, params)

    return server


def serve() -> None:
    build().start_io()
