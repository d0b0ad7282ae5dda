"""Lesson 11: the textbooks' own examples, their own numbers, beside roi_core's."""

from functools import partial

import streamlit as st

from roi_ui.lessons import textbooks as lesson
from roi_ui.session import controls, registry
from roi_ui.session.charts import chart
from roi_ui.session.page import next_link, open_page_button, setup_page, title
from roi_ui.session.presenter import deck
from roi_ui.session.upload import open_textbook, textbook_chosen

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
    open_page_button(lesson.OPEN_WORDS, registry.lesson(3), open_textbook, key="open_book", book=book.key,
                     box_number=view.values["book_box"])  # fmt: skip
    chart(st, lesson.map_figure(book), key="book_map")

if sections.section(1):
    st.dataframe(lesson.comparison_rows(book), hide_index=True)
next_link(PAGE, lesson.example_view(book, view.values["book_box"], view), partial(lesson.handout_numbers, book))
