"""Financing options as validated data: what a ``financing:`` section or a study may declare.

Each option is a small frozen model read from YAML (unknown keys are errors),
names the fund it acts on (``fund``, one of :data:`actuarial.dims.FUNDS`;
default the employee pension fund) and says how big it is.  What an option
*does* (its changes to assumptions, its cash flows) lives with the funds
(:mod:`actuarial.funds.options`); this module only declares and checks, so
``config`` imports no model code.
"""

from __future__ import annotations

from typing import ClassVar, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from actuarial.config.errors import AssumptionError
from actuarial.config.yaml_io import raise_validation, shown
from actuarial.dims import EMPLOYED_STATUSES, FUNDED_SCHEMES, FUNDS

FundName = Literal[FUNDS]  # type: ignore[valid-type]


class Option(BaseModel):
    """Fields every option has: what it is, where its size comes from, the fund it acts on."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    description: str = Field(min_length=1)
    source: str = Field(min_length=1, description="document and table, or 'assumed: <reason>'")
    fund: FundName = "pension_employee"

    linear: ClassVar[bool] = False
    """Cash flows proportional to the size (the optimiser solves these by linear programming)."""
    funds: ClassVar[tuple[str, ...]] = FUNDED_SCHEMES
    """Funds the option can act on: each scheme's main fund (named after the scheme), not personal accounts."""
    size_fields: ClassVar[tuple[str, ...]] = ()
    """Fields multiplied by :meth:`scaled` (capped at 1 where the field is a share)."""
    share_fields: ClassVar[tuple[str, ...]] = ()

    @field_validator("fund")
    @classmethod
    def _fund_it_can_act_on(cls, fund: str) -> str:
        if fund not in cls.funds:
            kind = cls.model_fields["type"].annotation.__args__[0]
            raise ValueError(f"a {kind} option acts on {' or '.join(cls.funds)} only")
        return fund

    def scaled(self, size: float) -> "Option":
        """The option at ``size`` times its declared size (1: as declared, 0: no effect)."""
        update = {name: getattr(self, name) * size for name in self.size_fields}
        update.update({name: min(1.0, getattr(self, name) * size) for name in self.share_fields})
        return self.model_copy(update=update)


class SpecialBonds(Option):
    """Special government bonds: a fixed issuance (share of GDP a year over a window) or a rule
    covering what keeps the fund's balance at ``floor_reserve_ratio`` years of expenditure, capped."""

    type: Literal["special_bonds"]
    rule: Literal["fixed", "cover_deficit", "schedule"]
    issuance_pct_gdp: float = Field(ge=0.0, le=0.2, description="fixed: issued each year of the window; rule: the cap")
    schedule: dict[int, float] = Field(default_factory=dict, description="schedule: share of GDP issued by year")
    schedule_scale: float = Field(default=1.0, ge=0.0, le=1000.0, description="schedule: a scale on the schedule")
    first_year: int
    last_year: int
    coupon: float = Field(ge=0.0, le=0.2)
    maturity: int = Field(ge=1, le=100)
    serviced_by: Literal["treasury", "fund"]
    floor_reserve_ratio: float = Field(default=0.0, ge=0.0, le=10.0)

    size_fields: ClassVar[tuple[str, ...]] = ("issuance_pct_gdp", "schedule_scale")

    @model_validator(mode="after")
    def _window(self):
        if self.last_year < self.first_year:
            raise ValueError(f"last_year {self.last_year} is before first_year {self.first_year}")
        outside = [y for y, v in self.schedule.items() if not self.first_year <= y <= self.last_year or not 0 <= v <= 0.2]
        if outside:
            raise ValueError(f"schedule year {outside[0]}: the year must lie in first_year..last_year and the share "
                             "of GDP in [0, 0.2]")
        if self.schedule and self.rule != "schedule":
            raise ValueError("a schedule is read only with rule: schedule")
        return self

    @property
    def linear(self) -> bool:  # type: ignore[override]
        return self.rule in ("fixed", "schedule")

    def issued_share(self, year: int) -> float:
        """Share of GDP issued in ``year`` (fixed or scheduled; the cap of a cover-deficit rule)."""
        if self.rule == "schedule":
            return self.schedule_scale * self.schedule.get(int(year), 0.0)
        return self.issuance_pct_gdp if self.first_year <= year <= self.last_year else 0.0


class StateCapital(Option):
    """A further transfer of state-owned equity to the fund, at market value: the stake counts in the fund's
    reserve and earns dividends plus value growth; sales turn it into cash within the fund."""

    type: Literal["state_capital"]
    transfer: float = Field(ge=0.0, le=1e15, description="value transferred in first_year, yuan")
    first_year: int
    dividend_yield: float = Field(ge=0.0, le=0.3)
    value_growth: float = Field(ge=-0.2, le=0.3)
    sale_share_per_year: float = Field(ge=0.0, le=1.0, description="share of the remaining stake sold each year")
    sale_start_year: int

    linear: ClassVar[bool] = True
    size_fields: ClassVar[tuple[str, ...]] = ("transfer",)


class Investment(Option):
    """Invest a share of the balance through a diversified mandate (e.g. entrusted to the NSSF)."""

    type: Literal["investment"]
    share: float = Field(ge=0.0, le=1.0, description="share of the balance moved to the mandate (beyond today's)")
    mandate_return: float = Field(ge=-0.2, le=0.3)
    fees: float = Field(ge=0.0, le=0.05)
    first_year: int

    share_fields: ClassVar[tuple[str, ...]] = ("share",)


class Elasticity(BaseModel):
    """A behavioural elasticity as a range: the run uses ``central`` (or the option's ``elasticity_case``)."""

    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)
    low: float = Field(ge=0.0, le=20.0)
    central: float = Field(ge=0.0, le=20.0)
    high: float = Field(ge=0.0, le=20.0)

    @model_validator(mode="after")
    def _ordered(self):
        if not self.low <= self.central <= self.high:
            raise ValueError(f"the range must satisfy low <= central <= high; got {self.low}, {self.central}, {self.high}")
        return self


class RateCut(Option):
    """Lower employer and flexible-worker pension rates from first_year, phased in, with coverage and
    declared-base responses to the relative cut in each status's total labour cost.

    Elasticities are ranges (``{low, central, high}``, or one number for a point) of the relative rise
    in contribution density (coverage) or in compliance (declared base per yuan of earnings, before
    the floor and ceiling) per relative cut in total labour cost, ``cut / (1 + rate)``."""

    type: Literal["rate_cut"]
    employer_cut: float = Field(ge=0.0, le=0.16, description="points off the employer rate")
    flexible_cut: float = Field(ge=0.0, le=0.20, description="points off the flexible-worker rate")
    first_year: int
    phase_in_years: int = Field(default=1, ge=1, le=50, description="the cut reaches its full size after this many years")
    coverage_elasticity: dict[Literal[EMPLOYED_STATUSES], Elasticity]  # type: ignore[valid-type]
    declared_base_elasticity: Elasticity
    elasticity_case: Literal["low", "central", "high"] = "central"

    funds: ClassVar[tuple[str, ...]] = ("pension_employee",)
    size_fields: ClassVar[tuple[str, ...]] = ("employer_cut", "flexible_cut")

    @field_validator("declared_base_elasticity", mode="before")
    @classmethod
    def _point(cls, value):
        """One number is a point: a range with low = central = high."""
        return {"low": value, "central": value, "high": value} if isinstance(value, (int, float)) else value

    @field_validator("coverage_elasticity", mode="before")
    @classmethod
    def _points(cls, value):
        return {k: cls._point(v) for k, v in value.items()} if isinstance(value, dict) else value

    @model_validator(mode="after")
    def _every_status(self):
        missing = [s for s in EMPLOYED_STATUSES if s not in self.coverage_elasticity]
        if missing:
            raise ValueError(f"coverage_elasticity needs every employed status; missing {missing}")
        return self

    def coverage(self, status: str) -> float:
        """The coverage elasticity of ``status`` in the option's case."""
        return getattr(self.coverage_elasticity[status], self.elasticity_case)

    def declared_base(self) -> float:
        """The declared-base elasticity in the option's case."""
        return getattr(self.declared_base_elasticity, self.elasticity_case)


class PlatformLevy(Option):
    """A levy on platform revenue paid into the fund."""

    type: Literal["platform_levy"]
    rate: float = Field(ge=0.0, le=0.1, description="share of platform revenue")
    revenue_per_earnings: float = Field(gt=0.0, le=10.0, description="platform operating revenue per yuan of platform workers' earnings")
    first_year: int

    linear: ClassVar[bool] = True
    size_fields: ClassVar[tuple[str, ...]] = ("rate",)


class EmployerShareSubsidy(Option):
    """The state pays part of platform workers' pension contributions; their coverage rises."""

    type: Literal["employer_share_subsidy"]
    paid_share_of_contribution: float = Field(ge=0.0, le=1.0, description="share of a platform worker's contribution the state pays")
    coverage_response: float = Field(ge=0.0, le=10.0, description="relative rise in platform workers' contribution density")
    first_year: int

    funds: ClassVar[tuple[str, ...]] = ("pension_employee",)
    size_fields: ClassVar[tuple[str, ...]] = ("coverage_response",)
    share_fields: ClassVar[tuple[str, ...]] = ("paid_share_of_contribution",)


class PlatformContributions(Option):
    """Platforms collect platform workers' pension contributions from ``first_year`` (issue 13 item 5):
    withheld from each order (``per_order``, 按单缴费 / 代扣代缴) or collected monthly or quarterly on the income
    they report (``periodic``), and pay ``platform_share`` of the contribution as an employer share (the total
    rate is unchanged).  Platform workers' contribution density rises by the collection's uplift
    (``platform_per_order_density_uplift`` / ``platform_periodic_density_uplift`` of the set); the employer
    share lowers the worker's cost, to which coverage answers in the scheme
    (``platform_coverage_cost_elasticity``); the platforms' cost is the scheme's
    ``pension_platform_employer_contributions``."""

    type: Literal["platform_contributions"]
    collection: Literal["per_order", "periodic"]
    platform_share: float = Field(default=0.0, ge=0.0, le=1.0,
                                  description="share of a platform worker's contribution the platform pays")
    first_year: int

    funds: ClassVar[tuple[str, ...]] = ("pension_employee",)
    share_fields: ClassVar[tuple[str, ...]] = ("platform_share",)


class RetirementAge(Option):
    """A further rise of the statutory retirement age of every group, for the cohorts born from
    ``from_birth_year``, reached in equal steps over ``phase_in_cohorts`` birth years (the labour stage's
    participation and the pension's awards follow the new schedule)."""

    type: Literal["retirement_age"]
    rise_years: float = Field(ge=0.0, le=10.0, description="further rise at full phase-in, years of age")
    from_birth_year: int = Field(ge=1900, le=2100)
    phase_in_cohorts: int = Field(default=1, ge=1, le=50)

    funds: ClassVar[tuple[str, ...]] = ("pension_employee",)
    size_fields: ClassVar[tuple[str, ...]] = ("rise_years",)


class Indexation(Option):
    """The indexation rule of pensions in payment from ``first_year``: a share of average-wage growth, or prices
    (``i_t = f_t + h_t g_t`` with ``f_t`` the inflation assumption and ``h_t = 0``)."""

    type: Literal["indexation"]
    rule: Literal["wage_share", "prices"]
    wage_share: float = Field(default=0.0, ge=0.0, le=1.5, description="wage_share: h, the share of wage growth")
    first_year: int

    funds: ClassVar[tuple[str, ...]] = ("pension_employee",)


class MinimumYears(Option):
    """The minimum contribution years raised (or lowered) to ``years``, in equal steps from ``first_year`` over
    ``phase_in_years`` (the pension's buy-in take-up of short careers responds as in the baseline)."""

    type: Literal["minimum_years"]
    years: float = Field(ge=1.0, le=45.0)
    first_year: int
    phase_in_years: int = Field(default=1, ge=1, le=50)

    funds: ClassVar[tuple[str, ...]] = ("pension_employee",)


class MedicalRate(Option):
    """A change of the UEBMI employer rate (points of the declared base) from ``first_year``, phased in."""

    type: Literal["medical_rate"]
    employer_rate_change: float = Field(ge=-0.1, le=0.1, description="points added to the employer rate")
    first_year: int
    phase_in_years: int = Field(default=1, ge=1, le=50)

    funds: ClassVar[tuple[str, ...]] = ("medical_employee",)
    size_fields: ClassVar[tuple[str, ...]] = ("employer_rate_change",)


class PolicyPath(Option):
    """Rule paths set from a year on, for rules the other types do not cover (a contribution rate, the share of a
    group covered): ``paths`` maps a time-path assumption to ``{year: value}``, a step function from its first
    year (before it, the path as it was).  The values obey the assumption's own rules (bounds); the model
    computes what follows.  ``fund``: the fund the option is judged on."""

    type: Literal["policy_path"]
    paths: dict[str, dict[int, float]] = Field(min_length=1)

    @field_validator("paths")
    @classmethod
    def _time_paths_with_values(cls, paths: dict[str, dict[int, float]]) -> dict[str, dict[int, float]]:
        from actuarial.config.registry import REGISTRY

        for name, values in paths.items():
            spec = REGISTRY.get(name)
            if spec is None or spec.kind != "path":
                raise ValueError(f"{name!r} is not a time-path assumption; a policy path sets time paths only")
            if not values:
                raise ValueError(f"{name!r} has no values; give {{year: value}}")
        return paths

    @property
    def first_year(self) -> int:
        """The first year any of its paths changes."""
        return min(min(values) for values in self.paths.values())


OPTION_CLASSES = {cls.model_fields["type"].annotation.__args__[0]: cls for cls in
                  (SpecialBonds, StateCapital, Investment, RateCut, PlatformLevy, EmployerShareSubsidy,
                   PlatformContributions, RetirementAge, Indexation, MinimumYears, MedicalRate, PolicyPath)}
OPTION_TYPES = tuple(OPTION_CLASSES)
YEAR_FIELDS = ("first_year", "last_year", "sale_start_year")


def parse_options(raw: dict, *, file: str, section: str = "options") -> dict[str, Option]:
    """Validate a mapping of options (a study's ``options:``, a scenario's ``financing:``),
    with one-line errors naming file and field."""
    if not isinstance(raw, dict):
        raise AssumptionError(file, section, f"value {shown(raw)} must be a mapping of option names")
    options = {}
    for name, body in raw.items():
        kind = body.get("type") if isinstance(body, dict) else None
        if kind not in OPTION_CLASSES:
            raise AssumptionError(file, f"{section}.{name}.type", f"value {shown(kind)} is not an option type; known: {', '.join(OPTION_TYPES)}")
        try:
            options[name] = OPTION_CLASSES[kind](**body)
        except ValidationError as error:
            raise_validation(error, file, prefix=f"{section}.{name}")
    return options


def check_option_years(options: dict[str, Option], years, *, file: str, section: str = "options") -> None:
    """Every year an option names must lie inside the projection years (one-line error otherwise);
    a sale may start after the horizon (no sale within it)."""
    for name, option in options.items():
        for assumption, values in getattr(option, "paths", {}).items():
            outside = [year for year in values if not years[0] <= year <= years[-1]]
            if outside:
                raise AssumptionError(file, f"{section}.{name}.paths.{assumption}",
                                      f"year {outside[0]} is outside the projection years {years[0]}..{years[-1]}")
        for field in YEAR_FIELDS:
            value = getattr(option, field, None)
            if value is not None and not years[0] <= value <= years[-1] and not (field == "sale_start_year"
                                                                                  and value > years[-1]):
                raise AssumptionError(file, f"{section}.{name}.{field}",
                                      f"value {value} is outside the projection years {years[0]}..{years[-1]}")


__all__ = ["OPTION_CLASSES", "OPTION_TYPES", "Option", "PolicyPath", "check_option_years", "parse_options"]
