"""Regenerate the broken-input gallery: one folder per case, each loaded by
tests/test_broken_gallery.py and pinned to the one-line message in expected.txt.

Each case is a scenario (``scenario.yaml`` over the shipped China set, with
small CSV tables beside it) or a whole set folder (``set.yaml``).  Run from the
repository root: ``python tests/broken/make_gallery.py``; then review and pin
the messages (``--pin`` writes expected.txt from the current loader).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
CHINA = HERE.parents[1] / "assumptions" / "china"
SET = "name: broken\ndescription: a broken set\nbase_year: 2024\nend_year: 2100\n"
HEAD = "scenario:\n  name: broken\n  description: a broken input for the gallery\n  assumptions: ../../../assumptions/china\n"


def scenario(overrides: str, extra: str = "") -> str:
    return HEAD + extra + "overrides:\n" + overrides


def table_override(name: str, file: str, dims: str) -> str:
    return f"  {name}:\n    table:\n      file: {file}\n      dims: {dims}\n"


def decreasing_schedule() -> pd.DataFrame:
    schedule = pd.read_csv(CHINA / "statutory_retirement_age.csv")
    row = (schedule.group == "male") & (schedule.birth_year == 1970) & (schedule.birth_month == 6)
    schedule.loc[row, "retirement_age"] = 60.0
    return schedule


def cases() -> dict[str, dict[str, str]]:
    base = pd.read_csv(CHINA / "base_population.csv")
    srb = pd.read_csv(CHINA / "sex_ratio_at_birth.csv")
    csv = lambda frame: frame.to_csv(index=False)  # noqa: E731
    pop = lambda: table_override("base_population", "base_population.csv", "[sex, age]")  # noqa: E731
    srb_ref = lambda: table_override("sex_ratio_at_birth", "srb.csv", "[year]")  # noqa: E731
    duplicated = pd.concat([base, base[(base.sex == "female") & (base.age == 40)]])
    negative = base.copy()
    negative.loc[(negative.sex == "male") & (negative.age == 30), "population"] = -5.0
    badsex = base.replace({"sex": {"female": "women"}})
    return {
        "01_unknown_assumption": {"scenario.yaml": scenario("  mortalty:\n    status: assumed\n")},
        "02_unknown_key": {"scenario.yaml": scenario("  fertility_variant:\n    valeu: low\n")},
        "03_fraction_out_of_range": {"scenario.yaml": scenario("  migration_start_share:\n    values:\n      2030: 1.4\n")},
        "04_unknown_choice": {"scenario.yaml": scenario("  fertility_variant:\n    value: mediun\n")},
        "05_path_year_outside_horizon": {"scenario.yaml": scenario("  migration_start_share:\n    values:\n      2150: 0.5\n")},
        "06_table_year_outside_horizon": {
            "scenario.yaml": scenario(srb_ref()),
            "srb.csv": csv(pd.concat([srb, pd.DataFrame({"year": [2101], "srb": [1.06]})])),
        },
        "07_table_missing_year": {"scenario.yaml": scenario(srb_ref()), "srb.csv": csv(srb[srb.year != 2057])},
        "08_duplicated_age": {"scenario.yaml": scenario(pop()), "base_population.csv": csv(duplicated)},
        "09_missing_age": {
            "scenario.yaml": scenario(pop()),
            "base_population.csv": csv(base[~((base.sex == "male") & (base.age == 87))]),
        },
        "10_negative_count": {"scenario.yaml": scenario(pop()), "base_population.csv": csv(negative)},
        "11_declared_dims_mismatch": {
            "scenario.yaml": scenario(table_override("base_population", "base_population.csv", "[age, sex]")),
            "base_population.csv": csv(base),
        },
        "12_columns_mismatch": {"scenario.yaml": scenario(pop()), "base_population.csv": csv(base.assign(region="all"))},
        "13_unit_mismatch": {"scenario.yaml": scenario("  mortality:\n    unit: persons\n")},
        "14_assumed_without_reason": {"scenario.yaml": scenario("  migration_start_share:\n    reason: null\n")},
        "15_duplicated_yaml_key": {"scenario.yaml": scenario("  fertility_variant:\n    value: low\n    value: high\n")},
        "16_end_year_outside_horizon": {"scenario.yaml": scenario("  {}\n", extra="  end_year: 2150\n").replace("overrides:\n  {}", "overrides: {}")},
        "17_not_a_number": {"scenario.yaml": scenario(srb_ref()), "srb.csv": csv(srb.astype({"srb": object}).replace({"srb": {srb.srb.iloc[5]: "n/a"}}))},
        "18_unknown_sex_label": {"scenario.yaml": scenario(pop()), "base_population.csv": csv(badsex)},
        "19_set_unknown_key": {
            "set.yaml": f"{SET}schemes: [pension_employee]\nhorizon: 2100\n",
        },
        "20_wrong_type": {"scenario.yaml": scenario("  migration_start_share:\n    values:\n      2030: half\n")},
        "21_unknown_status": {"scenario.yaml": scenario("  mortality:\n    status: official\n")},
        "22_negative_speed": {"scenario.yaml": scenario("  ai_adoption_speed:\n    value: -0.1\n")},
        "23_midpoint_outside_horizon": {"scenario.yaml": scenario("  ai_adoption_midpoint:\n    value: 2150\n")},
        "24_shares_do_not_sum_to_one": {
            "scenario.yaml": scenario(table_override("ai_destination_shares", "destinations.csv", "[destination]")),
            "destinations.csv": "destination,share\nplatform,0.5\nself_employed,0.25\nunemployed,0.2\ninactive,0.15\n",
        },
        "25_decreasing_schedule": {
            "scenario.yaml": scenario(table_override("statutory_retirement_age", "schedule.csv", "[group, birth_year, birth_month]")),
            "schedule.csv": csv(decreasing_schedule()),
        },
        "26_scalar_not_a_number": {"scenario.yaml": scenario("  employment_target:\n    value: many\n")},
        "27_employer_rate_as_percent": {"scenario.yaml": scenario("  employer_pension_rate:\n    values:\n      2026: 16\n")},
        "28_divisor_missing_age": {
            "scenario.yaml": scenario(table_override("account_divisor", "divisor.csv", "[age]")),
            "divisor.csv": csv(pd.read_csv(CHINA / "account_divisor.csv").query("age != 63")),
        },
        "29_density_above_one": {
            "scenario.yaml": scenario(table_override("contribution_density_relative", "density.csv", "[status]")),
            "density.csv": "status,relative_density\nstandard,1.0\nnonstandard,0.75\nplatform,1.35\nself_employed,0.15\n",
        },
        "30_financing_zero_maturity": {"scenario.yaml": scenario("  {}\n").replace("overrides:\n  {}\n", "overrides: {}\n") + (
            "financing:\n  bonds:\n    type: special_bonds\n    description: bonds\n    source: assumed, test\n"
            "    rule: fixed\n    issuance_pct_gdp: 0.01\n    first_year: 2030\n    last_year: 2040\n"
            "    coupon: 0.02\n    maturity: 0\n    serviced_by: treasury\n")},
        "31_financing_unknown_option": {"scenario.yaml": scenario("  {}\n").replace("overrides:\n  {}\n", "overrides: {}\n") + (
            "financing:\n  lottery:\n    type: national_lottery\n    description: x\n    source: y\n")},
        "32_set_unknown_scheme": {"set.yaml": f"{SET}schemes: [pension_employee, unemployment]\n"},
        "33_set_scheme_before_its_base": {"set.yaml": f"{SET}schemes: [pension_resident, pension_employee]\n"},
        "34_set_without_schemes": {"set.yaml": SET},
        "35_flexible_members_above_active": {
            "scenario.yaml": scenario("  medical_flexible_active_target:\n    value: 3.0e+8\n")},
        "36_beneficiaries_above_participants": {
            "scenario.yaml": scenario("  resident_beneficiaries_target:\n    value: 6.0e+8\n")},
        "37_financing_option_on_a_fund_it_cannot_act_on": {
            "scenario.yaml": scenario("  {}\n").replace("overrides:\n  {}\n", "overrides: {}\n") + (
                "financing:\n  cut:\n    type: rate_cut\n    fund: medical_resident\n    description: x\n    source: y\n"
                "    employer_cut: 0.01\n    flexible_cut: 0.01\n    first_year: 2026\n    declared_base_elasticity: 0.0\n"
                "    coverage_elasticity: {standard: 0, nonstandard: 0, platform: 0, self_employed: 0}\n")},
        "38_zero_average_wage": {"scenario.yaml": scenario("  average_wage_private:\n    value: 0.0\n")},
    }


def main(pin: bool) -> None:
    sys.path.insert(0, str(HERE.parent))
    for name, files in cases().items():
        folder = HERE / name
        folder.mkdir(exist_ok=True)
        for file, text in files.items():
            (folder / file).write_text(text, encoding="utf-8")
        if pin:
            from test_broken_gallery import load_case  # noqa: PLC0415

            message = load_case(folder)
            (folder / "expected.txt").write_text(message + "\n", encoding="utf-8")
            print(f"{name}: {message}")


if __name__ == "__main__":
    main(pin="--pin" in sys.argv)
