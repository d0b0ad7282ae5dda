"""Controls bound to one parameter each (``roi_ui.session.state``), labelled from the vocabulary: the sidebar's
and the pages' own (the demo image choice, the step buttons)."""

from __future__ import annotations

import streamlit as st

from roi_core import MapGeometry

from ..words.conventions import ALIGNED, CHANNEL, LAYOUT, POOLING, QUANTIZATION, SAMPLING, VALUES, Setting
from . import state
from .params import OUTPUT_SIZES, STRIDES
from .view import View


def box_inputs(view: View) -> None:
    """x, y, w, h of the RoI in image pixels, bounded by the image."""
    st.markdown("**Region of interest** (image pixels)")
    width, height = view.image.width, view.image.height
    limits = {"x": (0, width - 1), "y": (0, height - 1), "w": (1, width), "h": (1, height)}
    left, right = st.columns(2)
    for column, names in ((left, ("x", "w")), (right, ("y", "h"))):
        for name in names:
            low, high = limits[name]
            shown = column.number_input(
                name, min_value=low, max_value=high, value=view.values[name], step=1, **state.bound(name)
            )
            state.adopt(shown != view.values[name], state.set_values, **{name: shown})


def slider(param: str, title: str, options: tuple, words, view: View) -> None:
    """A select slider bound to parameter ``param``, each option written by ``words``."""
    shown = st.select_slider(title, options=options, value=view.values[param], format_func=words, **state.bound(param))
    state.adopt(shown != view.values[param], state.set_values, **{param: shown})


def stride_input(view: View) -> None:
    """The backbone's stride: 2 to the number of 2x poolings; a textbook example's own, fixed, on its picture."""
    if view.book is not None:
        st.caption(f"Stride: {view.settings.stride} pixels per cell, the source's own (its picture fixes it)")
        return
    slider("stride", "Stride (pixels per cell)", STRIDES, lambda s: f"{s} ({s.bit_length() - 1} poolings)", view)


def output_size_input(view: View) -> None:
    """Output bins per side, for both methods."""
    slider("out", "Output size (bins per side)", OUTPUT_SIZES, lambda n: f"{n} x {n}", view)


def radio(
    param: str, title: str, labels: dict, view: View, horizontal: bool = False, chosen=state.commit_widget
) -> None:
    """A radio bound to parameter ``param``, its options ``labels`` (value → words); ``chosen(param)`` is its
    ``on_change`` (by default it commits the value)."""
    shown = st.radio(
        title,
        options=list(labels),
        format_func=labels.get,
        horizontal=horizontal,
        index=list(labels).index(view.values[param]),
        **(state.bound(param) | dict(on_change=chosen)),
    )
    state.adopt(shown != view.values[param], state.set_values, **{param: shown})


def choice(setting: Setting, view: View, horizontal: bool = False) -> None:
    """A radio for a setting of the vocabulary, its options labelled by name and source."""
    radio(setting.param, setting.title, setting.labels(), view, horizontal)


def quantization_input(view: View) -> None:
    """RoI Pooling's convention."""
    choice(QUANTIZATION, view)


def align_inputs(view: View) -> None:
    """RoI Align's sampling points, their layout, the pooling and ``aligned``."""
    for setting in (SAMPLING, LAYOUT, POOLING):
        choice(setting, view)
    shown = st.toggle(
        f"{ALIGNED[True].short}: {ALIGNED[True].detail}",
        value=view.values["aligned"],
        help=f"On: {ALIGNED[True].long}. Off: {ALIGNED[False].long}.",
        **state.bound("aligned"),
    )
    state.adopt(shown != view.values["aligned"], state.set_values, aligned=shown)


def values_input(view: View) -> None:
    """Where the feature values come from, and which channel of the image to show."""
    if view.slides_apply:
        choice(VALUES, view)
    if view.values["values"] == "image" or not view.slides_apply:
        choice(CHANNEL, view, horizontal=True)


def picker(where, label: str, options: range, index: int, name: str, in_range: bool, format_func=str) -> None:
    """A select box in ``where`` choosing parameter ``name`` among ``options`` (shown at ``index``), bound as
    ``state.bound_picker`` binds it (``in_range``: the parameter's own value is one of the options)."""
    shown = where.selectbox(
        label, options=options, index=index, format_func=format_func, **state.bound_picker(name, in_range, len(options))
    )
    state.adopt(shown != options[index], state.set_values, **{name: shown})


def shift_slider(label: str, shift: int, limit: int) -> None:
    """The box's sideways shift in whole pixels, from ``-limit`` to ``limit``, bound to parameter ``shift``."""
    shown = st.slider(
        label, min_value=-limit, max_value=limit, value=shift, step=1, format="%+d px", **state.bound("shift")
    )
    state.adopt(shown != shift, state.set_values, shift=shown)


CONTROL_GROUPS = {
    "stride": stride_input,
    "out": output_size_input,
    "quant": quantization_input,
    "align": align_inputs,
}


def step_buttons(param: str, step: int, steps: int, heading: str, key: str) -> None:
    """Previous and Next (← → keys too), bound to the step parameter ``param``, then the step's heading; on a narrow
    screen the heading wraps under the buttons, which keep their whole labels."""
    row = st.container(horizontal=True, vertical_alignment="center", gap="small")
    for label, target, arrow, shown in (
        ("Previous", step - 1, "Left", step > 1),
        ("Next", step + 1, "Right", step < steps),
    ):
        clicked = row.button(
            label,
            key=f"{key}_{label[:4].lower()}",
            disabled=not shown,
            on_click=state.set_values,
            kwargs={param: target},
            shortcut=arrow,
            width="content",
            help=f"{label} step (shortcut: {'←' if arrow == 'Left' else '→'} key)",
        )
        state.adopt(clicked, state.set_values, **{param: target})
    row.markdown(f"### {heading}", width="stretch")


def draw_toggle(key: str, figure: str = "map") -> bool:
    """Whether a drag on the page's ``figure`` draws a new box (a page-local choice, not in the URL). Off by
    default: on a phone a drag over a figure that draws cannot scroll the page."""
    return st.toggle(
        f"Draw the box on the {figure}",
        key=key,
        help=f"On: drag on the {figure} to draw a new box (x, y, w, h follow). Off: the {figure} only shows it.",
    )


def whole_map_toggle(geometry: MapGeometry, key: str) -> bool:
    """Whether to show the whole map instead of the box and a few cells around it (a page-local choice, not in
    the URL)."""
    return st.toggle(
        f"Whole {geometry.map_width} x {geometry.map_height} map",
        key=key,
        help="Off: the box and a few cells around it, larger. On: the whole feature map.",
    )
