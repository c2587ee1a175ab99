"""Gradio without costs that serve nothing here: `import bot.web.gradio_patches` before gradio is first imported (its
import-time savings are in `bot.imports`); once it is, `per_request_savings` removes two costs per client and per
request.
"""

from __future__ import annotations

import os
import sys

# Gradio sets matplotlib's backend to "agg" around every event it handles. With no backend chosen, asking for it
# imports pyplot (0.5 s, on the first answer); with another spelling ("Agg"), every event switches backends, and
# one that does so while another thread is importing pyplot fails. The app draws off screen, on agg, anyway
# (`bot.web.render`): chosen here, in Gradio's spelling, setting the backend is a no-op for every event.
os.environ["MPLBACKEND"] = "agg"
if "matplotlib" in sys.modules:
    sys.modules["matplotlib"].use("agg")

# After every event Gradio's queue builds a pandas DataFrame of the last 10,000 events' timings to summarise them
# for its /monitoring page (nobody reads it here): the longer the app runs the more it costs, 6% of the server's
# GIL time in the load bench's 500 answers. Summarised every 100 events instead (the page is that much behind).
os.environ.setdefault("GRADIO_ANALYTICS_CACHE_FREQUENCY", "100")


class _WithoutBlocks:
    """The app's Blocks as `SessionState.__init__` sees them here: with no blocks to make configs of."""

    def __init__(self, blocks):
        self._real = blocks
        self.blocks = {}

    def __getattr__(self, name):
        return getattr(self._real, name)


class _SessionConfigs(dict):
    """The per-block configs of one Gradio session (what a deep link to it restores), each made when first needed,
    all of them when all are asked for. Missing ones are added, never the others moved, so an event updating a
    config meanwhile is neither lost nor changes the size of the dict under a reader."""

    def __init__(self, state, blocks):
        super().__init__()
        self._state, self._blocks = state, blocks

    def _complete(self) -> None:
        config = self._state.blocks_config
        for k, v in list(config.blocks.items()):
            if k in self._blocks.blocks and not super().__contains__(k):
                super().setdefault(k, config.config_for_block(k, [], v))

    def items(self):
        self._complete()
        return super().items()

    def values(self):
        self._complete()
        return super().values()

    def keys(self):
        self._complete()
        return super().keys()

    def __iter__(self):
        self._complete()
        return super().__iter__()

    def __len__(self):
        self._complete()
        return super().__len__()


def per_request_savings() -> None:
    """Gradio makes a session state for every new client, and with it the config of every block of the page (~80:
    each one's constructor signature read, its API schema generated): 60 ms of CPU per client under load, 15% of
    the server's GIL time in the load bench, where every session is a new client. The configs serve deep links
    only, and Gradio makes the one it needs when an event updates a block; here each is made when first asked for.
    Does nothing to a Gradio whose session state is not built that way."""
    from gradio import state_holder

    cls = getattr(state_holder, "SessionState", None)
    if cls is None or getattr(cls, "_lazy_configs", False) or not hasattr(cls, "_update_value_in_config"):
        return
    original = cls.__init__

    def __init__(self, blocks, *args, **kwargs):
        original(self, _WithoutBlocks(blocks), *args, **kwargs)
        if self.config_values == {}:
            self.config_values = _SessionConfigs(self, blocks)

    cls.__init__ = __init__
    cls._lazy_configs = True
