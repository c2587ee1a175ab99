"""The chat stage: one turn's outline (`chain`), the conversation it keeps, and the start's warm-up."""

from bot.chat import warmup  # noqa: F401  (registers the warm-up texts with index builds)
