"""`python -m evals` is `career-mentor eval`."""

import sys

from bot.cli import main

main(["eval", *sys.argv[1:]])
