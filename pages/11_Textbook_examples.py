"""Lesson 11: the textbooks' own examples, their own numbers, beside roi_core's."""

from functools import partial

import streamlit as st

from roi_ui.lessons import textbooks as lesson
from roi_ui.session import controls, registry
from roi_ui.session.charts import chart
from roi_ui.session.page import next_link, setup_page, title
from roi_ui.session.presenter import deck
from roi_ui.session.upload import textbook_chosen

PAGE = registry.lesson(11)
view = setup_page(PAGE, ())
book = lesson.example(view.values["book"])

title(f"{PAGE.number} · Textbook examples", lesson.intro())
sections = deck(PAGE)

if sections.section(0):
    controls.radio("book", "Source", lesson.BOOKS, view, chosen=textbook_chosen)
    if len(book.boxes) > 1:
        controls.radio("book_box", lesson.BOX_TITLE, lesson.box_labels(book), view, True, textbook_chosen)
    st.markdown(lesson.source_words(book))
    st.expander(lesson.NOTES_TITLE).markdown(book.notes)
    lesson_link = lesson.lesson_query(book, view.values["book_box"])
    st.page_link(registry.lesson(3).file, label=lesson.OPEN_WORDS, query_params=lesson_link)
    chart(st, lesson.map_figure(book), key="book_map")

if sections.section(1):
    st.dataframe(lesson.comparison_rows(book), hide_index=True)
next_link(PAGE, lesson.example_view(book, view.values["book_box"], view), partial(lesson.handout_numbers, book))
