"""Read-only views of a dataset for people: terminal, SQL and HTML.

``show`` prints one article with its spans marked; ``compare`` lines sources up side by side (and formats figure
values for every view); ``sql`` runs read queries in DuckDB; ``report`` writes a static HTML report from Jinja2
templates; ``marks`` holds the spans both ``show`` and ``report`` mark; ``terminal`` escapes data for the terminal.
"""
