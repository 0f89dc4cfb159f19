"""The one registry of output variables: name, long name, units, dims, kind and summary column.

Every variable the package writes to ``projection.nc``, ``comparison.nc`` or
``summary.csv``, and every coordinate, is a :class:`Variable` in
:data:`VARIABLES`.  Stages label their datasets with :func:`label`, which
takes the CF ``long_name`` and ``units`` attrs from here and refuses a data
variable that is not registered; ``summary.csv`` takes its columns, in order,
from the entries with ``summary=True``
(:data:`actuarial.analysis.summary.SUMMARY_COLUMNS`); the terminal report
takes its row labels from here.  Units are those of
:data:`actuarial.dims.UNITS`.

Timing (DESIGN §3): stocks at 31 December of the year, flows over the
calendar year; money in nominal yuan.

Dims are those of the variable as its stage produces it in a deterministic
run; a comparison adds ``option`` in front, a stochastic run ``path``.  A
summary column of a variable with more dims than ``year`` is its total over
the other dims (e.g. ``population`` summed over sex and age); summary columns
registered with dims ``("year",)`` only and absent from the projection are
derived in :func:`actuarial.analysis.summary.summary_table`.
"""

from __future__ import annotations

import xarray as xr

from actuarial.variables.funds import FINANCING, FUND, FUND_PREFIXES, fund_variables
from actuarial.variables.schemes import (
    INJURY,
    MEDICAL_EMPLOYEE,
    MEDICAL_RESIDENT,
    NATIONAL_PENSION,
    PENSION_DEBT,
    PENSION_EMPLOYEE,
    PENSION_EMPLOYEE_FUND,
    PENSION_RESIDENT,
    PLATFORM_INJURY,
    UNEMPLOYMENT,
)
from actuarial.variables.spec import Variable
from actuarial.variables.stages import COORDINATES, DEMOGRAPHY, ECONOMY, LABOUR


def _registry(*groups: tuple[Variable, ...]) -> dict[str, Variable]:
    """Name -> variable; the fund-stage series of :func:`~actuarial.variables.funds.fund_variables` fill in names
    not given explicitly."""
    registry: dict[str, Variable] = {}
    for variable in (variable for group in groups for variable in group):
        if variable.name in registry:
            raise ValueError(f"output variable {variable.name!r} is registered twice")
        registry[variable.name] = variable
    for prefix, fund in FUND_PREFIXES.values():
        for variable in fund_variables(prefix, fund):
            registry.setdefault(variable.name, variable)
    return registry


VARIABLES: dict[str, Variable] = _registry(
    COORDINATES, DEMOGRAPHY, LABOUR, ECONOMY, PENSION_EMPLOYEE, PENSION_EMPLOYEE_FUND, PENSION_RESIDENT,
    MEDICAL_EMPLOYEE, MEDICAL_RESIDENT, UNEMPLOYMENT, INJURY, PLATFORM_INJURY, NATIONAL_PENSION, FUND, FINANCING,
    PENSION_DEBT,
)
"""Every output variable and coordinate, by name; the ``summary=True`` entries in summary-column order."""


def label(dataset: xr.Dataset) -> xr.Dataset:
    """Set the CF ``long_name`` and ``units`` attrs of every data variable and coordinate of ``dataset``
    registered in :data:`VARIABLES` (in place) and return the dataset.

    Parameters
    ----------
    dataset : a stage's output.

    Raises
    ------
    KeyError
        Naming the data variables of ``dataset`` that are not registered: every output is registered.
    """
    unknown = [str(name) for name in dataset.data_vars if name not in VARIABLES]
    if unknown:
        raise KeyError(f"output variables not registered in actuarial.variables.VARIABLES: {', '.join(unknown)}")
    for name, array in dataset.variables.items():
        variable = VARIABLES.get(name)
        if variable is not None:
            array.attrs.update(long_name=variable.long_name, units=variable.units)
    return dataset


__all__ = ["FUND_PREFIXES", "VARIABLES", "Variable", "label"]
