"""The lessons: one module per page, its figures (plot-kit specs) and its words, as functions of traces."""
