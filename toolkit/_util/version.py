"""The toolkit's version, in one place: the package, the report's footer and the build read it here."""

__version__ = "0.3.0"
