"""The released tables, defined once.

``definitions`` reads ``schema/*.schema.json`` and derives every other form of a table (Arrow, pandas, pandera,
the data dictionary); ``frames`` holds the contracts of the internal frames between stages; ``storage`` reads
and writes Parquet and fingerprints table contents; ``datapackage`` writes the Frictionless descriptor.
"""
