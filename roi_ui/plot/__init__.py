"""The plot kit: figure specs (``kit``), the colours and type scale (``theme``), cell windows (``window``)."""
