"""Colours and type sizes shared by every figure (Okabe-Ito: colour-blind safe)."""

from __future__ import annotations

BLUE = "#0072B2"  # the true (unquantized) box
VERMILLION = "#D55E00"  # RoI Pooling, floor (the slides)
PURPLE = "#CC79A7"  # RoI Pooling, round (torchvision)
GREEN = "#009E73"  # RoI Align
ORANGE = "#E69F00"  # added area (background brought in)
SKY = "#56B4E9"
YELLOW = "#F0E442"
BLACK = "#000000"
GREY = "#7F7F7F"

LOST_FILL = "rgba(213, 94, 0, 0.45)"  # part of the object left out
ADDED_FILL = "rgba(240, 228, 66, 0.55)"  # part of the neighbour brought in

QUANTIZATION_COLOURS = {"floor": VERMILLION, "round": PURPLE}

# Light cells so black values and coloured outlines stay readable on a projector.
CELL_SCALE = [[0.0, "#f7fbff"], [0.5, "#c6dbef"], [1.0, "#6baed6"]]

FONT_SIZE = 16
CELL_FONT_SIZE = 13
FONT_FAMILY = "Source Sans Pro, Arial, sans-serif"
