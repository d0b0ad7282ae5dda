"""The page's own CSS, on top of Streamlit's theme: AA contrast, visible focus, charts that measure their width,
and presenter mode's type scale (body text 20 px) and full-width layout.

Only the app's own constant CSS goes through ``st.html``: never anything a user typed.
"""

from __future__ import annotations

import streamlit as st

from ..words.palette import BLUE

TEXT_GREY = "#55544f"  # captions and muted text: 7:1 on white (Streamlit's #828180 is 3.9:1; it also fades captions
# to 60 % opacity, which the first rule undoes)
FOCUS = f"outline: 3px solid {BLUE.hex} !important; outline-offset: 2px;"

START_KEY = "start_lesson"  # the home page's link into the lesson, drawn as a button

EVERY_PAGE = f"""
[data-testid="stCaptionContainer"] {{ opacity: 1; }}
[data-testid="stCaptionContainer"], [data-testid="stCaptionContainer"] p,
[data-testid="stWidgetLabel"] p, [data-testid="stMetricLabel"] p, [data-testid="stPageLink"] span,
[data-testid="stTooltipIcon"] svg, .stSliderTickBar div {{ color: {TEXT_GREY}; }}
a:focus-visible, button:focus-visible, summary:focus-visible, input:focus-visible, textarea:focus-visible,
[role="slider"]:focus-visible, [role="option"]:focus-visible, [tabindex]:focus-visible {{ {FOCUS} }}
label:has(input:focus-visible), [data-baseweb="select"]:focus-within {{ {FOCUS} border-radius: 4px; }}
[data-testid="stPlotlyChart"] {{ container-type: inline-size; }}
.st-key-{START_KEY} a {{ background: {BLUE.hex}; border-radius: 0.5rem; padding: 0.4rem 1.2rem; }}
.st-key-{START_KEY} a span, .st-key-{START_KEY} a p {{ color: white !important; font-weight: 600; }}
[data-testid="stCode"] code .token {{ color: inherit !important; }}
[data-testid="stCode"] code .token.comment {{ color: {TEXT_GREY} !important; font-style: italic; }}
.katex-display {{ overflow: visible !important; }}
.roi-table {{ overflow-x: auto; max-width: 100%; }}
.roi-table table {{ border-collapse: collapse; font-size: 0.9rem; }}
.roi-table th, .roi-table td {{ border: 1px solid #d9d9d9; padding: 0.3rem 0.5rem; text-align: left;
  vertical-align: top; min-width: 7rem; }}
.roi-table th {{ background: #f5f5f5; }}
@media (max-width: 640px) {{ .katex-display {{ font-size: 0.8em; }} }}
"""

PRESENTER = """
html { font-size: 20px !important; }
[data-testid="stSidebar"], [data-testid="stSidebarCollapsedControl"], [data-testid="stExpandSidebarButton"],
header[data-testid="stHeader"] { display: none !important; }
[data-testid="stMainBlockContainer"] { padding: 0.75rem 1.5rem 2rem !important; max-width: none !important; }
[data-testid="stMain"] p, [data-testid="stMain"] li, [data-testid="stMain"] label,
[data-testid="stMain"] button, [data-testid="stMain"] td, [data-testid="stMain"] th,
[data-testid="stMain"] [data-testid="stPageLink"] span { font-size: 1rem !important; }
[data-testid="stMain"] [data-testid="stMetricValue"] p { font-size: 1.75rem !important; }
h1 { font-size: 1.6rem !important; padding: 0.25rem 0 !important; }
h3 { font-size: 1.4rem !important; }
"""


def apply(presenting: bool) -> None:
    """Add the app's CSS to the page (presenter mode's too when ``presenting``)."""
    st.html(f"<style>{EVERY_PAGE}{PRESENTER if presenting else ''}</style>")
