"""hrgraph's version, in one place: the package, the CLI, pages and the User-Agent read it here."""

__version__ = "0.1.0"
