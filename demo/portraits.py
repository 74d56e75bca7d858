"""Friendly abstract portraits for demo therapists, drawn with Pillow.

No downloads and no photographs of real people: each portrait is a few soft shapes (a head,
shoulders, hair) on a coloured background, fully determined by a seed, so every demo load draws
the same pictures.
"""

from __future__ import annotations

import io
import random

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw, ImageFilter
from wagtail.images import get_image_model

SIZE = 800

BACKGROUNDS = ["#d8ece4", "#dfe7f5", "#f6e6d8", "#efe0ef", "#e6efd6", "#f3ecd2", "#dcecef", "#f2dede"]
SKIN_TONES = ["#f5d6c0", "#eac4a6", "#d7a583", "#c08a63", "#9c6b4a", "#7a4e33", "#5e3a26"]
HAIR_COLOURS = ["#2b211c", "#4a3325", "#7a5232", "#b78a52", "#d9c08a", "#8c8c8c", "#1e1e24", "#a2432c"]
CLOTHES = ["#0b6e4f", "#0a5a8a", "#6b4c9a", "#b5523b", "#3f5866", "#8a6d1f", "#2f7d7d", "#9b3d5f"]


def draw_portrait(seed: int | str, size: int = SIZE) -> PILImage.Image:
    """Draw one portrait; the same seed always gives the same picture."""
    rng = random.Random(f"portrait:{seed}")
    image = PILImage.new("RGB", (size, size), rng.choice(BACKGROUNDS))
    draw = ImageDraw.Draw(image)
    unit = size / 100

    def box(x0: float, y0: float, x1: float, y1: float) -> tuple[float, float, float, float]:
        return (x0 * unit, y0 * unit, x1 * unit, y1 * unit)

    # A large soft circle behind the figure, so portraits side by side do not look identical.
    accent = rng.choice(BACKGROUNDS)
    cx, cy, r = rng.uniform(15, 85), rng.uniform(10, 40), rng.uniform(20, 35)
    draw.ellipse(box(cx - r, cy - r, cx + r, cy + r), fill=accent)

    skin = rng.choice(SKIN_TONES)
    hair = rng.choice(HAIR_COLOURS)
    clothes = rng.choice(CLOTHES)
    head_w = rng.uniform(32, 38)
    head_h = head_w * rng.uniform(1.15, 1.3)
    head_top = rng.uniform(16, 22)
    left, right = 50 - head_w / 2, 50 + head_w / 2

    # Long hair sits behind the shoulders and the head.
    hair_style = rng.choice(["short", "long", "bun", "none"])
    if hair_style == "long":
        draw.rounded_rectangle(
            box(left - 4, head_top - 2, right + 4, head_top + head_h + 18), radius=12 * unit, fill=hair
        )

    # Shoulders and neck.
    draw.ellipse(box(12, 70, 88, 130), fill=clothes)
    draw.rectangle(box(50 - head_w / 5, head_top + head_h - 6, 50 + head_w / 5, 80), fill=skin)
    draw.pieslice(box(50 - head_w / 4, 62, 50 + head_w / 4, 80), 0, 180, fill=skin)

    # Head.
    draw.ellipse(box(left, head_top, right, head_top + head_h), fill=skin)

    # Hair on top.
    if hair_style in ("short", "long", "bun"):
        draw.chord(box(left - 1.5, head_top - 3, right + 1.5, head_top + head_h * 0.75), 180, 360, fill=hair)
    if hair_style == "bun":
        draw.ellipse(box(50 - 7, head_top - 11, 50 + 7, head_top + 3), fill=hair)

    # A calm face: two eyes and a gentle smile.
    eye_y = head_top + head_h * 0.52
    eye_dx = head_w * 0.2
    eye_r = 1.4
    for ex in (50 - eye_dx, 50 + eye_dx):
        draw.ellipse(box(ex - eye_r, eye_y - eye_r, ex + eye_r, eye_y + eye_r), fill="#2a2a2a")
    mouth_y = head_top + head_h * 0.7
    draw.arc(box(50 - 5, mouth_y - 3, 50 + 5, mouth_y + 3), 20, 160, fill="#5a2d2d", width=max(1, int(unit * 0.8)))

    return image.filter(ImageFilter.SMOOTH)


def portrait_focal_point(size: int = SIZE) -> tuple[int, int, int, int]:
    """The face's box (x, y, width, height) — every portrait puts the head in the same place."""
    unit = size / 100
    return int(28 * unit), int(12 * unit), int(44 * unit), int(56 * unit)


def create_portrait_image(seed: int | str, title: str | None = None, collection=None):
    """Save a portrait as a Wagtail image with its focal point on the face, and return it."""
    Image = get_image_model()
    buffer = io.BytesIO()
    draw_portrait(seed).save(buffer, format="JPEG", quality=85, optimize=True)
    buffer.seek(0)
    fields = {"title": title or f"Demo portrait {seed}"}
    if collection is not None:
        fields["collection"] = collection
    image = Image(**fields, file=ImageFile(buffer, name=f"portrait-{seed}.jpg"))
    x, y, width, height = portrait_focal_point()
    image.focal_point_x, image.focal_point_y = x + width // 2, y + height // 2
    image.focal_point_width, image.focal_point_height = width, height
    image.save()
    return image
