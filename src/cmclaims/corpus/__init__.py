"""The raw input: article texts and their manifest.

``reader`` lists and reads the raw files (bytes checked against their recorded hash, decoded as stored);
``manifest`` checks ``manifest.csv`` against ``schema/manifest.schema.json``. Nothing else reads ``raw/``.
"""
