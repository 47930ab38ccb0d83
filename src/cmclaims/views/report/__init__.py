"""A static HTML report of a dataset: ``cmclaims report [--out DIR]``.

The output folder holds ``index.html`` (the dataset card: what the data is,
version, citation, row counts, the articles, a chart of claims per speaker
per source, the cross-source disagreement view and the data dictionary) and
``articles/<source_id>.html``, one page per article with its raw text and
every claim, figure and actor mention marked. Every file is self-contained:
stylesheet, script and chart are inline, nothing is fetched, so the report
opens offline from disk.

``site`` writes the folder; ``pages`` prepares each page's values and
``render`` fills in the Jinja2 templates (``templates/``, autoescaped) with
them; ``chart`` draws the SVG chart. The package itself holds only this
docstring, so that importing a module of it stays light.
"""
