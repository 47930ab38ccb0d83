"""The report's Jinja2 environment: templates in ``templates/``, every value HTML-escaped unless marked safe.

Autoescaping is on for every template (HTML and SVG alike) and undefined
names are errors, so a title, quotation or speaker from the data can never
become markup, and a misspelt variable fails loudly instead of printing
nothing. Only the report's own files (``assets/``) and HTML rendered by these
templates are inserted unescaped.
"""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any

import jinja2
from markupsafe import Markup


@cache
def asset(name: str) -> Markup:
    """A stylesheet or script shipped with the report (``assets/``), inlined as it is."""
    return Markup(resources.files(__package__).joinpath("assets", name).read_text(encoding="utf-8"))


@cache
def environment() -> jinja2.Environment:
    env = jinja2.Environment(loader=jinja2.PackageLoader(__package__, "templates"), autoescape=True,
                             undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                             keep_trailing_newline=True)
    env.globals["asset"] = asset
    env.filters["json"] = lambda value: json.dumps(value, ensure_ascii=False, default=str)  # escaped as any text
    return env


def render(template: str, **context: Any) -> Markup:
    """``templates/<template>`` filled in with ``context``."""
    return Markup(environment().get_template(template).render(**context))
