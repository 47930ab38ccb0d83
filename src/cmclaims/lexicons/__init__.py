"""Curated knowledge as data: cue words, patterns and the actor registry.

Each ``*.yaml`` file in this package is one lexicon; ``load_lexicon(name)``
reads it once per process with YAML's safe loader (libyaml's, where
PyYAML was built with it: the same result, several times faster).
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources
from typing import Any


@lru_cache(maxsize=None)
def load_lexicon(name: str) -> Any:
    """Parse ``<name>.yaml`` from this package (cached; treat as read-only)."""
    import yaml

    source = resources.files(__name__).joinpath(f"{name}.yaml").read_text(encoding="utf-8")
    return yaml.load(source, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
