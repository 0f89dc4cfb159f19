"""Assumption loading: deep merge, step functions, freezing, hashing, horizons."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from actuarial import AssumptionError, load_assumption_set, load_scenario
from actuarial.config.loader import deep_merge

from conftest import ROOT

HEAD = "scenario:\n  name: test\n  description: a test scenario\n  assumptions: {set}\n"


def write_scenario(tmp_path, overrides: str, extra: str = "", name: str = "scenario.yaml"):
    path = tmp_path / name
    path.write_text(HEAD.format(set=ROOT / "assumptions" / "china") + extra + "overrides:\n" + overrides)
    return path


def test_deep_merge_merges_mappings_and_replaces_the_rest():
    base = {"a": {"values": {2025: 1.0, 2030: 2.0}, "unit": "x"}, "b": [1, 2]}
    merged = deep_merge(base, {"a": {"values": {2030: 3.0, 2040: 4.0}}, "b": [3]})
    assert merged == {"a": {"values": {2025: 1.0, 2030: 3.0, 2040: 4.0}, "unit": "x"}, "b": [3]}
    assert base["a"]["values"] == {2025: 1.0, 2030: 2.0}  # inputs untouched


def test_time_path_is_a_step_function_and_merge_values_merges_by_year(tmp_path):
    path = write_scenario(tmp_path, "  migration_start_share:\n    merge_values: true\n    values:\n      2040: 0.25\n"
                                    "      2060: 1.0\n")
    share = load_scenario(path).data("migration_start_share")
    assert share.sel(year=2039).item() == 0.5  # base value from 2025 holds
    assert share.sel(year=2040).item() == 0.25 and share.sel(year=2059).item() == 0.25
    assert share.sel(year=2100).item() == 1.0
    assert share["year"].values[0] == 2025


def test_an_overridden_time_path_replaces_the_base_path(tmp_path):
    """What the scenario writes is what runs: one value holds for every year, the base path's later keys are gone."""
    path = write_scenario(tmp_path, "  inflation:\n    values:\n      2025: 0.0\n")
    inflation = load_scenario(path).data("inflation")
    assert np.all(inflation.values == 0.0)
    path = write_scenario(tmp_path, "  inflation:\n    values:\n      2030: 0.01\n")
    with pytest.raises(AssumptionError, match=r"inflation.values: first year 2030 is after 2025; the path must cover "
                                              "every projection year"):
        load_scenario(path)


def test_other_fields_of_an_override_merge_into_the_base_entry(tmp_path):
    path = write_scenario(tmp_path, "  inflation:\n    description: zero inflation\n    values:\n      2025: 0.0\n")
    entry = load_scenario(path)["inflation"]
    assert entry.description == "zero inflation" and entry.unit == "per_year" and entry.references  # unit, sources kept


def test_merge_values_must_be_a_boolean_beside_values(tmp_path):
    path = write_scenario(tmp_path, "  inflation:\n    merge_values: yes please\n    values:\n      2025: 0.0\n")
    with pytest.raises(AssumptionError, match="overrides.inflation.merge_values: value 'yes please' must be true or false"):
        load_scenario(path)
    path = write_scenario(tmp_path, "  inflation:\n    merge_values: true\n    description: x\n")
    with pytest.raises(AssumptionError, match="applies to a 'values' override"):
        load_scenario(path)


def test_path_over_years_takes_the_first_projection_value_for_the_base_year(baseline):
    years = np.arange(baseline.base_year, baseline.end_year + 1)
    for name, assumption in baseline.items.items():
        if assumption.data is None or assumption.data.dims != ("year",):
            continue
        expected = assumption.data.reindex(year=years, method="nearest").values  # the rule the stages used
        values = baseline.path(name, years)
        assert values.dtype == np.float64 and np.array_equal(values, expected), name
    share = baseline.path("migration_start_share", [2000, baseline.base_year, 2030])
    assert np.array_equal(share, baseline.data("migration_start_share").sel(year=[2025, 2025, 2030]).values)
    values = baseline.path("inflation", years)
    values[:] = 123.0  # a new, writeable array: the set stays untouched
    assert not np.any(baseline.data("inflation").values == 123.0)


def test_path_after_the_end_or_of_a_non_path_is_an_error(baseline):
    with pytest.raises(ValueError, match="inflation has no value for year 2101; its last year is 2100"):
        baseline.path("inflation", [2099, 2100, 2101])
    with pytest.raises(ValueError, match="mortality is not a time path"):
        baseline.path("mortality", [2030])


def test_loaded_set_is_frozen(baseline):
    with pytest.raises(dataclasses.FrozenInstanceError):
        baseline.end_year = 2050
    with pytest.raises(TypeError):
        baseline.items["mortality"] = None
    with pytest.raises(ValueError):
        baseline.data("mortality").values[0, 0, 0] = 1.0


def test_set_and_baseline_scenario_agree_and_hash_changes_with_overrides(baseline, tmp_path):
    plain = load_assumption_set(ROOT / "assumptions" / "china")
    np.testing.assert_array_equal(plain.data("mortality").values, baseline.data("mortality").values)
    assert plain.digest == baseline.digest
    changed = load_scenario(write_scenario(tmp_path, "  fertility_variant:\n    value: high\n"))
    assert changed.digest != baseline.digest
    assert changed["fertility_variant"].choice == "high"
    assert changed["fertility_variant"].files[-1].endswith("scenario.yaml")


def test_scenario_end_year_shortens_every_year_dimension(tmp_path):
    path = tmp_path / "short.yaml"
    path.write_text(HEAD.format(set=ROOT / "assumptions" / "china") + "  end_year: 2050\noverrides: {}\n")
    short = load_scenario(path)
    assert short.years[-1] == 2050
    for name in ("mortality", "fertility", "migration", "sex_ratio_at_birth", "migration_start_share"):
        assert short.data(name)["year"].values[-1] == 2050


def test_table_override_resolves_relative_to_the_scenario(tmp_path, baseline):
    frame = baseline.data("sex_ratio_at_birth").to_dataframe().reset_index()
    frame["srb"] = 1.2
    frame[["year", "srb"]].to_csv(tmp_path / "srb.csv", index=False)
    path = write_scenario(tmp_path, "  sex_ratio_at_birth:\n    table:\n      file: srb.csv\n")
    loaded = load_scenario(path)
    assert np.all(loaded.data("sex_ratio_at_birth").values == 1.2)
    assert loaded["sex_ratio_at_birth"].description == baseline["sex_ratio_at_birth"].description


def test_every_shipped_assumption_has_a_source_or_a_reason(baseline):
    for assumption in baseline.items.values():
        if assumption.status == "assumed":
            assert assumption.reason and len(assumption.reason) > 20
        else:
            assert assumption.references and all(ref.title for ref in assumption.references)


def test_missing_required_assumption_is_an_error(tmp_path):
    folder = tmp_path / "set"
    folder.mkdir()
    (folder / "set.yaml").write_text("name: tiny\ndescription: empty set\nbase_year: 2024\nend_year: 2030\nschemes: [pension_employee]\n")
    with pytest.raises(AssumptionError, match="base_population: required assumption is missing"):
        load_assumption_set(folder)


def test_mortality_at_the_open_age_must_be_positive(tmp_path, baseline):
    frame = baseline.data("mortality").to_dataframe().reset_index()
    frame.loc[(frame["sex"] == "female") & (frame["age"] == 100) & (frame["year"] == 2030), "mortality"] = 0.0
    frame.rename(columns={"mortality": "mx"})[["year", "sex", "age", "mx"]].to_csv(tmp_path / "mx.csv", index=False)
    path = write_scenario(tmp_path, "  mortality:\n    table:\n      file: mx.csv\n")
    with pytest.raises(AssumptionError) as error:
        load_scenario(path)
    assert str(error.value).endswith("mx.csv: mx: value 0.0 for female age 100 in 2030 must be positive at the open age 100+ (person-years above it are l(100) / m(100))")
