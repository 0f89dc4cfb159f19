"""Stochastic runs of the whole model: drawn paths through every stage, in chunks, locally or on dask.

Above :mod:`actuarial.model` (it runs the model on a chunk of paths' stacked set) and below the command line.
"""

from actuarial.simulation.engine import DEFAULT_CHUNK, chunks, run_paths, simulate

__all__ = ["DEFAULT_CHUNK", "chunks", "run_paths", "simulate"]
