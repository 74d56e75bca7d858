"""The README's screenshots, taken by the journey tests (test_journeys.py) at the steps worth showing.

With RELIEVE_SCREENSHOTS set to a folder (``make screenshots`` sets docs/screenshots), ``snap`` saves
what the window shows there as a small PNG; unset, it does nothing and the journeys are plain tests.
Windows, not whole pages: a screenshot shows what someone sees first. Quantised to 256 colours
(the site's colours are flat, the demo portraits drawn), which keeps each one around 100 KB.
"""

import io
import os
from pathlib import Path
from urllib.parse import urlsplit

from django.conf import settings
from PIL import Image

FOLDER_VARIABLE = "RELIEVE_SCREENSHOTS"


def screenshot_folder() -> Path | None:
    folder = os.environ.get(FOLDER_VARIABLE, "").strip()
    return Path(folder) if folder else None


def snap(page, name: str) -> Path | None:
    """Save the window as ``<folder>/<name>.png`` when screenshots are asked for; return its path."""
    folder = screenshot_folder()
    if folder is None:
        return None
    folder.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("networkidle")
    raw = page.screenshot(animations="disabled", caret="hide")
    image = Image.open(io.BytesIO(raw)).convert("RGB")
    path = folder / f"{name}.png"
    image.quantize(colors=256, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE).save(path, optimize=True)
    return path


def _blank_tile() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (256, 256), "#e9eeeb").save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


BLANK_TILE = _blank_tile()


def serve_blank_map_tiles(context) -> None:
    """Map tiles come from the tile server in the settings (OpenStreetMap's by default), which tests
    must not load from: every tile is a plain one, so maps show their markers on a blank ground."""
    tiles = urlsplit(settings.MAP_TILE_URL)
    context.route(
        f"{tiles.scheme}://{tiles.netloc}/**",
        lambda route: route.fulfill(status=200, content_type="image/png", body=BLANK_TILE),
    )
