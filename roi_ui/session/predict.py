"""Checkpoints: predict, then reveal. A question on the page that teaches it, answered by committing a choice or a
number before the answer shows.

A checkpoint never hides the lesson: it is a bordered box beside the content,
which stays visible whether or not the learner answers. Its numbers are the
view's (``roi_ui.lessons.checkpoints`` computes them from ``roi_core``'s traces),
so it changes with the box, the stride and the conventions; a committed answer
counts only for the numbers it was given for (move the box and the question is
asked again). What the learner committed is kept in this browser session only
(``ANSWERS``), never in the URL and never stored. In presenter mode the room
answers aloud: the teacher reveals.

The committed answers are written by the form's submit callback only (as every
state of the app: ``roi_ui.session.state``); a typed number is shown back as a
number, a choice as the option's own words: nothing typed is rendered as Markdown.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import streamlit as st

from roi_core import Rect

from ..plot import marks
from ..words.numbers import fixed
from . import presenter

ANSWERS = "roi_checkpoint_answers"  # session state: {checkpoint key: (the right answer then, what was committed)}
REVEALED = None  # what a presenter's reveal commits: no answer, the room's
PREDICT = ":material/quiz: **Predict.**"  # a checkpoint's lead (Streamlit's icon font: no emoji font needed)
MARKED = (  # under a reveal whose answer has a place on the map
    "Marked on the page's figure: a thick dash-dot outline, or an open diamond for a point "
    "(legend: 'checkpoint answer')."
)


@dataclass(frozen=True)
class Checkpoint:
    """One question with its right answer for the current view.

    ``options``: the choices (``answer`` is one of them); empty for a number, whose ``answer`` is a float
    compared at ``decimals`` decimals. ``why`` (Markdown, the app's own words) explains the answer with the
    view's numbers; ``key`` names the checkpoint across views (e.g. "pool-argmax"). ``rects`` (cells or boxes)
    and ``points`` ((x, y)) are where the answer lies on the map, in cells of the map frame: the page's figure
    marks them once the answer is revealed (``marked``); a question with no place on the map has none.
    """

    key: str
    question: str
    answer: str | float
    why: str
    options: tuple[str, ...] = ()
    decimals: int = 0
    rects: tuple[Rect, ...] = ()
    points: tuple[tuple[float, float], ...] = ()

    def is_right(self, given: str | float | None) -> bool:
        """Whether ``given`` is the answer: the same option, or the same number at ``decimals`` decimals."""
        if given is None:
            return False
        if self.options:
            return given == self.answer
        return fixed(float(given), self.decimals) == fixed(float(self.answer), self.decimals)

    def shown(self, value: str | float) -> str:
        """An answer as the reveal writes it: the option, or the number at ``decimals`` decimals."""
        return str(value) if self.options else fixed(float(value), self.decimals)


def committed(checkpoint: Checkpoint) -> tuple[bool, str | float | None]:
    """Whether ``checkpoint`` was answered (or revealed) for the current numbers, and the answer given (None: a
    presenter's reveal)."""
    stored = st.session_state.get(ANSWERS, {}).get(checkpoint.key)
    if stored is None or stored[0] != checkpoint.answer:
        return False, None
    return True, stored[1]


def marked(spec: dict, checkpoints: Sequence[Checkpoint], scale: float = 1) -> dict:
    """``spec`` with the places of the answers of ``checkpoints`` revealed for the current view marked on it
    (``marks.answer``; ``scale``: cells → the figure's units, the stride on an image); as it is when none is."""
    shown = [checkpoint for checkpoint in checkpoints if committed(checkpoint)[0]]
    rects = tuple(rect for checkpoint in shown for rect in checkpoint.rects)
    points = tuple(point for checkpoint in shown for point in checkpoint.points)
    if not rects and not points:
        return spec
    return spec | dict(data=[*spec["data"], *marks.answer(rects, points, scale)])


def done_count() -> int:
    """How many checkpoints this session has answered or revealed (any view)."""
    return len(st.session_state.get(ANSWERS, {}))


def _commit(checkpoint: Checkpoint, input_key: str | None) -> None:
    """Form-submit callback: store what was committed (None for a reveal) against the current right answer."""
    given = REVEALED if input_key is None else st.session_state.get(input_key)
    answers = dict(st.session_state.get(ANSWERS, {}))
    answers[checkpoint.key] = (checkpoint.answer, given)
    st.session_state[ANSWERS] = answers


def _forget(checkpoint: Checkpoint) -> None:
    """Button callback: ask ``checkpoint`` again."""
    answers = dict(st.session_state.get(ANSWERS, {}))
    answers.pop(checkpoint.key, None)
    st.session_state[ANSWERS] = answers


def ask(checkpoints: Sequence[Checkpoint], total: int, where=st) -> None:
    """Draw each checkpoint in ``where``: the question and an input to commit, or, once committed, the reveal;
    then how many of the lesson's ``total`` this session has done."""
    if not checkpoints:
        return
    for checkpoint in checkpoints:
        box = where.container(border=True, key=f"checkpoint_{checkpoint.key}")
        answered, given = committed(checkpoint)
        if answered:
            _reveal(box, checkpoint, given)
        else:
            _question(box, checkpoint)
    where.caption(progress_line(total))


def _question(box, checkpoint: Checkpoint) -> None:
    """The question in a form: the input (none in presenter mode) and the button that commits it."""
    form = box.form(f"predict_{checkpoint.key}", border=False, enter_to_submit=True)
    form.markdown(f"{PREDICT} {checkpoint.question}")
    input_key = None
    if not presenter.presenting():
        input_key = f"predict_{checkpoint.key}_answer"
        if checkpoint.options:
            form.radio("Your answer", checkpoint.options, index=None, key=input_key, horizontal=True)
        else:
            step = 10.0**-checkpoint.decimals
            form.number_input("Your answer", value=None, step=step, format=f"%.{checkpoint.decimals}f", key=input_key)
    form.form_submit_button(
        "Reveal" if input_key is None else "Check",
        on_click=_commit,
        args=(checkpoint, input_key),
        help="Shows the answer to the room" if input_key is None else "Commit your answer, then see the right one",
    )


def _reveal(box, checkpoint: Checkpoint, given: str | float | None) -> None:
    """The right answer, whether the committed one was, and why; a button to ask again."""
    right = checkpoint.shown(checkpoint.answer)
    box.markdown(f"{PREDICT} {checkpoint.question}")
    if given is REVEALED:
        box.info(f"Answer: {right}", icon=":material/lightbulb:")
    elif checkpoint.is_right(given):
        box.success(f"Right: {right}", icon=":material/check_circle:")
    else:
        box.warning(f"Not quite: you said {checkpoint.shown(given)}; it is {right}.", icon=":material/replay:")
    box.markdown(checkpoint.why)
    if checkpoint.rects or checkpoint.points:
        box.caption(MARKED)
    box.button("Ask me again", key=f"again_{checkpoint.key}", on_click=_forget, args=(checkpoint,), type="tertiary")


def progress_line(total: int) -> str:
    """How many of the lesson's ``total`` checkpoints this session has done (kept in this browser tab only)."""
    return f"Checkpoints done: {min(done_count(), total)} of {total} (in this browser tab only; nothing is stored)."
