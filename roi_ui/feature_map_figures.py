"""Figures and formulas of the 'Image to feature map' lesson.

The image with its stride grid, the cells a box touches, a hover layer that
names each cell's pixel patch and value; and the feature map beside it.
Every number comes from ``roi_core`` (``MapGeometry``, ``CellsTouched``).
Figures are built in one call from specs (``roi_ui.figures``), which is fast.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from roi_core import MapGeometry, Rect
from roi_core.geometry import CellsTouched

from . import figures, text, theme
from .images import LoadedImage, display_uri

TOUCHED_FILL = "rgba(230, 159, 0, 0.30)"  # theme.ORANGE, see-through
NO_PIXELS_FILL = "rgba(127, 127, 127, 0.35)"  # part of a partial cell past the image's edge
WIDE_MAP_COLUMNS = 10  # a wider map has no room for printed values


def touched_rect(touched: CellsTouched) -> Rect:
    """The block of touched cells, in cells."""
    return Rect(touched.col_start, touched.row_start, touched.col_stop, touched.row_stop)


def image_with_cells(image: LoadedImage, geometry: MapGeometry, box: Rect, touched: CellsTouched,
                     feature_map: np.ndarray, value_source: str, fig_height: int = 400) -> go.Figure:
    """The image, its stride grid, the touched cells (orange) and the box (blue); hover names each cell.

    The axes span the cells' whole pixel extent: the part of a partial last cell
    past the image's edge is shaded grey (no pixels there).
    """
    extent = geometry.pixel_extent
    layout = figures.layout_spec(fig_height) | figures.image_spec(display_uri(image.digest, image.rgb),
                                                                  image.width, image.height)
    layout["xaxis"]["range"] = [0, extent.x2]
    layout["yaxis"]["range"] = [extent.y2, 0]
    no_pixels = extent.minus(Rect(0, 0, image.width, image.height))
    layout["shapes"] = [figures.rect_spec(r, NO_PIXELS_FILL, width=0, fill=NO_PIXELS_FILL) for r in no_pixels]
    if touched.count:
        layout["shapes"].append(figures.rect_spec(touched_rect(touched).scaled(geometry.stride), theme.ORANGE,
                                                  dash="dash", fill=TOUCHED_FILL))
    layout["shapes"].append(figures.rect_spec(box, theme.BLUE))
    layout.update(hovermode="closest", hoverdistance=-1)
    traces = [figures.grid_trace(extent.x2, extent.y2, geometry.stride),
              _hover_layer(geometry, feature_map, value_source)]
    return go.Figure(traces, figures.keep_ranges(layout))


def _hover_layer(geometry: MapGeometry, feature_map: np.ndarray, value_source: str) -> go.Scatter:
    """Invisible markers at the cell centres whose hover gives the cell, its pixels and its value."""
    col_spans, row_spans = (np.array(spans) for spans in geometry.cell_spans())
    rows, cols = np.meshgrid(np.arange(len(row_spans)), np.arange(len(col_spans)), indexing="ij")
    data = np.stack([rows, cols, *col_spans[cols].transpose(2, 0, 1), *row_spans[rows].transpose(2, 0, 1),
                     feature_map], axis=-1).reshape(-1, 7)
    return go.Scatter(
        x=col_spans[cols].mean(axis=-1).ravel(),
        y=row_spans[rows].mean(axis=-1).ravel(),
        mode="markers",
        marker=dict(opacity=0, size=8),
        customdata=data,
        hovertemplate="cell (row %{customdata[0]}, col %{customdata[1]})<br>"
        "pixels x %{customdata[2]}–%{customdata[3]}, y %{customdata[4]}–%{customdata[5]}<br>"
        f"value %{{customdata[6]:.2f}} ({value_source})<extra></extra>",
    )


def map_with_cells(feature_map: np.ndarray, touched: CellsTouched, decimals: int = 1,
                   fig_height: int = 400) -> go.Figure:
    """The whole feature map, the touched cells outlined (orange).

    Values are printed while the map is at most ``WIDE_MAP_COLUMNS`` wide (a
    wider one has no room: ``object_values`` shows them); hover shows every value.
    """
    rows, cols = feature_map.shape
    grid = indexed_value_grid(feature_map, decimals)
    if cols > WIDE_MAP_COLUMNS:
        grid.texttemplate = None
    layout = figures.layout_spec(fig_height) | figures.map_axes_spec(cols, rows, tick_step=max(1, cols // 10))
    return _with_touched(grid, layout, touched)


def object_values(feature_map: np.ndarray, touched: CellsTouched, decimals: int = 1,
                  fig_height: int = 440) -> go.Figure:
    """A close-up of the touched cells and one cell around them, every value printed."""
    rows, cols = feature_map.shape
    window = Rect(max(touched.col_start - 1, 0), max(touched.row_start - 1, 0),
                  min(touched.col_stop + 1, cols), min(touched.row_stop + 1, rows))
    grid = indexed_value_grid(feature_map, decimals, window)
    grid.texttemplate = f"%{{z:.{decimals}f}}"
    layout = figures.layout_spec(fig_height) | figures.map_axes_spec(cols, rows)
    layout["xaxis"]["range"] = [window.x1, window.x2]
    layout["yaxis"]["range"] = [window.y2, window.y1]
    return _with_touched(grid, layout, touched)


def indexed_value_grid(feature_map: np.ndarray, decimals: int, window: Rect | None = None) -> go.Heatmap:
    """The shared value grid, only the cells inside ``window`` (whole cells) when given."""
    if window is None:
        return figures.value_grid(feature_map, decimals)
    rows, cols = slice(int(window.y1), int(window.y2)), slice(int(window.x1), int(window.x2))
    return figures.value_grid(feature_map, decimals, rows, cols)


def _with_touched(grid: go.Heatmap, layout: dict, touched: CellsTouched) -> go.Figure:
    """The map figure, the touched cells outlined and shaded."""
    if touched.count:
        layout["shapes"] = [figures.rect_spec(touched_rect(touched), theme.ORANGE, width=4, fill=TOUCHED_FILL)]
    return go.Figure(grid, figures.keep_ranges(layout))


def size_latex(geometry: MapGeometry) -> str:
    """The map size as divisions: 800 / 32 = 25 and 576 / 32 = 18 (with the ceil when not whole)."""
    exact_w, exact_h = geometry.exact_size
    parts = (
        _division(geometry.image_width, geometry.stride, exact_w, geometry.map_width, geometry.missing_x),
        _division(geometry.image_height, geometry.stride, exact_h, geometry.map_height, geometry.missing_y),
    )
    return r"\begin{aligned} \text{columns: }& " + parts[0] + r" \\ \text{rows: }& " + parts[1] + r" \end{aligned}"


def _division(size: int, stride: int, exact: float, cells: int, missing: int) -> str:
    formula = rf"\tfrac{{{size}\,\text{{px}}}}{{{stride}\,\text{{px}}}} = {text.num(exact, 4)}"
    if missing:
        formula += rf" \;\rightarrow\; \lceil {text.num(exact, 4)} \rceil = {cells}"
    return formula


def partial_cell_notes(geometry: MapGeometry) -> list[str]:
    """A sentence for each axis whose size is not a multiple of the stride (its last cell is partial)."""
    exact_w, exact_h = geometry.exact_size
    axes = (
        ("width", geometry.image_width, exact_w, geometry.map_width, "column", geometry.missing_x),
        ("height", geometry.image_height, exact_h, geometry.map_height, "row", geometry.missing_y),
    )
    return [
        f"The {name} {size} px is not a multiple of the stride {geometry.stride} px: {size} / {geometry.stride} = "
        f"{text.num(exact, 4)}, rounded up to {cells} {unit}s. The last {unit} stands for a partial patch, "
        f"{missing} px short of a full {geometry.stride} px (shaded grey past the image's edge)."
        for name, size, exact, cells, unit, missing in axes
        if missing
    ]
