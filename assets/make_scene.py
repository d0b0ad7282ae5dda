"""Draw the RoI Lab example scene: a waving child and the child's father.

The picture (800 x 576 RGB, saved as ``scene_800x576.png`` next to this
script) is built for one region of interest, ``x, y, w, h = 300, 210, 230,
180``.  The child's silhouette fills exactly that box (head top at y=210,
feet at y=390, waving hand at x=300, outstretched hand at x=530).  The
father stands just to the right, behind the child, overlapping the box's
right edge (x ~ 505..640, y ~ 120..470).

On a stride-32 feature grid the box becomes (9.375, 6.5625, 16.5625,
12.1875) cells.  RoI Pooling with floor quantization keeps pixels
[288, 512) x [192, 352): it cuts off the child's right hand and legs.
Rounding (torchvision) keeps [288, 576) x [224, 416): it drops the top of
the child's head and brings in a slice of the father.  RoI Align samples
the true box and avoids both errors.

The drawing is fully deterministic (no randomness, no fonts, no text):
shapes are drawn at 2x resolution and reduced with a 2x2 box filter for
soft edges.  Regenerate with::

    .venv/bin/python assets/make_scene.py
"""

from __future__ import annotations

import itertools
import math
from pathlib import Path

from PIL import Image, ImageDraw

# --------------------------------------------------------------------------
# Geometry (final pixel coordinates; right/bottom bounds are exclusive)
# --------------------------------------------------------------------------
WIDTH, HEIGHT = 800, 576
SS = 2  # supersampling factor: draw at 2x, then reduce with a box filter

# The lesson's region of interest; the child fills it exactly.
BOX_X, BOX_Y, BOX_W, BOX_H = 300, 210, 230, 180
BOX_X1, BOX_Y1 = BOX_X + BOX_W, BOX_Y + BOX_H  # 530, 390

# Child (all extremes touch the box): big head, short body, waving.
CHILD_CX = 412  # body centre line
CHILD_HEAD_CY = 247  # head centre
CHILD_HEAD_R = 37  # hair ellipse reaches up to y = 210
CHILD_SHOULDER_Y = 292
CHILD_WAVE_HAND = (314, 238)  # raised hand, left edge at x = 300
CHILD_HOLD_HAND = (516, 306)  # hand holding dad's, right edge at x = 530
CHILD_HAND_R = 14
CHILD_FEET_Y = BOX_Y1  # soles at y = 390

# Adult (father): x ~ 505..640, y ~ 120..470, drawn behind the child.
ADULT_CX = 574
ADULT_HEAD_CY = 154
ADULT_HEAD_R = 34  # hair reaches up to y = 120
ADULT_HAND_L = (519, 314)  # holds the child's hand, left edge ~ 505
ADULT_HAND_R = (626, 326)  # hanging hand, right edge ~ 640
ADULT_HAND_R_RADIUS = 14
ADULT_FEET_Y = 470

# Background layout.
HORIZON_Y = 352  # top of the meadow
SUN_C, SUN_R = (712, 74), 40
TREE_X = 118  # trunk centre; whole tree stays at x < 250

# --------------------------------------------------------------------------
# Colours: child warm (orange/yellow), father cool (blue/navy), background
# light and muted.  Orange vs. blue stays distinct for all common forms of
# colour blindness; every child colour differs from every adult colour.
# --------------------------------------------------------------------------
SKY_TOP = (122, 178, 222)
SKY_BOTTOM = (206, 228, 240)
CLOUD = (246, 249, 252)
SUN = (255, 214, 92)
SUN_HALO = (250, 232, 170)
HILL = (176, 206, 158)
GRASS_TOP = (160, 200, 128)
GRASS_BOTTOM = (128, 174, 102)
GRASS_SHADOW = (130, 172, 104)
TRUNK = (120, 88, 62)
LEAVES = (86, 140, 92)
LEAVES_LIGHT = (108, 160, 104)

CHILD_SHIRT = (246, 138, 28)  # bright orange
CHILD_STRIPE = (255, 210, 60)  # yellow band across the shirt
CHILD_SHORTS = (178, 82, 30)  # dark orange-brown
CHILD_SKIN = (255, 214, 176)
CHILD_HAIR = (140, 78, 34)
CHILD_SHOES = (156, 40, 36)
CHILD_CHEEK = (250, 160, 140)

ADULT_SHIRT = (44, 96, 178)  # medium blue
ADULT_TROUSERS = (30, 42, 84)  # navy
ADULT_SKIN = (222, 170, 128)
ADULT_HAIR = (52, 46, 52)
ADULT_SHOES = (26, 26, 32)

FACE_DARK = (48, 36, 36)  # eyes and smiles (tiny, shared)

CHILD_COLOURS = (CHILD_SHIRT, CHILD_STRIPE, CHILD_SHORTS, CHILD_SKIN, CHILD_HAIR, CHILD_SHOES)
ADULT_COLOURS = (ADULT_SHIRT, ADULT_TROUSERS, ADULT_SKIN, ADULT_HAIR, ADULT_SHOES)

OUTPUT_NAME = "scene_800x576.png"


# --------------------------------------------------------------------------
# Drawing helpers (take final-pixel coordinates, draw at SS x resolution)
# --------------------------------------------------------------------------
def _s(v: float) -> float:
    return v * SS


def _ellipse(d: ImageDraw.ImageDraw, cx: float, cy: float, rx: float, ry: float, fill) -> None:
    """Filled ellipse covering final pixels [cx-rx, cx+rx) x [cy-ry, cy+ry)."""
    d.ellipse([_s(cx - rx), _s(cy - ry), _s(cx + rx) - 1, _s(cy + ry) - 1], fill=fill)


def _rect(d: ImageDraw.ImageDraw, x0: float, y0: float, x1: float, y1: float, fill, radius: float = 0) -> None:
    """Filled (rounded) rectangle covering final pixels [x0, x1) x [y0, y1)."""
    box = [_s(x0), _s(y0), _s(x1) - 1, _s(y1) - 1]
    if radius:
        d.rounded_rectangle(box, radius=_s(radius), fill=fill)
    else:
        d.rectangle(box, fill=fill)


def _limb(d: ImageDraw.ImageDraw, points, width: float, fill) -> None:
    """Thick poly-line with round caps and joints (an arm or a leg)."""
    r = width / 2
    for (x0, y0), (x1, y1) in itertools.pairwise(points):
        length = math.hypot(x1 - x0, y1 - y0)
        nx, ny = -(y1 - y0) / length * r, (x1 - x0) / length * r
        d.polygon(
            [
                (_s(x0 + nx), _s(y0 + ny)),
                (_s(x1 + nx), _s(y1 + ny)),
                (_s(x1 - nx), _s(y1 - ny)),
                (_s(x0 - nx), _s(y0 - ny)),
            ],
            fill=fill,
        )
    for x, y in points:
        _ellipse(d, x, y, r, r, fill)


def _smile(d: ImageDraw.ImageDraw, cx: float, cy: float, rx: float, ry: float, width: float) -> None:
    d.arc([_s(cx - rx), _s(cy - ry), _s(cx + rx), _s(cy + ry)], 25, 155, fill=FACE_DARK, width=round(_s(width)))


# --------------------------------------------------------------------------
# Scene parts
# --------------------------------------------------------------------------
def _draw_background(img: Image.Image) -> None:
    d = ImageDraw.Draw(img)
    w, h = img.size
    horizon = _s(HORIZON_Y)
    # Sky: vertical gradient, one flat colour per row (compresses well).
    for y in range(horizon):
        t = y / (horizon - 1)
        c = tuple(round(a + (b - a) * t) for a, b in zip(SKY_TOP, SKY_BOTTOM))
        d.line([(0, y), (w - 1, y)], fill=c)
    # Sun with a soft halo, top right (well away from the box).
    _ellipse(d, *SUN_C, SUN_R + 12, SUN_R + 12, SUN_HALO)
    _ellipse(d, *SUN_C, SUN_R, SUN_R, SUN)
    # Two puffy clouds, high up.
    for cx, cy, k in ((236, 78, 1.0), (448, 52, 0.8)):
        for dx, dy, r in ((-34, 6, 22), (0, -6, 30), (34, 4, 24), (-12, 12, 22), (16, 12, 22)):
            _ellipse(d, cx + dx * k, cy + dy * k, r * k, r * k, CLOUD)
    # Gentle distant hills along the horizon.
    _ellipse(d, 170, HORIZON_Y + 30, 260, 70, HILL)
    _ellipse(d, 700, HORIZON_Y + 40, 240, 62, HILL)
    # Meadow: vertical gradient below the horizon.
    for y in range(horizon, h):
        t = (y - horizon) / (h - 1 - horizon)
        c = tuple(round(a + (b - a) * t) for a, b in zip(GRASS_TOP, GRASS_BOTTOM))
        d.line([(0, y), (w - 1, y)], fill=c)
    # A round tree on the far left (x < 250, clear of the box).
    _rect(d, TREE_X - 13, 250, TREE_X + 13, 392, TRUNK, radius=4)
    _limb(d, [(TREE_X, 300), (TREE_X + 34, 270)], 12, TRUNK)
    for dx, dy, r in ((0, -30, 64), (-44, 8, 46), (46, 6, 48), (0, 26, 44)):
        _ellipse(d, TREE_X + dx, 222 + dy, r, r, LEAVES)
    for dx, dy, r in ((-18, -52, 26), (28, -30, 20), (-40, -4, 16)):
        _ellipse(d, TREE_X + dx, 222 + dy, r, r, LEAVES_LIGHT)
    # Soft shadows on the grass under the tree, the child and the father.
    _ellipse(d, TREE_X, 393, 62, 9, GRASS_SHADOW)
    _ellipse(d, CHILD_CX, CHILD_FEET_Y + 2, 72, 9, GRASS_SHADOW)
    _ellipse(d, ADULT_CX, ADULT_FEET_Y + 2, 82, 10, GRASS_SHADOW)


def _draw_adult(d: ImageDraw.ImageDraw) -> None:
    cx = ADULT_CX
    # Legs (navy trousers) and shoes.
    _rect(d, cx - 44, 318, cx + 42, 356, ADULT_TROUSERS, radius=10)
    _limb(d, [(cx - 24, 340), (cx - 28, 452)], 34, ADULT_TROUSERS)
    _limb(d, [(cx + 22, 340), (cx + 28, 452)], 34, ADULT_TROUSERS)
    _ellipse(d, cx - 36, ADULT_FEET_Y - 10, 24, 10, ADULT_SHOES)
    _ellipse(d, cx + 34, ADULT_FEET_Y - 10, 24, 10, ADULT_SHOES)
    # Arms (long blue sleeves) with hands.
    _limb(d, [(cx - 32, 206), (cx - 48, 262), ADULT_HAND_L], 26, ADULT_SHIRT)
    _limb(d, [(cx + 32, 206), (cx + 46, 264), (ADULT_HAND_R[0], 306)], 26, ADULT_SHIRT)
    _ellipse(d, *ADULT_HAND_L, 13, 13, ADULT_SKIN)
    _ellipse(d, *ADULT_HAND_R, ADULT_HAND_R_RADIUS, ADULT_HAND_R_RADIUS, ADULT_SKIN)
    # Torso (shirt), neck.
    _rect(d, cx - 46, 188, cx + 46, 334, ADULT_SHIRT, radius=24)
    _rect(d, cx - 9, 176, cx + 9, 196, ADULT_SKIN)
    d.polygon([(_s(cx - 14), _s(188)), (_s(cx), _s(206)), (_s(cx + 14), _s(188))], fill=ADULT_SKIN)  # open collar
    # Head: hair cap, face, ears, eyes, smile, short beard line.
    hy, r = ADULT_HEAD_CY, ADULT_HEAD_R
    _ellipse(d, cx, hy - 4, r, r - 4, ADULT_HAIR)
    _ellipse(d, cx - r + 3, hy + 6, 7, 9, ADULT_SKIN)
    _ellipse(d, cx + r - 3, hy + 6, 7, 9, ADULT_SKIN)
    _ellipse(d, cx, hy + 8, r - 4, r - 6, ADULT_SKIN)
    _ellipse(d, cx - 8, hy - 14, 22, 10, ADULT_HAIR)  # side-swept fringe
    _ellipse(d, cx - 11, hy + 2, 3.5, 3.5, FACE_DARK)
    _ellipse(d, cx + 11, hy + 2, 3.5, 3.5, FACE_DARK)
    _smile(d, cx, hy + 10, 11, 9, 2.5)


def _draw_child(d: ImageDraw.ImageDraw) -> None:
    cx, sy = CHILD_CX, CHILD_SHOULDER_Y
    # Legs, feet.
    _limb(d, [(cx - 14, 346), (cx - 30, 376)], 18, CHILD_SKIN)
    _limb(d, [(cx + 14, 346), (cx + 30, 376)], 18, CHILD_SKIN)
    _ellipse(d, cx - 38, CHILD_FEET_Y - 10, 20, 10, CHILD_SHOES)
    _ellipse(d, cx + 38, CHILD_FEET_Y - 10, 20, 10, CHILD_SHOES)
    # Shorts.
    _rect(d, cx - 31, 330, cx + 31, 358, CHILD_SHORTS, radius=8)
    # Waving arm (viewer's left): sleeve, bare forearm, hand.
    elbow_l = (cx - 62, sy - 6)
    _limb(d, [elbow_l, CHILD_WAVE_HAND], 18, CHILD_SKIN)
    _limb(d, [(cx - 22, sy), (cx - 46, sy - 3)], 24, CHILD_SHIRT)
    _ellipse(d, *CHILD_WAVE_HAND, CHILD_HAND_R, CHILD_HAND_R, CHILD_SKIN)
    # Arm reaching to hold dad's hand (viewer's right).
    _limb(d, [(cx + 40, sy + 4), CHILD_HOLD_HAND], 18, CHILD_SKIN)
    _limb(d, [(cx + 22, sy), (cx + 48, sy + 4)], 24, CHILD_SHIRT)
    _ellipse(d, *CHILD_HOLD_HAND, CHILD_HAND_R, CHILD_HAND_R, CHILD_SKIN)
    # Shirt with a yellow band.
    _rect(d, cx - 34, 276, cx + 34, 342, CHILD_SHIRT, radius=16)
    _rect(d, cx - 34, 306, cx + 34, 318, CHILD_STRIPE)
    # Head: hair, face, ears, eyes, cheeks, smile.
    hy, r = CHILD_HEAD_CY, CHILD_HEAD_R
    _ellipse(d, cx, hy, r + 2, r, CHILD_HAIR)
    _ellipse(d, cx - r + 1, hy + 8, 8, 10, CHILD_SKIN)
    _ellipse(d, cx + r - 1, hy + 8, 8, 10, CHILD_SKIN)
    _ellipse(d, cx, hy + 10, r - 3, r - 9, CHILD_SKIN)
    # Fringe: three hair scallops over the forehead.
    for dx in (-16, 0, 16):
        _ellipse(d, cx + dx, hy - 16, 13, 9, CHILD_HAIR)
    _ellipse(d, cx - 12, hy + 6, 4.5, 5, FACE_DARK)
    _ellipse(d, cx + 12, hy + 6, 4.5, 5, FACE_DARK)
    _ellipse(d, cx - 22, hy + 18, 6, 4, CHILD_CHEEK)
    _ellipse(d, cx + 22, hy + 18, 6, 4, CHILD_CHEEK)
    _smile(d, cx, hy + 14, 12, 10, 3)


def draw_scene() -> Image.Image:
    """Return the 800 x 576 RGB scene (deterministic)."""
    big = Image.new("RGB", (WIDTH * SS, HEIGHT * SS), SKY_TOP)
    _draw_background(big)
    d = ImageDraw.Draw(big)
    _draw_adult(d)  # father first: the child is in front where they overlap
    _draw_child(d)
    return big.reduce(SS)


def main() -> None:
    out = Path(__file__).resolve().parent / OUTPUT_NAME
    draw_scene().save(out, format="PNG", optimize=True)
    print(f"wrote {out} ({out.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
