"""A simulated camera: pictures of a meter's face with its nameplate barcode, drawn with Pillow.

The pictures are real JPEGs that zbar must find the barcode in (slightly turned,
with noise and uneven light), so scanning through the camera is exercised for
real in demo mode and tests. ``scenes`` cycles: each capture shows the next one.
"""

from __future__ import annotations

import io
import random
from collections.abc import Sequence
from dataclasses import dataclass

from PIL import Image, ImageDraw, ImageFilter, ImageFont

from device_drivers.barcode.labels import code128_image, qr_image
from device_drivers.camera.model import NoCameraError, Photo

_FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"


@dataclass(frozen=True, slots=True)
class MeterScene:
    """What is in front of the camera."""

    asset_no: str = "5102309418876227931535"
    reading_kwh: str = "01411.51"
    model: str = "DDZY1080C-Z"
    label: str = "code128"  # "code128", "qr" or "none" (a label torn off)
    tilt_deg: float = 4.0
    blur: float = 0.6


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    try:
        return ImageFont.truetype(_FONT, size, index=2)
    except OSError:
        return ImageFont.load_default(size)


def draw_meter(scene: MeterScene, seed: int = 0, size: tuple[int, int] = (1024, 768)) -> Image.Image:
    """A photo-like picture of a single-phase meter's face."""
    rng = random.Random(seed)
    img = Image.new("RGB", size, (96, 104, 96))  # the meter box behind
    draw = ImageDraw.Draw(img)
    body = (170, 40, 854, 728)
    draw.rounded_rectangle(body, radius=24, fill=(222, 224, 218), outline=(70, 70, 70), width=4)
    draw.text((200, 60), "单相费控智能电能表", font=_font(34), fill=(20, 20, 20))
    draw.text((200, 104), f"{scene.model}  220V 5(60)A 50Hz", font=_font(24), fill=(40, 40, 40))
    draw.rectangle((240, 160, 784, 290), fill=(150, 176, 140), outline=(40, 40, 40), width=3)  # LCD
    draw.text((270, 180), f"{scene.reading_kwh} kWh", font=_font(64), fill=(25, 35, 25))
    draw.text((200, 320), "国家电网公司", font=_font(26), fill=(20, 60, 120))
    if scene.label != "none":
        label = code128_image(scene.asset_no, module_width=0.28) if scene.label == "code128" \
            else qr_image(scene.asset_no, scale=5)
        label.thumbnail((580, 240))
        img.paste(label, ((size[0] - label.width) // 2, 390))
    # Camera effects: a slight turn, uneven light, sensor noise, soft focus.
    img = img.rotate(scene.tilt_deg, resample=Image.Resampling.BICUBIC, fillcolor=(90, 98, 90))
    shade = Image.linear_gradient("L").resize(size).point(lambda v: 200 + v // 5)
    img = Image.composite(img, Image.new("RGB", size, (0, 0, 0)), shade)
    noise = Image.effect_noise(size, 12 + rng.random() * 6).convert("RGB")
    img = Image.blend(img, noise, 0.06)
    return img.filter(ImageFilter.GaussianBlur(scene.blur))


def to_jpeg(image: Image.Image, quality: int = 88) -> bytes:
    buf = io.BytesIO()
    image.convert("RGB").save(buf, format="JPEG", quality=quality)
    return buf.getvalue()


class SimulatedCamera:
    """A :class:`Camera` that photographs simulated meters (``present=False``: no camera)."""

    def __init__(self, scenes: Sequence[MeterScene] = (MeterScene(),), present: bool = True) -> None:
        self.scenes = list(scenes)
        self.present = present
        self.captures = 0

    def capture(self) -> Photo:
        if not self.present or not self.scenes:
            raise NoCameraError("no camera found on this terminal")
        scene = self.scenes[self.captures % len(self.scenes)]
        image = draw_meter(scene, seed=self.captures)
        self.captures += 1
        return Photo(to_jpeg(image), "image/jpeg")
