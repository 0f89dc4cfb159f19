"""Scheme modules on one contract (:mod:`actuarial.schemes.protocol`), registered in one place.

A new scheme, or another country's, is a new module exposing ``SCHEME`` plus
its assumptions' data, added to :data:`SCHEMES` (and its name to
:data:`actuarial.dims.SCHEMES`, which the loader checks ``set.yaml`` against).
"""

from actuarial.schemes import (
    injury,
    medical_employee,
    medical_resident,
    national_pension,
    pension_employee,
    pension_resident,
    platform_injury,
    unemployment,
)
from actuarial.schemes.protocol import Scheme

SCHEMES: dict[str, Scheme] = {module.SCHEME.name: module.SCHEME for module in
                              (pension_employee, pension_resident, medical_employee, medical_resident,
                                                   unemployment, injury, platform_injury, national_pension)}
"""Every scheme the package implements, by name."""

__all__ = ["SCHEMES"]
