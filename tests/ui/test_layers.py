"""The layers of roi_ui import only downwards, no lesson imports another, and roi_core stays pure NumPy."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
LAYERS = ("words", "plot", "images", "session", "lessons")  # each may import the ones before it


def imported_modules(path: Path) -> set[str]:
    """The absolute names of every module ``path`` imports (relative imports resolved)."""
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    names = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = package.rsplit(".", node.level - 1)[0] if node.level else ""
            module = ".".join(part for part in (base, node.module) if part)
            names.add(module)
            names.update(f"{module}.{alias.name}" for alias in node.names)
    return names


def layer(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if parts[0] == "roi_ui" and len(parts) > 1 and parts[1] in LAYERS else None


@pytest.mark.parametrize("path", sorted(ROOT.joinpath("roi_ui").rglob("*.py")), ids=lambda p: str(p.relative_to(ROOT)))
def test_roi_ui_imports_only_downwards(path):
    own = layer(".".join(path.relative_to(ROOT).with_suffix("").parts))
    if own is None:
        return
    allowed = set(LAYERS[: LAYERS.index(own) + 1])
    for module in imported_modules(path):
        other = layer(module)
        assert other is None or other in allowed, f"{path.name} ({own}) imports {module} ({other})"
        if own == "lessons" and other == "lessons" and len(module.split(".")) > 2:
            mine, theirs = path.stem, module.split(".")[2]
            same_lesson = theirs.startswith(mine) or mine.startswith(theirs)  # align + align_figures
            assert same_lesson or theirs == "__init__", f"lesson {mine} imports lesson {theirs}"


def test_roi_core_imports_neither_streamlit_nor_plotly_nor_roi_ui():
    for path in ROOT.joinpath("roi_core").rglob("*.py"):
        for module in imported_modules(path):
            assert module.split(".")[0] not in {"streamlit", "plotly", "roi_ui", "PIL"}, (path.name, module)


def test_pages_hold_no_helpers_and_no_lesson_maths():
    for path in ROOT.joinpath("pages").glob("*.py"):
        tree = ast.parse(path.read_text())
        helpers = [
            node.name
            for node in tree.body
            if isinstance(node, ast.FunctionDef | ast.ClassDef)
            and not any("fragment" in ast.unparse(d) for d in getattr(node, "decorator_list", ()))
        ]
        assert not helpers, f"{path.name} defines {helpers} (only st.fragment blocks of layout belong in a page)"
        assert not {"math", "numpy"} & {module.split(".")[0] for module in imported_modules(path)}, path.name
