"""The session: URL parameters (``params``), the values and their callbacks (``state``), the one frozen
``view``, the page ``registry``, the controls and the upload, cached ``traces``, and ``page`` setup."""
