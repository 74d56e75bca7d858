"""Uploads that lie: files built in memory for the upload-refusal tests.

Each builder returns (file name, bytes). Nothing here is a real image a person would upload;
each one is what an attacker or a broken client sends.
"""

import io
import struct
import zlib

from PIL import Image


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data) & 0xFFFFFFFF)


def small_jpeg(size=(8, 8)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


def text_named_jpg() -> tuple[str, bytes]:
    return "photo.jpg", b"This is not a photograph, only text with a .jpg name.\n" * 20


def html_named_png() -> tuple[str, bytes]:
    return "portrait.png", b"<!doctype html><html><body><script>window.__pwned=1</script></body></html>"


def php_html_polyglot() -> tuple[str, bytes]:
    """GIF magic bytes in front of PHP and HTML: sniffs as GIF, runs as a script if served as one."""
    return "avatar.gif", b"GIF89a<?php system($_GET['c']); ?><script>window.__pwned=1</script>\x00;"


def svg_with_script() -> tuple[str, bytes]:
    return "logo.svg", (
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" height="10" '
        b'onload="window.__pwned=1"><script>window.__pwned=2</script><rect width="10" height="10"/></svg>'
    )


def oversized_jpeg(limit_bytes: int) -> tuple[str, bytes]:
    """A genuine JPEG padded past the size limit (trailing bytes after the image are legal)."""
    image = small_jpeg()
    return "huge.jpg", image + b"\x00" * (limit_bytes + 1 - len(image))


def png_with_hidden_payload() -> tuple[str, bytes]:
    """A genuine PNG carrying PHP and HTML in a text chunk and after its end: valid, but not clean."""
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16), (30, 90, 160)).save(buffer, "PNG")
    png = buffer.getvalue()
    iend = png.rindex(b"IEND") - 4
    payload = b"<?php system($_GET['c']); ?><script>window.__pwned=1</script>"
    chunk = _png_chunk(b"tEXt", b"Comment\x00" + payload)
    return "clean-looking.png", png[:iend] + chunk + png[iend:] + payload


def decompression_bomb(width: int = 20_000, height: int = 20_000) -> tuple[str, bytes]:
    """A one-bit PNG of width x height pixels that is only a few kilobytes on the wire.

    Decoded, it would need width*height bytes of memory (400 MB by default) — the point of a bomb.
    """
    row = b"\x00" + b"\x00" * ((width + 7) // 8)  # filter byte + packed 1-bit pixels
    compressor = zlib.compressobj(9)
    body = b"".join(compressor.compress(row * 500) for _ in range(height // 500))
    body += compressor.compress(row * (height % 500)) + compressor.flush()
    header = struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0)  # 1-bit greyscale
    png = b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header) + _png_chunk(b"IDAT", body) + _png_chunk(b"IEND", b"")
    return "bomb.png", png


def too_many_pixels_png(max_pixels: int) -> tuple[str, bytes]:
    """Just over our own pixel limit but under Pillow's bomb threshold: our setting must catch it."""
    side = int(max_pixels**0.5) + 2
    return "wide.png", decompression_bomb(side, side)[1]


# The refused uploads every upload path is tested with: (name, builder taking the settings-derived limits).
HOSTILE_IMAGE_UPLOADS = {
    "text named .jpg": lambda limits: text_named_jpg(),
    "HTML named .png": lambda limits: html_named_png(),
    "PHP/HTML polyglot with GIF magic": lambda limits: php_html_polyglot(),
    "SVG with script": lambda limits: svg_with_script(),
    "file over the size limit": lambda limits: oversized_jpeg(limits["bytes"]),
    "decompression bomb": lambda limits: decompression_bomb(),
    "more pixels than our limit": lambda limits: too_many_pixels_png(limits["pixels"]),
}
