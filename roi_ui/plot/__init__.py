"""The plot kit: figure specs (``kit``), fills and the type scale (``theme``), cell windows (``window``) and the
marks of traces that several lessons draw (``marks``)."""
