"""The widgets in the browser's own Python (the static site: JupyterLite and Voici, Pyodide).

The Pyodide kernel (jupyterlite-pyodide-kernel 0.6) hands each widget message to the page with
Pyodide's ``toJs()``, which turns Python's ``None`` into JavaScript's ``undefined`` rather than
``null``. A trait set back to ``None`` then never reaches the page: a part of an app shown again
(``layout.display = None``) stayed hidden, so after a warning sign was answered and an invalid
answer fixed, the athlete app showed none of its later steps. Sending each message's content as
JSON keeps ``null``. Nothing changes outside that kernel.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def in_browser_kernel() -> bool:
    """Whether this Python is the Pyodide kernel of JupyterLite or Voici."""
    return sys.platform == "emscripten" and "pyodide_kernel" in sys.modules


def keep_none_in_widget_messages() -> bool:
    """In the browser's kernel, send widget messages as JSON (None stays null); True if done."""
    if not in_browser_kernel():
        return False
    from pyodide_kernel import comm as kernel_comm  # the browser's kernel only

    if getattr(kernel_comm.Comm, "_hamstring_json", False):
        return True
    import js  # Pyodide's bridge to the page
    from IPython.core.getipython import get_ipython

    def publish_msg(self: Any, msg_type: str, data=None, metadata=None, buffers=None, **keys):
        content = dict(data={} if data is None else data, comm_id=self.comm_id, **keys)
        if buffers is not None:
            buffers = [(b.tobytes() if hasattr(b, "tobytes") else b) for b in buffers]
        get_ipython().send_comm(
            msg_type,
            js.JSON.parse(json.dumps(content, default=str)),
            {} if metadata is None else metadata,
            self.topic,
            buffers,
        )

    kernel_comm.Comm.publish_msg = publish_msg
    kernel_comm.Comm._hamstring_json = True
    return True
