"""The widgets in the browser's own Python (issue 23): the Pyodide kernel turned None into
JavaScript's undefined, so a part of an app shown again stayed hidden; widget messages now go as
JSON. Checked with stand-ins for the kernel and the page (the real ones run in the site's
browser tests); nothing changes in CPython."""

from __future__ import annotations

import json
import sys
import types

from hamstring_edu.widgets import browser_kernel


def test_nothing_changes_outside_the_browser():
    assert browser_kernel.in_browser_kernel() is False
    assert browser_kernel.keep_none_in_widget_messages() is False


def test_in_the_browser_a_widget_message_keeps_none(monkeypatch):
    sent = []

    class Comm:
        comm_id, topic = "c1", None

        def publish_msg(self, *args, **kwargs):
            raise AssertionError("the kernel's own conversion was used")

    kernel = types.ModuleType("pyodide_kernel")
    kernel.comm = types.SimpleNamespace(Comm=Comm)
    page = types.ModuleType("js")
    page.JSON = types.SimpleNamespace(parse=lambda text: ("from JSON", json.loads(text)))
    shell = types.SimpleNamespace(send_comm=lambda *args: sent.append(args))
    monkeypatch.setattr(sys, "platform", "emscripten")
    monkeypatch.setitem(sys.modules, "pyodide_kernel", kernel)
    monkeypatch.setitem(sys.modules, "js", page)
    monkeypatch.setattr("IPython.core.getipython.get_ipython", lambda: shell)

    assert browser_kernel.keep_none_in_widget_messages() is True
    assert browser_kernel.keep_none_in_widget_messages() is True  # once only
    Comm().publish_msg("comm_msg", {"method": "update", "state": {"display": None}})
    (msg_type, content, metadata, _topic, buffers) = sent[0]
    assert msg_type == "comm_msg" and metadata == {} and buffers is None
    assert content == (
        "from JSON",
        {"data": {"method": "update", "state": {"display": None}}, "comm_id": "c1"},
    )
