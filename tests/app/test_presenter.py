"""Presenter mode: no sidebar, a bar of links and settings, one section at a time, larger type."""

from __future__ import annotations

from pathlib import Path

import pytest
import segno

from roi_ui.images.qr import qr_png
from roi_ui.plot.theme import PRESENTER_SCALE, TYPE
from roi_ui.session.presenter import ADDRESS_VARIABLE
from roi_ui.session.registry import lesson
from tests.app.helpers import figure, page_text, run_page, run_page_home

PAGE_1 = "1_Image_to_feature_map.py"


def drawn(at, key: str) -> bool:
    return any(chart.proto.id.endswith(f"-{key}") for chart in at.get("plotly_chart"))


def styles(at) -> str:
    return "\n".join(element.proto.body for element in at.get("html"))


@pytest.mark.parametrize(
    ("slide", "shown", "hidden"), [("1", "map_cells", "object_values"), ("2", "object_values", "map_cells")]
)
def test_presenter_mode_shows_one_section_at_a_time(slide, shown, hidden):
    at = run_page(PAGE_1, present="1", slide=slide)
    assert drawn(at, shown) and not drawn(at, hidden)
    titles = lesson(1).sections
    assert any(f"{titles[int(slide) - 1]} ({slide} of {len(titles)})" in md.value for md in at.markdown)
    assert not at.sidebar.get("button")  # the settings are in the top bar's pop-over


def test_normal_mode_shows_every_section_under_its_title():
    at = run_page(PAGE_1)
    assert [sub.value for sub in at.subheader] == list(lesson(1).sections)
    assert any(button.label == "Presenter mode" for button in at.sidebar.button)


def test_presenter_mode_enlarges_body_and_figure_text():
    normal, presenting = run_page(PAGE_1, slide="2"), run_page(PAGE_1, present="1", slide="2")
    assert "font-size: 20px" in styles(presenting) and "font-size: 20px" not in styles(normal)
    sizes = [figure(at, "object_values")["layout"]["font"]["size"] for at in (normal, presenting)]
    assert sizes == [TYPE.body, round(TYPE.body * PRESENTER_SCALE)]


def test_the_presenter_button_switches_the_mode_and_back():
    at = run_page(PAGE_1)
    next(button for button in at.sidebar.button if button.label == "Presenter mode").click().run()
    assert at.query_params["present"] == "1"
    next(button for button in at.button if button.label == "Leave presenter mode").click().run()
    assert "present" not in at.query_params  # off: the preset, left out of the link
    assert at.sidebar.get("page_link")


def test_presenter_home_shows_the_class_address_and_its_qr_code(monkeypatch):
    monkeypatch.setenv(ADDRESS_VARIABLE, "http://192.168.1.23:8501")
    at = run_page_home(present="1")
    assert [code.value for code in at.code] == ["http://192.168.1.23:8501"]
    image = at.get("image")[0].proto.imgs[0]
    assert image.alt == "QR code of the address http://192.168.1.23:8501" and image.url.endswith(".png")
    assert not run_page_home().code  # normal mode: no invitation


@pytest.mark.parametrize("address", ["", "javascript:alert(1)", "http://x/[link](y)", "http://" + "a" * 200])
def test_no_invitation_without_a_plain_address(monkeypatch, address):
    monkeypatch.setenv(ADDRESS_VARIABLE, address)
    assert not run_page_home(present="1").code


def test_the_qr_code_holds_the_address():
    png = qr_png("http://192.168.1.23:8501")
    assert png.startswith(b"\x89PNG") and qr_png("http://192.168.1.23:8501") is png  # cached
    assert segno.make("http://192.168.1.23:8501", error="m").version == 2  # 25 modules: large at 10 px each


@pytest.mark.parametrize("lesson_page", range(1, 8))
def test_no_page_sends_a_presenter_to_a_sidebar_it_does_not_have(lesson_page):
    text = page_text(run_page(Path(lesson(lesson_page).file).name, present="1", image="upload", pool="avg"))
    assert "in the sidebar" not in text and "sidebar's" not in text
