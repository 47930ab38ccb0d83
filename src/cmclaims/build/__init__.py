"""The build: raw corpus in, a complete dataset folder out, atomically.

``run`` streams batches through the pipeline and the grouping passes on any executor (``dask_engine`` supplies
a Dask one); ``writer`` appends Parquet row groups and writes the descriptor; ``outputs`` decides where
writing is allowed.
"""
