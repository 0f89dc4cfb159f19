"""Output-variable labels: every stage declares ``name -> (long name, units)`` and labels its dataset here."""

from __future__ import annotations

from typing import Mapping

import xarray as xr


def label(dataset: xr.Dataset, variables: Mapping[str, tuple[str, str]]) -> xr.Dataset:
    """Set ``long_name`` and ``units`` attrs (CF style) on the variables of ``dataset`` in ``variables`` (in place)."""
    for name, (long_name, units) in variables.items():
        if name in dataset:
            dataset[name].attrs.update(long_name=long_name, units=units)
    return dataset
