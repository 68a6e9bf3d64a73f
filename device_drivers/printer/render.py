"""Draw a printed :class:`Page` as a picture of the paper (58 mm roll: 384 dots a line).

Font A on these printers is 12x24 dots (CJK 24x24), 32 columns; the picture uses
Noto Sans CJK at that cell size so a reviewer sees what the customer gets.
"""

from __future__ import annotations

import io
import unicodedata
from pathlib import Path

import segno
from PIL import Image, ImageDraw, ImageFont

from device_drivers.printer.page import Block, Page, QrBlock, RasterBlock, Run, TextLine

PAPER_DOTS = 384
MARGIN = 12
CELL = 24
LINE_GAP = 6
_FONT_DIR = Path("/usr/share/fonts/opentype/noto")
_fonts: dict[tuple[int, bool], ImageFont.FreeTypeFont | ImageFont.ImageFont] = {}


def cjk_font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    """Noto Sans CJK (Simplified Chinese face) at ``size`` pixels, or Pillow's default font."""
    key = (size, bold)
    if key not in _fonts:
        path = _FONT_DIR / ("NotoSansCJK-Bold.ttc" if bold else "NotoSansCJK-Regular.ttc")
        if path.is_file():
            _fonts[key] = ImageFont.truetype(str(path), size, index=2)  # index 2: the SC face
        else:
            _fonts[key] = ImageFont.load_default(size)
    return _fonts[key]


def _run_image(run: Run) -> Image.Image:
    """A run on the printer's grid: 12x24 dot cells, a wide (CJK) character taking two."""
    style = run.style
    cell_w, height = CELL // 2 * style.width, CELL * style.height
    cells = [2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in run.text]
    ink, paper = (255, 0) if style.invert else (0, 255)
    img = Image.new("L", (max(sum(cells) * CELL // 2, 1), CELL), paper)
    draw = ImageDraw.Draw(img)
    font = cjk_font(CELL - 3, style.bold)
    x = 0
    for ch, width in zip(run.text, cells, strict=True):
        draw.text((x + width * CELL // 4, CELL - 5), ch, font=font, fill=ink, anchor="ms")
        x += width * CELL // 2
    if style.underline:
        draw.line((0, CELL - 2, img.width, CELL - 2), fill=ink, width=2)
    if (style.width, style.height) != (1, 1):
        img = img.resize((sum(cells) * cell_w, height), Image.Resampling.BICUBIC)
    return img


def _line_image(line: TextLine) -> Image.Image:
    parts = [_run_image(run) for run in line.runs if run.text]
    height = max((p.height for p in parts), default=CELL)
    img = Image.new("L", (sum(p.width for p in parts), height), 255)
    x = 0
    for part in parts:
        img.paste(part, (x, height - part.height))
        x += part.width
    return img


def _qr_image(block: QrBlock) -> Image.Image:
    buf = io.BytesIO()
    segno.make(block.data, micro=False).save(buf, kind="png", scale=max(block.module_size, 1), border=2)
    buf.seek(0)
    return Image.open(buf).convert("L")


def _raster_image(block: RasterBlock) -> Image.Image:
    size = (block.width_bytes * 8, block.height)
    return Image.frombytes("1", size, block.data, "raw", "1;I").convert("L")


def _block_image(block: Block) -> tuple[Image.Image, str]:
    if isinstance(block, TextLine):
        return _line_image(block), block.align
    if isinstance(block, QrBlock):
        return _qr_image(block), block.align
    return _raster_image(block), block.align


def render_page(page: Page) -> Image.Image:
    """The receipt as a greyscale picture, white paper on a grey border."""
    images = [_block_image(block) for block in page.blocks]
    height = sum(img.height + LINE_GAP for img, _ in images) + 2 * MARGIN
    paper = Image.new("L", (PAPER_DOTS, height), 255)
    y = MARGIN
    for full, align in images:
        # A printer drops what does not fit on the line; so does the picture.
        img = full.crop((0, 0, PAPER_DOTS, full.height)) if full.width > PAPER_DOTS else full
        x = {"center": (PAPER_DOTS - img.width) // 2, "right": PAPER_DOTS - img.width}.get(align, 0)
        paper.paste(img, (x, y))
        y += img.height + LINE_GAP
    framed = Image.new("L", (PAPER_DOTS + 2 * MARGIN, height + 2 * MARGIN), 200)
    framed.paste(paper, (MARGIN, MARGIN))
    return framed


def render_png(page: Page) -> bytes:
    buf = io.BytesIO()
    render_page(page).save(buf, format="PNG")
    return buf.getvalue()
