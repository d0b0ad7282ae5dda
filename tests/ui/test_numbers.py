"""``roi_ui.words.numbers``: one rounding rule (half away from zero, as the slides), units named."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from roi_ui.words import numbers


@pytest.mark.parametrize(
    ("value", "decimals", "expected"),
    [
        (6.5625, 3, "6.563"),  # the slides' y1 (Python's own formatting gives 6.562)
        (16.5625, 3, "16.563"),
        (12.1875, 3, "12.188"),
        (9.375, 3, "9.375"),
        (7.0, 3, "7"),
        (2160.0, 0, "2160"),
        (-0.0001, 3, "0"),
        (-2.5, 0, "-3"),  # away from zero, on both sides
        (0.285, 2, "0.29"),  # the decimal the learner reads, not its binary neighbour
    ],
)
def test_num_rounds_half_away_from_zero_and_drops_trailing_zeros(value, decimals, expected):
    assert numbers.num(value, decimals) == expected


def test_fixed_keeps_every_decimal_and_never_writes_minus_zero():
    assert numbers.fixed(1.0, 1) == "1.0"
    assert numbers.fixed(0.2, 2) == "0.20"
    assert numbers.fixed(-0.0004, 3) == "0.000"
    assert numbers.fixed(float("nan"), 2) == "nan"


def test_units_are_named():
    assert numbers.px(12.25) == "12.3 px"
    assert numbers.px2(41400.4) == "41,400 px²"
    assert numbers.cells(7.1875) == "7.188 cells"
    assert numbers.pair(9.375, 6.5625) == "(9.375, 6.563)"
    assert numbers.signed(0.12) == "+0.12" and numbers.signed(-0.3) == "-0.3" and numbers.signed(0.0) == "0"
    assert numbers.count(1, "cell") == "1 cell" and numbers.count(0, "cell") == "0 cells"


def test_fixed_grid_prints_each_value_with_its_sign_on_request():
    grid = numbers.fixed_grid(np.array([[0.1, -0.2, 0.0004]]), 3, sign=True)
    assert grid == [["+0.100", "-0.200", "0.000"]]


@given(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), st.integers(min_value=0, max_value=6))
def test_num_is_within_half_a_unit_of_the_value(value, decimals):
    assert abs(float(numbers.num(value, decimals)) - value) <= 0.5 * 10**-decimals + 1e-9 * max(1, abs(value))


@given(st.decimals(min_value=-10_000, max_value=10_000, places=6, allow_nan=False), st.integers(0, 4))
def test_the_rule_is_half_away_from_zero_on_the_decimal_the_learner_reads(value, decimals):
    expected = f"{value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP):f}".lstrip("-")
    sign = "-" if value < 0 and any(d in expected for d in "123456789") else ""
    assert numbers.fixed(float(value), decimals) == sign + expected
    assert numbers.fixed_grid([[float(value)]], decimals) == [[sign + expected]]


@given(st.lists(st.floats(min_value=-1e6, max_value=1e6, allow_nan=False), min_size=1, max_size=20), st.integers(0, 4))
def test_arrays_and_single_numbers_are_written_by_the_same_rule(values, decimals):
    assert numbers.fixed_grid(values, decimals) == [numbers.fixed(v, decimals) for v in values]


def test_an_empty_window_writes_nothing():
    assert numbers.fixed_grid(np.zeros((0, 3)), 2) == []
    assert numbers.fixed_grid(np.zeros((2, 0)), 2) == [[], []]


def test_a_markdown_list_bolds_each_rows_first_column():
    rows = [{"cell": "(6, 9)", "value": "0.9", "weight": "0.8021"}, {"cell": "(7, 9)", "value": "0.6", "weight": "0"}]
    assert (
        numbers.markdown_list(rows)
        == "- **cell (6, 9)**: value 0.9, weight 0.8021\n- **cell (7, 9)**: value 0.6, weight 0"
    )
