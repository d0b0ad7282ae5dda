"""Lesson 8: Mask R-CNN's feature pyramid: which level (P2 to P5) a box is pooled from, and why."""

import streamlit as st

from roi_ui.images.pictures import output_picture
from roi_ui.images.store import display_image
from roi_ui.lessons import checkpoints
from roi_ui.lessons import pyramid as lesson
from roi_ui.session import predict, registry, traces
from roi_ui.session.charts import chart
from roi_ui.session.page import next_link, panels, setup_page, title
from roi_ui.session.presenter import deck
from roi_ui.session.selection import box_drag

PAGE = registry.lesson(8)
view = setup_page(PAGE, (), feature_values=False)  # the pyramid has its own strides and output size
image, box, out = view.image, view.settings.box_rect, lesson.OUTPUT_SIZE
choices = lesson.level_choices(image, box)
shown = display_image(image)
asked = checkpoints.pyramid(choices[0])

title(f"{PAGE.number} · The feature pyramid: which level for which box", lesson.intro())
sections = deck(PAGE)

if sections.section(0):
    photo, words = st.columns([3, 2], gap="medium")
    figure = lesson.boxes_figure(image, shown, choices, lesson.PHOTO_HEIGHTS[view.presenting])
    chart(photo, figure, alt=lesson.PHOTO_ALT, **box_drag("pyramid_photo"))
    words.markdown(f"**Your box** ({lesson.YOUR_BOX_WORDS}):")
    words.latex(lesson.level_latex(choices[0]))
    words.markdown(lesson.level_words(choices[0]))
    if not view.presenting:  # a projector shows the image and the rule on one screen; the examples are drawn
        st.dataframe(lesson.boxes_rows(choices), hide_index=True)

if sections.section(1):
    for place, level in panels(lesson.LEVELS, lesson.PANEL_WIDTH):
        chosen = level == choices[0].level
        place.markdown(lesson.close_up_heading(box, level, chosen))
        spec, alt = lesson.close_up(image, shown, box, level, chosen), lesson.close_up_alt(box, level)
        if chosen:  # the level the checkpoint asks for, marked once revealed
            spec = predict.marked(spec, asked, 2**level)
        chart(place, spec, key=f"pyramid_p{level}", alt=alt)
    st.caption(lesson.CLOSE_UPS_CAPTION)

if sections.section(2):
    st.markdown(lesson.pooled_words(out))
    with st.container(horizontal=True, gap="medium"):
        for stride, output in traces.pyramid_pooled(view, lesson.STRIDES, out, lesson.SAMPLING_RATIO):
            picture = output_picture(output, lesson.PICTURE_SIZE)
            caption, alt = lesson.pooled_caption(choices[0], stride, out), lesson.pooled_alt(stride, out)
            st.image(picture, width=lesson.PICTURE_SIZE, caption=caption, alt=alt)
if sections.at_end:
    predict.ask(asked, checkpoints.TOTAL)
next_link(PAGE, view)
