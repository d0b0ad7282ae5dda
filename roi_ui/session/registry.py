"""The page registry: every page of the lesson, in order, with its file, number, title and summary.

The sidebar's navigation, the home page's links, each page's "Next" link, the
browser tests and the README's page table all read it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class LessonPage:
    """One page: ``file`` relative to the repository root, ``number`` 0 for the home page; ``sections`` are the
    parts presenter mode shows one at a time (none: the page is shown whole, or steps through on its own)."""

    number: int
    file: str
    title: str
    summary: str
    sections: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        """The navigation label: "3 · RoI Pooling" (the home page: its title)."""
        return f"{self.number} · {self.title}" if self.number else self.title

    @property
    def url_path(self) -> str:
        """The page's path in the app's URL: "RoI_Pooling" ("" for the home page)."""
        return Path(self.file).stem.partition("_")[2] if self.number else ""


HOME = LessonPage(0, "app.py", "Home", "The detector pipeline and where the RoI step sits in it.")
LESSONS = (
    LessonPage(
        1,
        "pages/1_Image_to_feature_map.py",
        "Image → feature map",
        "800 x 576 becomes 25 x 18: which cells hold the object?",
        ("The image and its feature map", "The object's values"),
    ),
    LessonPage(
        2,
        "pages/2_Quantization_error.py",
        "Quantization error",
        "Origin shift and crop: what is lost, what is added.",
        (
            "Step 1 · Divide the box by the stride",
            "Step 2 · Snap it to whole cells: two conventions",
            "Step 3 · The snapped boxes on the feature map",
            "Step 4 · What each convention loses and adds",
            "The slides' 7 x 7 examples",
        ),
    ),
    LessonPage(
        3, "pages/3_RoI_Pooling.py", "RoI Pooling", "Quantize twice, max per bin: step by step on the slides' map."
    ),
    LessonPage(
        4, "pages/4_RoI_Align.py", "RoI Align", "No rounding: sampling points and bilinear interpolation, worked out."
    ),
    LessonPage(
        5,
        "pages/5_Side_by_side.py",
        "Side by side",
        "Both outputs, their difference, and a sub-pixel shift.",
        (
            "Slide the box one pixel at a time",
            "The outputs at every shift",
            "What one pixel changes",
            "Which cells each method read",
        ),
    ),
    LessonPage(
        6,
        "pages/6_Channels.py",
        "Channels",
        "Pooling is done channel by channel.",
        (
            "Same bins, each channel its own maximum",
            "Where each channel's maximum comes from",
            "Stacked output: every channel pooled on its own",
            "One call for all channels: ours and torchvision's",
        ),
    ),
    LessonPage(
        7,
        "pages/7_Your_image.py",
        "Your image",
        "Upload a photo, drag a box: both methods on real pixels.",
        ("① Drag a box on the image", "② The feature map made from your image", "③ What each method sees"),
    ),
    LessonPage(
        8,
        "pages/8_Feature_pyramid.py",
        "Feature pyramid",
        "Mask R-CNN's FPN: which level a box is pooled from, and why.",
        (
            "Which level each box is pooled from",
            "The levels' grids around your box",
            "Your box pooled at every level",
        ),
    ),
    LessonPage(
        9,
        "pages/9_Method_zoo.py",
        "Method zoo",
        "ONNX, TensorFlow, detectron2, the papers: every RoI operator on your box.",
        (
            "What each method reads of your box, and gives",
            "ONNX RoiAlign's quirks",
            "Position-sensitive pooling: a score map per bin",
            "Step by step: one method, one bin",
            "The conventions, one row per method",
        ),
    ),
    LessonPage(
        10,
        "pages/10_Gradients.py",
        "Gradients",
        "The backward pass: where each method sends a bin's gradient, and PrRoI's pull on the box.",
        ("Where one bin's gradient goes", "What it means for training"),
    ),
    LessonPage(
        11,
        "pages/11_Textbook_examples.py",
        "Textbook examples",
        "d2l.ai, the RoI Align blog posts, deepsense.ai, the slides: their own examples, their own numbers.",
        ("The source's map and boxes", "Its numbers beside roi_core's"),
    ),
)
PAGES = (HOME, *LESSONS)


def lesson(number: int) -> LessonPage:
    """The lesson page numbered ``number`` (1 to 11)."""
    return LESSONS[number - 1]


def next_page(page: LessonPage) -> LessonPage | None:
    """The page after ``page`` in the lesson, or None after the last."""
    return PAGES[page.number + 1] if page.number + 1 < len(PAGES) else None


def markdown_table() -> str:
    """The pages as the README's Markdown table (``python -m roi_ui.session.registry`` prints it)."""
    rows = [f"| {page.label} | `{page.file}` | {page.summary} |" for page in PAGES]
    return "\n".join(["| page | file | what it shows |", "|---|---|---|", *rows])


if __name__ == "__main__":
    print(markdown_table())
