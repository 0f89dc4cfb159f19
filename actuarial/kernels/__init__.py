"""Numba kernels: pure functions on numpy arrays (no xarray, no I/O).

Each kernel has a plain-numpy twin (in the same module, or beside it: ``pension_twin.py``), used only by the tests
(differential testing) and by the benchmarks as the reference implementation.
"""
