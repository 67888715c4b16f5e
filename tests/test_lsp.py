"""The language server driven over stdio by a real LSP client (pytest-lsp)."""

from __future__ import annotations

import sys

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
    (edit,) = action.edit.changes[uri]
    assert edit.new_text == "def f(x):\n    if x is None:\n        return 1\n"
    assert edit.range.start == lsp.Position(line=0, character=0)
    assert edit.range.end == lsp.Position(line=3, character=0)
    # A diagnostic that carries no fix offers nothing.
    _open(client, (tmp_path / "loops.py").as_uri(), "x = 1\n" + CUBIC)
    await client.wait_for_notification(lsp.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS)
    (cx,) = client.diagnostics[(tmp_path / "loops.py").as_uri()]
    assert cx.code == "CX001"
    none = await client.text_document_code_action_async(lsp.CodeActionParams(
        text_document=lsp.TextDocumentIdentifier(uri=(tmp_path / "loops.py").as_uri()), range=cx.range,
        context=lsp.CodeActionContext(diagnostics=[cx])))
    assert not none
