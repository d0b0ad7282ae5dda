"""Lesson 7: upload a photo, drag the RoI, and see both methods' error on real pixels."""

import streamlit as st

from roi_core import both_methods
from roi_ui.images.store import display_image, feature_maps
from roi_ui.lessons import your_image as lesson
from roi_ui.session import registry
from roi_ui.session.charts import chart
from roi_ui.session.page import next_link, setup_page
from roi_ui.session.selection import box_drag, last_drag
from roi_ui.words.conventions import ROI_ALIGN, ROI_POOLING, align_conventions

PAGE = registry.lesson(7)
view = setup_page(PAGE, feature_values=False)
image, settings = view.image, view.settings
maps = feature_maps(image.digest, image.rgb, settings.stride)
result = both_methods(maps, settings)
window = lesson.map_window(result)

st.title(f"{PAGE.number} · Your own image")
st.markdown(
    "Choose **my own image** in the sidebar and upload a photo, then **drag a box on it**: the box is the region "
    "of interest. The feature map here is your image itself, averaged over each cell, so you can *see* what "
    f"{ROI_POOLING}'s rounding cuts off and brings in, and what each method finally hands to the detector."
)
if view.values["image"] == "upload" and image.is_scene:
    st.info(lesson.NO_UPLOAD, icon="⬅️")

st.subheader("① Drag a box on the image")
photo_column, numbers_column = st.columns([5, 2], gap="medium")
with photo_column:
    shown = display_image(image, lesson.PHOTO_DISPLAY_SIDE)
    chart(st, lesson.photo_figure(image, shown, result, window), **box_drag("photo"))
    notice = lesson.drag_notice(last_drag("photo"), settings.box, image)
    if notice:
        st.info(notice, icon="ℹ️")
    st.caption(lesson.photo_caption(result))
with numbers_column:
    for label, value, help_text in lesson.area_metrics(result):
        st.metric(label, value, help=help_text)

st.subheader("② The feature map made from your image")
map_column, formula_column = st.columns([3, 2], gap="medium")
with map_column:
    chart(st, lesson.map_figure(maps, result, window), key="photo_map")
    st.caption(lesson.map_caption(result, window))
with formula_column:
    st.markdown(f"**{ROI_POOLING}'s first rounding**, with your box (pixels → cells):")
    for formula in lesson.quantization_formulas(result):
        st.latex(formula)
    st.markdown(lesson.shift_sentence(result))
    st.markdown(lesson.align_words(settings))

st.subheader("③ What each method sees")
crop_column, outputs_column = st.columns([2, 5], gap="medium")
with crop_column:
    st.image(
        lesson.true_crop(image.rgb, settings.box_rect),
        width=lesson.SEEN_SIZE,
        caption="Your box's pixels, stretched to a square",
    )
    st.markdown(lesson.SEEN_WORDS)
with outputs_column:
    for column, output, caption in zip(
        st.columns(2, gap="medium"), (result.pool_output, result.align_output), lesson.seen_captions(settings)
    ):
        column.image(lesson.seen_picture(output), width=lesson.SEEN_SIZE, caption=caption)
    chart(st, lesson.outputs_figure(result), key="photo_outputs")
st.caption(f"Numbers: the luminance (0-1) of each output bin. {ROI_ALIGN}: {align_conventions(settings)}.")
next_link(PAGE)
