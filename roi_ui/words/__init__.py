"""Words: how numbers are written (``numbers``), the named colours (``palette``) and how every convention is
named (``conventions``)."""
