"""``roi_ui.session.params``: every parameter round-trips through a URL; bad text is rejected with a notice."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from roi_core import LESSON_PRESET
from roi_ui.session.params import PARAMS, defaults, parse_query, to_query
from roi_ui.words.conventions import ALIGNED, LAYOUT, POOLING, QUANTIZATION, SAMPLING


def test_defaults_are_the_lesson_preset():
    values = defaults()
    assert (values["x"], values["y"], values["w"], values["h"]) == LESSON_PRESET.box
    assert (
        values["stride"],
        values["out"],
        values["quant"],
        values["sr"],
        values["layout"],
        values["pool"],
        values["aligned"],
    ) == (32, 3, "floor", 2, "spaced", "max", True)


def test_choices_are_the_vocabularys():
    for setting in (QUANTIZATION, SAMPLING, LAYOUT, POOLING):
        for value in setting.values:
            assert parse_query({setting.param: str(value)})[0][setting.param] == value
    assert parse_query({ALIGNED.param: "0"})[0]["aligned"] is False


def test_a_valid_query_round_trips():
    values, notices = parse_query({"x": "12", "stride": "16", "quant": "ROUND", "aligned": "no", "layout": "centered"})
    assert not notices
    assert (values["x"], values["stride"], values["quant"], values["aligned"]) == (12, 16, "round", False)
    assert parse_query(to_query(values)) == (values, [])


def test_bad_values_keep_the_preset_and_say_why_in_plain_text():
    values, notices = parse_query({"stride": "0", "x": "<script>alert(1)</script>", "nonsense": "1", "w": "9" * 60})
    assert values == defaults()
    assert len(notices) == 3  # unknown names are ignored
    assert any("stride='0'" in n and "must be one of 8, 16, 32, 64" in n for n in notices)
    assert any("…" in n for n in notices)  # a long value is cut


@given(st.dictionaries(st.sampled_from(sorted(PARAMS)), st.text(max_size=20)))
def test_any_query_parses_to_valid_values(query):
    values, _ = parse_query(query)
    assert parse_query(to_query(values)) == (values, [])


def test_a_former_links_posts_image_opens_the_posts_example():
    """Links (and printed handouts' QR codes) made when the image choice was "posts" still open that example."""
    values, notices = parse_query({"image": "posts", "book": "d2l-rcnn", "x": "296"})
    assert (values["image"], values["book"], values["x"]) == ("book", "erdem-roi", 296) and not notices
    assert parse_query({"image": "nope"})[1]  # any other unknown value is still refused, with a notice
