"""RoI Lab — home: what the lesson teaches and where the RoI step sits in a detector."""

import streamlit as st

from roi_ui.lessons import home
from roi_ui.session.charts import chart
from roi_ui.session.page import page_links, setup_home
from roi_ui.session.presenter import invitation
from roi_ui.session.registry import LESSONS
from roi_ui.session.state import query
from roi_ui.session.style import START_KEY

setup_home()
invitation()
st.title("RoI Lab: RoI Pooling vs RoI Align")
st.markdown(
    "A detector shrinks the image into a **feature map** (stride 32: each cell stands for a 32 x 32 patch) and "
    "must turn every region of interest, whatever its size, into a fixed **3 x 3** grid of features.  \n"
    "**RoI Pooling** rounds the box to whole cells and then rounds the bins again, so part of the object is lost "
    "and part of its neighbour is added.  \n"
    "**RoI Align** never rounds: it samples each bin at exact points and reads each one by bilinear interpolation "
    "from the four nearest cell centres."
)
st.html(f"<style>{home.SWITCH_CSS}</style>")
with st.container(key=home.BOTH_KEY):
    for arrangement, key in ((home.WIDE, home.WIDE_KEY), (home.NARROW, home.NARROW_KEY)):
        chart(
            st,
            home.pipeline_figure(arrangement),
            key=key,
            config={"displayModeBar": False, "staticPlot": True},
            alt=home.ALT_TEXT,
        )
    st.caption(home.ALT_TEXT)
st.container(key=START_KEY).page_link(
    LESSONS[0].file, label=f"Start the lesson: {LESSONS[0].label} →", query_params=query(), icon="▶️"
)
st.subheader("The lesson, step by step")
page_links(LESSONS)
