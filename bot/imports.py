"""Third-party modules imported without import-time work that serves nothing here: installed by `bot/__init__.py`,
so before any of them is first imported. Each patch is applied right after its module has run, and only when the
module still has what it replaces; a library that changed is left as it is.

What each one skips (times on the project's 2-core machine, 2026-11):

- `gradio.component_meta.create_or_modify_pyi`: Gradio's component metaclass re-reads the source file of each of its
  ~80 component classes, parses it with `ast`, renders a Jinja template and rewrites the `.pyi` stub beside it in
  site-packages at every import: 2.3 s of the 4.6 s `import gradio` took. The stubs are for editors, and installed.
- `gradio.events.EventListener.set_doc`: the same metaclass renders each event listener's docstring as a Jinja
  template (compiled anew for every component and event, ~550 of them) to put the component's name in: 0.3 s.
  Here the name is put in directly; a docstring holding any other template syntax still goes through Jinja.
- `overrides`: chromadb marks its methods `@override`, and the decorator checks, as each class is made, that a
  base class has the method with a compatible signature, finding the bases by disassembling the bytecode of the
  module being imported so far (quadratic in its length): 0.2 s of `import chromadb`. chromadb's own tests make
  those checks; here the decorator only marks the method, which is what `EnforceOverrides` reads.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import re
import sys
from collections.abc import Callable


def _no_stubs(module) -> None:
    if callable(getattr(module, "create_or_modify_pyi", None)):
        module.create_or_modify_pyi = lambda *args, **kwargs: None


_COMPONENT = re.compile(r"\{\{\s*component\s*\}\}")


def _plain_docs(module) -> None:
    listener = getattr(module, "EventListener", None)
    original = getattr(listener, "set_doc", None)
    if original is None:
        return

    def set_doc(self, component: str):
        doc = getattr(self.listener, "__doc__", None)
        if not doc:
            return original(self, component)
        text = _COMPONENT.sub(lambda _: component, doc)
        if any(mark in text for mark in ("{{", "{%", "{#")):  # other template syntax: Jinja's job
            return original(self, component)
        # as Jinja renders it: one trailing newline dropped
        self.listener.__doc__ = text[:-1] if text.endswith("\n") else text

    listener.set_doc = set_doc


def _marking_overrides(module) -> None:
    if getattr(module, "_overrides", None) is None:
        return

    def _overrides(method, check_signature, check_at_runtime):
        method.__override__ = True
        return method

    module._overrides = _overrides


PATCHES: dict[str, Callable] = {
    "gradio.component_meta": _no_stubs,
    "gradio.events": _plain_docs,
    "overrides.overrides": _marking_overrides,
}


class _AfterImport(importlib.abc.MetaPathFinder):
    """Finds each patched module the ordinary way, once, and patches it when it has run."""

    def __init__(self, patches: dict[str, Callable]):
        self.patches = dict(patches)

    def find_spec(self, name, path=None, target=None):
        patch = self.patches.pop(name, None)
        if patch is None:
            return None
        if not self.patches:
            sys.meta_path.remove(self)
        spec = importlib.util.find_spec(name)
        loader = getattr(spec, "loader", None)
        if loader is None or not hasattr(loader, "exec_module"):
            return spec
        run = loader.exec_module

        def exec_module(module):
            run(module)
            patch(module)

        loader.exec_module = exec_module
        return spec


def install() -> None:
    """Patch each module of `PATCHES` when it is first imported (one already imported is left as it is)."""
    if any(isinstance(f, _AfterImport) for f in sys.meta_path):
        return
    pending = {name: patch for name, patch in PATCHES.items() if name not in sys.modules}
    if pending:
        sys.meta_path.insert(0, _AfterImport(pending))
