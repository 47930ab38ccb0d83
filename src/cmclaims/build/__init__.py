"""The build's output edge: the corpus through the pipeline into Parquet tables and their descriptor.

``run`` holds the three passes over the corpus in batches, the one set-up every engine shares, and the lock and
folder swap that keep the previous output intact; ``dask_engine`` runs the same passes on a Dask cluster;
``writer`` appends the parts to the released tables; ``outputs`` decides which folders a build may replace.
"""
