"""Shared test configuration for the whole suite."""

from __future__ import annotations

import os

from hypothesis import HealthCheck, settings

# CI runs on a slow 2-core machine: no per-example deadline, a modest number of
# examples.  Select another profile with HYPOTHESIS_PROFILE=dev (more examples).
settings.register_profile(
    "roi-lab",
    deadline=None,
    max_examples=50,
    suppress_health_check=[HealthCheck.too_slow],
)
settings.register_profile(
    "dev",
    parent=settings.get_profile("roi-lab"),
    max_examples=200,
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "roi-lab"))
