"""Helpers shared by the subpackages: argument checks, statistics, files, package data and HTML.

Nothing here is part of the toolkit's API (``toolkit.__all__``), but inside the package these
names are public: any subpackage imports them (``from toolkit._util.validation import
check_int``). ``_util`` imports nothing from the rest of the toolkit, so it can sit below every
layer (see ``docs/architecture.md``).
"""
