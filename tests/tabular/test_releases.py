"""Release numbers: MAJOR.MINOR.PATCH only, ordered as packaging.version orders them."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from packaging.version import Version

from cmclaims.errors import CmclaimsError
from cmclaims.selection import named_dataset
from cmclaims.tabular.releases import NotAReleaseNumber, release_version
from cmclaims.workflows.release import Repository, check_new_version

PART = st.integers(min_value=0, max_value=10_000)


@given(st.tuples(PART, PART, PART), st.tuples(PART, PART, PART))
def test_release_numbers_order_by_their_parts_not_as_text(a, b):
    first, second = (".".join(map(str, parts)) for parts in (a, b))
    assert (release_version(first) < release_version(second)) == (a < b)
    assert release_version(first) == Version(first)


@pytest.mark.parametrize("version", ["1.0", "1.0.0.0", "01.0.0", "1.00.0", "v1.0.0", "1.0.0rc1", "1.0.0.post1",
                                     "1.0.0+local", " 1.0.0", "1.0.0\n", "", "1.0.-1"])
def test_anything_but_a_plain_release_number_is_refused(version):
    with pytest.raises(NotAReleaseNumber, match="is not MAJOR.MINOR.PATCH") as caught:
        release_version(version)
    assert isinstance(caught.value, CmclaimsError) and isinstance(caught.value, ValueError)


def test_a_new_release_must_be_higher_by_number(tmp_path):
    index = {"releases": [{"version": "1.9.0"}, {"version": "1.10.0"}]}
    check_new_version("1.11.0", index, Repository(tmp_path))
    with pytest.raises(CmclaimsError, match=r"does not increase on the latest release 1\.10\.0"):
        check_new_version("1.9.5", index, Repository(tmp_path))


def test_a_positional_that_is_not_a_release_number_is_read_as_a_folder(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(CmclaimsError, match="no such folder"):
        named_dataset("01.0.0")
    with pytest.raises(CmclaimsError, match="no release '98.0.0'"):
        named_dataset("98.0.0")
