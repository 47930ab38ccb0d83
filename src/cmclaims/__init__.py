"""cmclaims: news coverage of the July 2023 US cluster-munitions decision, as tables.

    import cmclaims as cm
    claims = cm.load("claims")            # latest release, typed DataFrame, its file verified
    cm.raw_text(claims.source_id[0])      # the text every span points into
    print(cm.cite("bibtex"))

Importing the package is cheap: pandas and pyarrow are imported on first use
of a loading function, and the build's dependencies (pandera, frictionless)
never on this path.
"""

from __future__ import annotations

from typing import Any

__version__ = "1.1.0"

__all__ = ["__version__", "cite", "load", "load_all", "raw_text", "schema", "tables", "versions"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from cmclaims import api

        return getattr(api, name)
    raise AttributeError(f"module 'cmclaims' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(__all__)
