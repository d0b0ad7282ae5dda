"""RoI Lab's user interface, in layers; each imports only the layers above it in this list (and ``roi_core``):

* ``words``    — how numbers are written, the named colours, how every convention is named;
* ``plot``     — the plot kit: figure specs, fills and the type scale, cell windows, marks of traces;
* ``images``   — upload decoding and the image every page draws on;
* ``session``  — URL parameters, values, the frozen view, the page registry, the controls, cached traces;
* ``lessons``  — one module per page: its figures and words, pure functions of traces.

``pages/`` only lays out what ``lessons`` builds. No lesson imports another.
"""
