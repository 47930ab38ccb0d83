"""Read-only views of a dataset for people: terminal, SQL and HTML.

``show`` prints one article with its spans marked; ``compare`` lines sources up side by side; ``sql`` runs read
queries in DuckDB; ``report`` writes a static HTML report; ``terminal`` escapes data for the terminal.
"""
