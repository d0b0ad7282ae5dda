"""7 · Your own image: upload a photo, drag the RoI, and see both methods' error on real pixels."""

import streamlit as st

from roi_core import CHANNEL_NAMES, both_methods
from roi_ui import photo_figures, photo_select, photo_text
from roi_ui.figures import CHART_CONFIG
from roi_ui.images import display_uri, feature_maps, scene
from roi_ui.page import setup_page
from roi_ui.text import align_conventions

PHOTO_DISPLAY_SIDE = 720  # pixels per side of the JPEG sent to the browser
LUMINANCE = CHANNEL_NAMES.index("luminance")

clamped = photo_select.apply_box_selection()  # before the sidebar, so the dragged box shows in this run
view = setup_page("Your own image", ("stride", "out", "quant", "align"), feature_values=False)
photo_select.show_clamp_notice(clamped)
image, settings = view.image, view.settings
maps = feature_maps(image.digest, image.rgb, settings.stride)
result = both_methods(maps, settings)
window = photo_figures.map_window(result)

st.title("7 · Your own image")
st.markdown(
    "Choose **my own image** in the sidebar and upload a photo, then **drag a box on it**: the box is the region "
    "of interest. The feature map here is your image itself, averaged over each cell, so you can *see* what RoI "
    "Pooling's rounding cuts off and brings in, and what each method finally hands to the detector."
)
if view.values["image"] == "upload" and image.digest == scene().digest:
    st.info("No photo uploaded in this browser session yet: use **Your image** in the sidebar. Until then, this "
            "page shows the built-in scene.", icon="⬅️")

st.subheader("① Drag a box on the image")
photo_column, numbers_column = st.columns([5, 2], gap="medium")
with photo_column:
    uri = display_uri(image.digest, image.rgb, PHOTO_DISPLAY_SIDE)
    photo_select.photo_chart(photo_figures.photo_figure(image, uri, result, window), image.width, image.height)
    st.caption(photo_text.photo_caption(result))
with numbers_column:
    for label, value, help_text in photo_text.area_metrics(result):
        st.metric(label, value, help=help_text)

st.subheader("② The feature map made from your image")
map_column, formula_column = st.columns([3, 2], gap="medium")
with map_column:
    st.plotly_chart(photo_figures.map_figure(maps, result, window), key="photo_map",
                    config=CHART_CONFIG)
    st.caption(photo_text.map_caption(result, window))
with formula_column:
    st.markdown("**RoI Pooling's first rounding**, with your box (pixels → cells):")
    for formula in photo_text.quantization_formulas(result):
        st.latex(formula)
    st.markdown(photo_text.shift_sentence(result))
    st.markdown("**RoI Align** keeps the box exactly (blue, in cells) and splits it into "
                f"{settings.output_size} x {settings.output_size} equal bins (green).")

st.subheader("③ What each method sees")
crop_column, pool_column, align_column = st.columns(3, gap="medium")
with crop_column:
    st.image(photo_figures.true_crop(image.rgb, settings.box_rect), width=photo_figures.SEEN_SIZE,
             caption="Your box's pixels, stretched to a square")
    st.markdown("Every box, whatever its size, becomes the same n x n grid. **RoI Pool** reads only the whole "
                "cells of its rounded box, and its bins may skip some; **RoI Align** samples the exact box. "
                "Max pooling takes red, green and blue separately, so its colours can mix.")
with pool_column:
    st.image(photo_figures.seen_picture(result.pool_output), width=photo_figures.SEEN_SIZE,
             caption=f"What RoI Pool sees ({settings.quantization}, max)")
    st.plotly_chart(photo_figures.output_figure(result.pool_output[LUMINANCE], photo_text.pool_title(settings)),
                    key="photo_pool_values", config=CHART_CONFIG)
with align_column:
    st.image(photo_figures.seen_picture(result.align_output), width=photo_figures.SEEN_SIZE,
             caption=f"What RoI Align sees ({settings.pooling})")
    st.plotly_chart(photo_figures.output_figure(result.align_output[LUMINANCE], photo_text.align_title(settings)),
                    key="photo_align_values", config=CHART_CONFIG)
st.caption("Numbers: the luminance (0-1) of each output bin. RoI Align: " + align_conventions(settings) + ".")
