"""Gradio, imported without rewriting its own type stubs: `import bot.ui_gradio` before gradio is first imported.

At every import, Gradio's component metaclass (`gradio.component_meta.create_or_modify_pyi`) re-reads the
source file of each of its ~80 component classes, parses it with `ast`, renders a Jinja template and rewrites
the `.pyi` stub beside it in site-packages: 2.3 s of the 4.6 s `import gradio` takes on the project's machine
(2026-11-25), every time the app starts. The stubs are for editors and type checkers; no component, event or
page depends on them, and they are already installed. This replaces that one function with a no-op as the
module is loaded, before any component class is made. A Gradio without the function is left as it is.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import os
import sys

_MODULE = "gradio.component_meta"


class _SkipStubs(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name != _MODULE:
            return None
        sys.meta_path.remove(self)  # once: find the real module the ordinary way
        spec = importlib.util.find_spec(name)
        loader = getattr(spec, "loader", None)
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        run = loader.exec_module

        def exec_module(module):
            run(module)
            if callable(getattr(module, "create_or_modify_pyi", None)):
                module.create_or_modify_pyi = _no_stubs

        loader.exec_module = exec_module
        return spec


def _no_stubs(*args, **kwargs) -> None:
    """Gradio's stub writer, skipped (see the module's docstring)."""


# Gradio sets matplotlib's backend to "agg" around every event it handles. With no backend chosen, asking for it
# imports pyplot (0.5 s, on the first answer); with another spelling ("Agg"), every event switches backends, and
# one that does so while another thread is importing pyplot fails. The app draws off screen, on agg, anyway
# (`bot.ui_render`): chosen here, in Gradio's spelling, setting the backend is a no-op for every event.
os.environ["MPLBACKEND"] = "agg"
if "matplotlib" in sys.modules:
    sys.modules["matplotlib"].use("agg")

if _MODULE not in sys.modules and not any(isinstance(f, _SkipStubs) for f in sys.meta_path):
    sys.meta_path.insert(0, _SkipStubs())
