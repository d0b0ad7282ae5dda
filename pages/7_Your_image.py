"""Lesson 7: upload a photo, drag the RoI, and see both methods' error on real pixels."""

import streamlit as st

from roi_ui.images.pictures import box_picture, output_picture
from roi_ui.images.store import display_image
from roi_ui.lessons import your_image as lesson
from roi_ui.session import registry, traces
from roi_ui.session.charts import chart
from roi_ui.session.page import next_link, setup_page, title
from roi_ui.session.presenter import deck
from roi_ui.session.selection import bin_click, box_drag, cell_bins, chosen_bin, last_drag
from roi_ui.words import readers
from roi_ui.words.conventions import ROI_POOLING, SETTINGS_PLACE

PAGE = registry.lesson(7)
view = setup_page(PAGE, feature_values=False)
image, settings, presenting = view.image, view.settings, view.presenting
maps = traces.image_maps(view)
result = traces.both(view)
window = lesson.map_window(result)
pool, align = traces.luminance_traces(view)  # which cells each output bin read (the linked views)
chosen = chosen_bin(view.values, pool.output_size)
chosen_bins = pool.bin(*chosen), align.bin(*chosen)

title(
    f"{PAGE.number} · Your own image",
    f"Choose **my own image** in {SETTINGS_PLACE} and upload a photo, then **drag a box on it**: the box is the region "
    "of interest. The feature map here is your image itself, averaged over each cell, so you can *see* what "
    f"{ROI_POOLING}'s rounding cuts off and brings in, and what each method finally hands to the detector.",
)
if view.values["image"] == "upload" and image.is_scene:
    st.info(lesson.NO_UPLOAD, icon="⬅️")
sections = deck(PAGE)

if sections.section(0):
    photo_column, numbers_column = st.columns([1, 1] if presenting else [5, 3], gap="medium")
    with photo_column:
        shown = display_image(image, lesson.PHOTO_DISPLAY_SIDE)
        height = lesson.PHOTO_HEIGHTS[presenting]
        photo = lesson.photo_figure(image, shown, result, window, height, chosen_bins)
        chart(st, photo, alt=lesson.PHOTO_ALT, **box_drag("photo"))
        notice = lesson.drag_notice(last_drag("photo"), settings.box, image)
        if notice:
            st.info(notice, icon="ℹ️")
        st.caption(lesson.photo_caption(result))
    with numbers_column.container(horizontal=True, gap="small"):
        for label, value, help_text in lesson.area_metrics(result):
            st.metric(label, value, help=help_text, width=lesson.METRIC_WIDTH)

if sections.section(1):
    # the formulas need the width: beside the map only on a projector's wide screen
    map_column, formula_column = st.columns([3, 2], gap="medium") if presenting else (st.container(), st.container())
    with map_column:
        notes = readers.both_readers(pool, align)
        figure = lesson.map_figure(maps, result, window, lesson.MAP_HEIGHTS[presenting], chosen_bins, notes)
        chart(st, figure, alt=lesson.MAP_ALT, **bin_click("photo_map", cell_bins(pool, align)))
        st.caption(lesson.map_caption(result, window))
        st.markdown(readers.both_bins_read(*chosen_bins, align.pooling, lesson.OUTPUT_DECIMALS))
    with formula_column:
        st.markdown(f"**{ROI_POOLING}'s first rounding**, with your box (pixels → cells):")
        for formula in lesson.quantization_formulas(result):
            st.latex(formula)
        st.markdown(lesson.shift_sentence(result))
        st.markdown(lesson.align_words(settings))

if sections.section(2):
    alts = lesson.seen_alts(settings)
    pictures = (
        box_picture(image.rgb, settings.box_rect, lesson.SEEN_SIZE),
        *(output_picture(output, lesson.SEEN_SIZE) for output in (result.pool_output, result.align_output)),
    )
    captions = (lesson.CROP_CAPTION, *lesson.seen_captions(settings))
    # a projector shows the pictures and the numbers side by side, on one screen
    pictures_area, outputs_area = st.columns(2, gap="medium") if presenting else (st.container(), st.container())
    with pictures_area.container(horizontal=True, gap="medium"):  # as many side by side as the width holds
        for picture, caption, alt in zip(pictures, captions, alts, strict=True):
            st.image(picture, width=lesson.SEEN_SIZES[presenting], caption=caption, alt=alt)
    if not presenting:
        st.markdown(lesson.SEEN_WORDS)
    with outputs_area:
        chart(st, lesson.outputs_figure(result, chosen), **bin_click("photo_outputs"))
        st.caption(lesson.outputs_words(settings))
next_link(PAGE, view)
