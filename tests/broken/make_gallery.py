"""Regenerate the broken-input gallery: one folder per case, each run through the command line by
tests/test_broken_gallery.py and pinned to the one-line message in expected.txt.

Each case is a scenario (``scenario.yaml`` over the shipped China set, with
small CSV tables beside it; run with ``actuarial run``), a whole set folder
(``set.yaml``; run through a scenario naming it) or a study (``study.yaml``;
run with ``actuarial compare``).  Cases are grouped by class: input files
(01-31, 39-52), set and scheme lists (19, 32-34), semantic bounds and
cross-field rules (35-38, 53-60, 67-68), override semantics (61-63), financing
options and studies (30, 31, 37, 56, 57, 64-66).  Run from the repository
root: ``python tests/broken/make_gallery.py``; then review and pin the
messages (``--pin`` writes expected.txt from the current command line).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pandas as pd

HERE = Path(__file__).resolve().parent
CHINA = HERE.parents[1] / "assumptions" / "china"
SET = "name: broken\ndescription: a broken set\nbase_year: 2024\nend_year: 2100\n"
HEAD = "scenario:\n  name: broken\n  description: a broken input for the gallery\n  assumptions: ../../../assumptions/china\n"


STUDY_HEAD = ("study:\n  name: broken\n  description: a broken study for the gallery\n"
              "  scenario: ../../../projections/ai_central.yaml\n")
LEVY = ("options:\n  levy:\n    type: platform_levy\n    description: x\n    source: y\n    rate: 0.01\n"
        "    revenue_per_earnings: 0.3\n    first_year: 2026\n")


class Symlink(str):
    """A file of a case that is a symbolic link to this target."""


def study(mixes: str) -> str:
    return STUDY_HEAD + LEVY + mixes


def exodus() -> pd.DataFrame:
    migration = pd.read_csv(CHINA / "migration.csv")
    migration.loc[migration.age >= 50, "net_migrants"] = -3.0e6
    return migration


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
            "density.csv": "status,relative_density\nstandard,1.0\nnonstandard,0.75\nplatform,1.35\nself_employed,0.35\nfarm,0.0\n",
        },
        "30_financing_zero_maturity": {"scenario.yaml": scenario("  {}\n").replace("overrides:\n  {}\n", "overrides: {}\n") + (
            "financing:\n  bonds:\n    type: special_bonds\n    description: bonds\n    source: assumed, test\n"
            "    rule: fixed\n    issuance_pct_gdp: 0.01\n    first_year: 2030\n    last_year: 2040\n"
            "    coupon: 0.02\n    maturity: 0\n    serviced_by: treasury\n")},
        "31_financing_unknown_option": {"scenario.yaml": scenario("  {}\n").replace("overrides:\n  {}\n", "overrides: {}\n") + (
            "financing:\n  lottery:\n    type: national_lottery\n    description: x\n    source: y\n")},
        "32_set_unknown_scheme": {"set.yaml": f"{SET}schemes: [pension_employee, long_term_care]\n"},
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
                "    coverage_elasticity: {standard: 0, nonstandard: 0, platform: 0, self_employed: 0, farm: 0}\n")},
        "38_zero_average_wage": {"scenario.yaml": scenario("  average_wage_private:\n    value: 0.0\n")},
        # ------------------------------------------------------------ guarded readers
        "39_scenario_binary": {"scenario.yaml": HEAD.encode() + b"overrides: {}\n\x00\x01\x02\xff"},
        "40_scenario_latin1": {"scenario.yaml": (HEAD.replace("a broken input", "caf\u00e9") + "overrides: {}\n").encode("latin-1")},
        "41_scenario_is_a_folder": {"scenario.yaml/README.md": "a folder where the scenario file should be\n"},
        "42_scenario_is_a_device": {"scenario.yaml": Symlink("/dev/zero")},
        "43_table_symlink_loop": {"scenario.yaml": scenario(srb_ref()), "srb.csv": Symlink("srb.csv")},
        "44_table_is_a_folder": {"scenario.yaml": scenario(table_override("sex_ratio_at_birth", "tables", "[year]")),
                                 "tables/README.md": "a folder named as a table\n"},
        "45_yaml_alias_bomb": {"scenario.yaml": scenario("  {}\n").replace("overrides:\n  {}\n", "overrides: {}\n")
                               + "bomb:\n  a: &a [x, x, x, x, x, x, x, x, x]\n  b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n"
                               "  c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\n"},
        "46_yaml_merge_key": {"scenario.yaml": scenario("  fertility_variant:\n    <<: {value: low}\n")},
        "47_yaml_nested_too_deep": {"scenario.yaml": scenario("  fertility_variant:\n    value: " + "[" * 20000 + "]" * 20000 + "\n")},
        "48_table_outside_its_folder": {"scenario.yaml": scenario(table_override(
            "sex_ratio_at_birth", "../../../assumptions/china/sex_ratio_at_birth.csv", "[year]"))},
        "49_integer_too_large": {"scenario.yaml": scenario("  ai_adoption_speed:\n    value: 1" + "0" * 400 + "\n")},
        "50_top_level_not_a_mapping": {"scenario.yaml": "- scenario\n- overrides\n"},
        "51_empty_scenario": {"scenario.yaml": ""},
        "52_long_value_shortened": {"scenario.yaml": scenario("  fertility_variant:\n    value: " + "x" * 5000 + "\n")},
        # ------------------------------------------------------------ semantic bounds and cross-field rules
        "53_fund_balance_overflow": {"scenario.yaml": scenario("  pension_fund_balance_base:\n    value: 1.0e+308\n")},
        "54_negative_published_balance": {"scenario.yaml": scenario("  medical_pooled_balance_base:\n    value: -1.0e+9\n")},
        "55_total_fertility_35": {"scenario.yaml": scenario(table_override("fertility", "fertility.csv", "[variant, year, age]")),
                                  "fertility.csv": csv(pd.read_csv(CHINA / "fertility.csv").assign(asfr=1.0))},
        "56_infinite_state_capital": {"scenario.yaml": scenario("  {}\n").replace("overrides:\n  {}\n", "overrides: {}\n") + (
            "financing:\n  capital:\n    type: state_capital\n    description: x\n    source: y\n    transfer: .inf\n"
            "    first_year: 2026\n    dividend_yield: 0.03\n    value_growth: 0.03\n    sale_share_per_year: 0.0\n"
            "    sale_start_year: 2100\n")},
        "57_state_capital_beyond_plausible": {"scenario.yaml": scenario("  {}\n").replace("overrides:\n  {}\n", "overrides: {}\n") + (
            "financing:\n  capital:\n    type: state_capital\n    description: x\n    source: y\n    transfer: 1.0e+300\n"
            "    first_year: 2026\n    dividend_yield: 0.03\n    value_growth: 0.03\n    sale_share_per_year: 0.0\n"
            "    sale_start_year: 2100\n")},
        "58_mass_emigration_empties_pensioner_cohorts": {
            "scenario.yaml": scenario(table_override("migration", "migration.csv", "[year, sex, age]"), extra="  end_year: 2040\n"),
            "migration.csv": csv(exodus())},
        "59_resident_return_defeats_calibration": {
            "scenario.yaml": scenario("  resident_fund_return:\n    values:\n      2025: 0.15\n", extra="  end_year: 2030\n")},
        "60_contribution_rates_zero_defeat_calibration": {"scenario.yaml": scenario(
            "".join(f"  {name}:\n    values:\n      2025: 0.0\n" for name in
                    ("employer_pension_rate", "worker_pension_rate", "flexible_pension_rate")), extra="  end_year: 2030\n")},
        "67_no_standard_workers": {"scenario.yaml": scenario("  standard_target:\n    value: 0.0\n")},
        "68_no_pensioners_a_year_before": {"scenario.yaml": scenario("  pensioners_previous_year:\n    value: 0.0\n")},
        "70_unemployment_take_up_above_one": {
            "scenario.yaml": scenario("  unemployment_beneficiaries_target:\n    value: 1.0e+8\n")},
        # ------------------------------------------------------------ override semantics
        "61_merge_values_not_a_boolean": {"scenario.yaml": scenario("  inflation:\n    merge_values: sometimes\n    values:\n      2025: 0.0\n")},
        "62_merge_values_without_values": {"scenario.yaml": scenario("  inflation:\n    merge_values: true\n    description: x\n")},
        "63_replaced_path_starts_late": {"scenario.yaml": scenario("  inflation:\n    values:\n      2030: 0.0\n")},
        # ------------------------------------------------------------ studies (through actuarial compare)
        "64_study_option_twice_in_a_mix": {"study.yaml": study("mixes:\n  twice: [levy, levy]\n")},
        "65_study_without_options": {"study.yaml": STUDY_HEAD + "options: {}\n"},
        "66_study_unknown_option_in_mix": {"study.yaml": study("mixes:\n  odd: [levy, lottery]\n")},
    }


def main(pin: bool) -> None:
    sys.path.insert(0, str(HERE.parent))
    for name, files in cases().items():
        folder = HERE / name
        folder.mkdir(exist_ok=True)
        for file, content in files.items():
            path = folder / file
            path.parent.mkdir(parents=True, exist_ok=True)
            if isinstance(content, Symlink):
                path.unlink(missing_ok=True)
                path.symlink_to(content)
            elif isinstance(content, bytes):
                path.write_bytes(content)
            else:
                path.write_text(content, encoding="utf-8")
        if pin:
            from test_broken_gallery import run_case  # noqa: PLC0415

            message = run_case(folder)
            (folder / "expected.txt").write_text(message + "\n", encoding="utf-8")
            print(f"{name}: {message}")


if __name__ == "__main__":
    main(pin="--pin" in sys.argv)
