"""Checks of a dataset: against its schema, against annotations, against another version.

``validate`` checks a folder or release; ``evaluate`` scores a build against hand annotations; ``diff`` lists
changed rows between two datasets; ``contribution`` checks a pull request.
"""
