"""The path axis through the schemes (issue 14 item 2): a scheme run once on a chunk's stacked set and
projection gives each path's own run, bit for bit (:mod:`tests.stacked`)."""

import pytest

from actuarial.schemes import SCHEMES
from stacked import assert_scheme_stacks


@pytest.mark.parametrize("name", list(SCHEMES))
def test_scheme_runs_a_chunk_of_paths_at_once(name):
    assert_scheme_stacks(name)
