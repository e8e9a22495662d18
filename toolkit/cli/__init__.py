"""Command line: ``python -m toolkit report|keyness|frames|kwic ...``.

Modules: ``parser`` (:func:`main`: the parser, exit codes, progress on stderr) and ``commands``
(what each command does).
"""

from toolkit.cli.parser import main

__all__ = ["main"]
