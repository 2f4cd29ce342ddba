"""The package version, in a module of its own so any layer can read it without import cycles."""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("jupyter_genanalyst")
except PackageNotFoundError:  # running from a source checkout
    __version__ = "0.0.0+source"

__all__ = ["__version__"]
