"""The session: URL parameters (``params``), the values and their callbacks (``state``), the one frozen
``view``, the page ``registry``, the sidebar and upload controls, cached ``traces``, and ``page`` setup."""
