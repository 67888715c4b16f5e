"""The language server driven over stdio by a real LSP client (pytest-lsp)."""

from __future__ import annotations

import asyncio
import os
import sys
import tempfile
from pathlib import Path

import pytest
import pytest_lsp
from lsprotocol import types as lsp
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.conftest import ROOT

CUBIC = "def cubic(a):\n    for x in a:\n        for y in a:\n            for z in a:\n                print(x, y, z)\n"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-m", "scanner", "lsp"],
                                              server_env={"PYTHONPATH": str(ROOT)}))
async def client(lsp_client: LanguageClient, tmp_path):
    params = lsp.InitializeParams(capabilities=pytest_lsp.client_capabilities("visual-studio-code"),
                                  root_uri=tmp_path.as_uri())
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


def _open(client: LanguageClient, uri: str, text: str, language: str = "python") -> None:
    client.text_document_did_open(lsp.DidOpenTextDocumentParams(
        text_document=lsp.TextDocumentItem(uri=uri, language_id=language, version=1, text=text)))


@pytest.mark.asyncio
async def test_diagnostics_on_open_change_and_save(client: LanguageClient, tmp_path):
    uri = (tmp_path / "loops.py").as_uri()
    _open(client, uri, "x = 1\n" + CUBIC)
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    (diag,) = client.diagnostics[uri]
    assert diag.code == "CX001"
    assert diag.source == "scanner"
    assert diag.severity == lsp.DiagnosticSeverity.Warning
    assert diag.range.start == lsp.Position(line=2, character=4)
    assert diag.range.end.line == 2  # CX001 marks the outermost loop's header
    assert diag.code_description.href.endswith("docs/rules.md#cx001")

    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=2),
        content_changes=[lsp.TextDocumentContentChangeWholeDocument(text="def f(:\n")]))
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert [d.code for d in client.diagnostics[uri]] == ["PY001"]
    assert client.diagnostics[uri][0].severity == lsp.DiagnosticSeverity.Error

    client.text_document_did_change(lsp.DidChangeTextDocumentParams(
        text_document=lsp.VersionedTextDocumentIdentifier(uri=uri, version=3),
        content_changes=[lsp.TextDocumentContentChangeWholeDocument(text="x = 1\n")]))
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[uri]) == []
    client.diagnostics.pop(uri)
    client.text_document_did_save(lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri)))
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[uri]) == []  # published again on save


@pytest.mark.asyncio
async def test_secret_diagnostic_never_carries_the_secret(client: LanguageClient, tmp_path):
    from tests.keygen import ec_key, pem_private

    key = pem_private(ec_key())
    uri = (tmp_path / "settings.py").as_uri()
    # A non-BMP character before the key: LSP columns count UTF-16 units (the emoji is 2).
    _open(client, uri, f"KEY = '😀' + '''{key}'''\n\n" + CUBIC.replace("    for x", "    # scanner: ignore[CX001]\n    for x", 1))
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    diags = client.diagnostics[uri]
    assert [d.code for d in diags] == ["SEC001"]  # the cubic function is suppressed inline
    assert diags[0].severity == lsp.DiagnosticSeverity.Error
    assert diags[0].range.start == lsp.Position(line=0, character=len("KEY = '😀' + '''") + 1)
    assert key.splitlines()[1] not in repr(diags)


@pytest.mark.asyncio
async def test_quick_fix_for_a_fixable_rule(client: LanguageClient, tmp_path):
    uri = (tmp_path / "cmp.py").as_uri()
    _open(client, uri, "def f(x):\n    if x == None:\n        return 1\n")
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    (diag,) = client.diagnostics[uri]
    assert diag.code == "PY008"
    actions = await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=uri), range=diag.range,
        context=lsp.CodeActionContext(diagnostics=[diag])))
    (action,) = actions
    assert action.kind == lsp.CodeActionKind.QuickFix
    (edit,) = action.edit.changes[uri]  # only the characters that change, not the document
    assert edit.new_text == "is"
    assert edit.range == lsp.Range(start=lsp.Position(line=1, character=9), end=lsp.Position(line=1, character=11))
    # A diagnostic that carries no fix offers nothing.
    _open(client, (tmp_path / "loops.py").as_uri(), "x = 1\n" + CUBIC)
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    (cx,) = client.diagnostics[(tmp_path / "loops.py").as_uri()]
    assert cx.code == "CX001"
    none = await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=(tmp_path / "loops.py").as_uri()), range=cx.range,
        context=lsp.CodeActionContext(diagnostics=[cx])))
    assert not none


# The server behind a tee: every byte it sends to the client is also written to WIRE.
WIRE = Path(tempfile.gettempdir()) / f"scanner-lsp-wire-{os.getpid()}.jsonrpc"
TEE = """import subprocess, sys
log = open(sys.argv[1], "ab")
server = subprocess.Popen([sys.executable, "-m", "scanner", "lsp"], stdout=subprocess.PIPE)
while chunk := server.stdout.read1(65536):
    sys.stdout.buffer.write(chunk)
    sys.stdout.buffer.flush()
    log.write(chunk)
    log.flush()
"""


@pytest_lsp.fixture(config=ClientServerConfig(server_command=[sys.executable, "-c", TEE, str(WIRE)],
                                              server_env={"PYTHONPATH": str(ROOT)}))
async def wired(lsp_client: LanguageClient, tmp_path):
    WIRE.unlink(missing_ok=True)
    params = lsp.InitializeParams(capabilities=pytest_lsp.client_capabilities("visual-studio-code"),
                                  root_uri=tmp_path.as_uri())
    await lsp_client.initialize_session(params)
    yield
    await lsp_client.shutdown_session()


def _apply(text: str, edits: list[lsp.TextEdit]) -> str:
    """Apply LSP edits (positions in UTF-16 units), last first."""
    lines = text.splitlines(keepends=True)

    def offset(pos: lsp.Position) -> int:
        before = sum(len(line) for line in lines[:pos.line])
        line = lines[pos.line] if pos.line < len(lines) else ""
        units, i = 0, 0
        while units < pos.character:
            units += len(line[i].encode("utf-16-le")) // 2
            i += 1
        return before + i

    for e in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        text = text[:offset(e.range.start)] + e.new_text + text[offset(e.range.end):]
        lines = text.splitlines(keepends=True)
    return text


@pytest.mark.asyncio
async def test_quick_fix_sends_minimal_edits_and_no_secret_leaves_the_server(wired: LanguageClient, tmp_path):
    from tests.keygen import pem_private, rsa_key

    key = pem_private(rsa_key())
    text = f"import os\nimport sys\n\nKEY = '''{key}'''\n\n\ndef f(x):\n    if x == None:  # 😀\n        return sys.argv\n"
    uri = (tmp_path / "app.py").as_uri()
    _open(wired, uri, text)
    await wired.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    diags = {d.code: d for d in wired.diagnostics[uri]}
    assert {"SEC001", "PY002", "PY008"} <= set(diags)
    fixed = {}
    for code in ("PY002", "PY008"):
        (action,) = await wired.text_document_code_action_async(lsp.CodeActionParams(
            text_document=lsp.TextDocumentIdentifier(uri=uri), range=diags[code].range,
            context=lsp.CodeActionContext(diagnostics=[diags[code]])))
        fixed[code] = _apply(text, action.edit.changes[uri])
    assert fixed["PY002"] == text.replace("import os\n", "", 1)
    assert fixed["PY008"] == text.replace("x == None", "x is None")
    sent = WIRE.read_bytes().decode("utf-8")
    assert '"textDocument/publishDiagnostics"' in sent and '"newText"' in sent  # the tee saw the traffic
    for body_line in key.splitlines()[1:-1]:
        assert body_line not in sent


@pytest.mark.asyncio
async def test_a_bad_configuration_is_a_diagnostic_on_the_file(client: LanguageClient, tmp_path):
    (tmp_path / ".scanner.toml").write_text("select = [\n", encoding="utf-8")  # not TOML
    uri = (tmp_path / "app.py").as_uri()
    _open(client, uri, "x = 1\n")
    # A bound, not a timing assertion: a server that publishes nothing must fail the test, not hang it.
    await asyncio.wait_for(client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS), 120)
    (diag,) = client.diagnostics[uri]
    assert diag.source == "scanner" and diag.severity == lsp.DiagnosticSeverity.Error
    assert "configuration" in diag.message and ".scanner.toml" in diag.message
    assert diag.range.start == lsp.Position(line=0, character=0)
    # Fixed on disk: the next check uses it (no stale plan, no stale error).
    (tmp_path / ".scanner.toml").write_text('select = ["CX"]\n', encoding="utf-8")
    client.text_document_did_save(lsp.DidSaveTextDocumentParams(text_document=lsp.TextDocumentIdentifier(uri=uri)))
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    assert list(client.diagnostics[uri]) == []
