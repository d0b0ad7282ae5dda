"""The one vocabulary, the guard sentences and the page registry."""

from __future__ import annotations

from pathlib import Path

from roi_core import LESSON_PRESET, Rect, lesson_feature_map, map_geometry, trace_roi_pool
from roi_core.validation import POOLINGS, QUANTIZATIONS, SAMPLE_LAYOUTS
from roi_ui.session.registry import HOME, LESSONS, PAGES, lesson, markdown_table, next_page
from roi_ui.words import conventions
from roi_ui.words.notes import bin_notes, guarded, pooling_notes, quantization_notes

ROOT = Path(__file__).resolve().parents[2]


def test_every_core_choice_has_one_name_and_a_source():
    for setting, core in (
        (conventions.QUANTIZATION, QUANTIZATIONS),
        (conventions.LAYOUT, SAMPLE_LAYOUTS),
        (conventions.POOLING, POOLINGS),
    ):
        assert sorted(setting.values) == sorted(core)
    assert conventions.QUANTIZATION["floor"].label == "floor (the slides)"
    assert conventions.LAYOUT["centered"].short == "centred"
    assert conventions.POOLING["avg"].short == "average"
    assert conventions.QUANTIZATION["round"].colour.name == "reddish purple"


def test_summaries_of_the_preset():
    assert conventions.align_short(LESSON_PRESET) == "2 x 2 spaced · max · aligned=True"
    assert conventions.pooling_title(LESSON_PRESET) == "RoI Pooling, floor (the slides)"
    assert "cell centres at c + 0.5" in conventions.align_conventions(LESSON_PRESET)


def test_guard_sentences_name_their_axis():
    geometry = map_geometry(800, 576, 32)
    thin = trace_roi_pool(lesson_feature_map(), Rect.from_xywh(300, 210, 5, 180), geometry, 7, "floor")
    assert quantization_notes(thin.quantized) == [
        "width: the box spans 0.156 cells, which floors to 0; it is given 1 cell"
    ]
    assert bin_notes(thin)[0].startswith("height: 5 cells / 7 bins floors to 0")
    assert guarded(thin.bin_guards) and len(pooling_notes(thin)) == 3
    preset = trace_roi_pool(lesson_feature_map(), LESSON_PRESET.box_rect, geometry, 3, "round")
    assert pooling_notes(preset) == [] and not guarded(preset.bin_guards)


def test_the_registry_lists_every_page_file_in_lesson_order():
    paths = sorted((ROOT / "pages").glob("*.py"), key=lambda path: int(path.name.partition("_")[0]))  # Streamlit's
    files = [str(path.relative_to(ROOT)) for path in paths]
    assert [page.file for page in LESSONS] == files
    assert [page.number for page in PAGES] == list(range(len(PAGES)))
    assert lesson(3).label == "3 · RoI Pooling" and lesson(3).url_path == "RoI_Pooling"
    assert next_page(HOME) == lesson(1) and next_page(LESSONS[-1]) is None


def test_the_readmes_page_table_is_the_registrys():
    assert markdown_table() in (ROOT / "README.md").read_text()


def test_every_colours_ink_reads_on_white_and_keeps_its_hue():
    from roi_ui.words import palette

    for colour in (value for value in vars(palette).values() if isinstance(value, palette.Colour)):
        if colour.hex.upper() in ("#FFFFFF", "#000000"):
            continue
        ink = [int(colour.ink[i : i + 2], 16) for i in (1, 3, 5)]
        assert palette._contrast_on_white(ink) >= 4.5, colour.name
        original = [int(colour.hex[i : i + 2], 16) for i in (1, 3, 5)]
        factor = max(ink) / max(original)  # a darker shade: every channel scaled by the same factor
        assert factor <= 1 and all(abs(b - a * factor) <= 1 for a, b in zip(original, ink, strict=True)), colour.name
    assert palette.BLACK.ink == "#000000" and palette.BLUE.ink == palette.BLUE.hex  # already dark enough: unchanged
    assert palette.VERMILLION.ink != palette.VERMILLION.hex
