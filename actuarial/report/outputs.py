"""Write run outputs atomically (DESIGN §7).

Every file is first written under a temporary name in the target folder and
renamed only when all of them are complete, so an interrupted run never leaves
a half-written file under a final name.
"""

from __future__ import annotations

import json
import os
import tempfile
from contextlib import ExitStack
from pathlib import Path
from typing import Callable

import pandas as pd
import xarray as xr


def _temporary(folder: Path, final_name: str) -> Path:
    handle, name = tempfile.mkstemp(prefix=f".{final_name}.", suffix=".tmp", dir=folder)
    os.close(handle)
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(name, 0o666 & ~umask)  # mkstemp creates 0600; final files get the usual mode
    return Path(name)


def write_atomically(folder: Path, writers: dict[str, Callable[[Path], None]]) -> list[Path]:
    """Run each ``writer(temporary_path)`` and rename all results into ``folder`` at the end."""
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[Path, Path] = {}
    with ExitStack() as cleanup:
        cleanup.callback(lambda: [tmp.unlink(missing_ok=True) for tmp in written])
        for final_name, writer in writers.items():
            tmp = _temporary(folder, final_name)
            written[tmp] = folder / final_name
            writer(tmp)
        for tmp, final in written.items():
            os.replace(tmp, final)
    return list(written.values())


def write_run(folder: Path, *, projection: xr.Dataset, summary: pd.DataFrame, metrics: pd.DataFrame,
              manifest: dict) -> list[Path]:
    """Write ``projection.nc``, ``summary.csv``, ``metrics.csv`` and ``manifest.json`` into ``folder``."""
    return write_atomically(
        folder,
        {
            "projection.nc": lambda path: projection.to_netcdf(path, engine="netcdf4"),
            "summary.csv": lambda path: summary.to_csv(path, index=False, float_format="%.10g"),
            "metrics.csv": lambda path: metrics.to_csv(path, index=False, float_format="%.10g"),
            "manifest.json": lambda path: path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8"),
        },
    )
