"""The released tables, defined once.

``definitions`` reads ``schema/*.schema.json`` and derives every other form of a table (Arrow, pandas, pandera,
the data dictionary); ``records`` defines the rows that the extractors yield; ``frames`` holds the contracts of
the internal frames between stages, derived from the records; ``storage`` reads and writes Parquet and
fingerprints table contents; ``datapackage`` writes the Frictionless descriptor; ``releases`` reads the release
index.
"""
