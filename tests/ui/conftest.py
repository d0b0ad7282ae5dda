"""Fixtures for the pure tests of roi_ui: the session's image traces computed directly (a Streamlit session
cache needs a running script)."""

from __future__ import annotations

import pytest

from roi_core import cell_means
from roi_ui.lessons import channels
from roi_ui.session import traces


@pytest.fixture
def uncached_image_traces(monkeypatch):
    """``roi_ui.session.traces``' image functions without their session caches: the image's cell means computed
    from its pixels, ``both`` and ``channel_pool_traces`` run as they are (their cached helpers unwrapped)."""

    def image_maps(view, channels_count=None):
        return cell_means(view.image.rgb, view.settings.stride)[:channels_count]

    monkeypatch.setattr(traces, "image_maps", image_maps)
    monkeypatch.setattr(channels, "image_maps", image_maps)
    for name in ("_both", "_channel_pools"):
        monkeypatch.setattr(traces, name, getattr(traces, name).__wrapped__)
