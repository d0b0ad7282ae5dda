"""Lesson 1: how an image becomes a feature map, and which values stand for the object."""

import streamlit as st

from roi_core import CHANNEL_NAMES, cells_touched, map_geometry, resize_box
from roi_ui import controls, feature_map_figures, images, text
from roi_ui.page import setup_page

DEMO_SIZE = 224
from roi_ui.figures import CHART_CONFIG

view = setup_page("Image to feature map", ("stride",))
stride = view.settings.stride

st.title("1 · From image to feature map")
st.markdown(
    "A CNN backbone halves the image at each of its pooling layers. In the slides' network, after 5 of them "
    "(**stride 32**), each value of the feature map stands for a **32 x 32 pixel patch** of the image; the "
    "stride slider in the sidebar tries other depths. Hover a cell of the image to see its patch and its value."
)
controls.choice("demo", "Image", {"800": f"the current image ({view.image.width} x {view.image.height})",
                                  "224": f"the scene resized to {DEMO_SIZE} x {DEMO_SIZE} (the slides' first example)"},
                horizontal=True)

if view.values["demo"] == "224":
    image = images.scene_resized(DEMO_SIZE, DEMO_SIZE)
    geometry = map_geometry(image.width, image.height, stride)
    feature_map = images.feature_maps(image.digest, image.rgb, stride)[CHANNEL_NAMES.index("luminance")]
    value_source = f"the image's luminance averaged over each {stride} x {stride} cell (0-1)"
    decimals = 2
    box = resize_box(view.settings.box_rect, (view.image.width, view.image.height), (image.width, image.height))
    box_note = (f"The box ({', '.join(text.num(v, 2) for v in view.settings.box)}) px of the "
                f"{view.image.width} x {view.image.height} image, stretched with it to "
                f"{image.width} x {image.height}: x {text.num(box.x1, 2)}–{text.num(box.x2, 2)} px, "
                f"y {text.num(box.y1, 2)}–{text.num(box.y2, 2)} px.")
else:
    image, geometry, feature_map, value_source = view.image, view.geometry, view.feature_map, view.feature_source
    box = view.settings.box_rect
    decimals = view.decimals
    box_note = f"The box: x {text.num(box.x1)}–{text.num(box.x2)} px, y {text.num(box.y1)}–{text.num(box.y2)} px."

touched = cells_touched(box, geometry)

rounded_up = geometry.missing_x or geometry.missing_y
st.markdown(f"### {image.width} x {image.height} px / {stride} {'→' if rounded_up else '='} {geometry.map_width} x "
            f"{geometry.map_height} cells · {touched.count} of them represent the object")
top_left, top_right = st.columns(2, gap="medium")
with top_left:
    st.markdown(f"**The image**, cut into {stride} x {stride} px patches")
    st.plotly_chart(feature_map_figures.image_with_cells(image, geometry, box, touched, feature_map, value_source),
                    key="image_cells", config=CHART_CONFIG)
with top_right:
    st.markdown(f"**The feature map**: {geometry.map_width} x {geometry.map_height} values, one per patch")
    st.plotly_chart(feature_map_figures.map_with_cells(feature_map, touched, decimals), key="map_cells",
                    config=CHART_CONFIG)
st.markdown("**Legend.** Blue solid outline: the object's box (pixels). Orange outline, shaded: the "
            f"{touched.count} cells the box touches, on the image and on the map. White lines: the "
            f"{stride} px grid of patches, one value each.")
for note in feature_map_figures.partial_cell_notes(geometry):
    st.info(note, icon="✂️")

bottom_left, bottom_right = st.columns([2, 3], gap="medium")
with bottom_left:
    st.markdown(f"**The object's {touched.count} values** (and one cell around them)")
    st.plotly_chart(feature_map_figures.object_values(feature_map, touched, decimals), key="object_values",
                    config=CHART_CONFIG)
with bottom_right:
    st.markdown(f"**Map size.** One value per {stride} x {stride} px patch, rounded up where a size is not a "
                "multiple of the stride:")
    st.latex(feature_map_figures.size_latex(geometry))
    st.markdown(f"**The object.** {touched.count} values = **{touched.n_cols} columns x {touched.n_rows} rows** of "
                f"cells: every cell whose {stride} x {stride} px patch shares at least one pixel with the box. "
                "The cells on the border hold part object, part background: RoI Pooling must decide what to do "
                "with them (next lesson).")
    st.caption(box_note)
    st.caption(f"Values: {value_source}.")
