"""Members' logos and photos and the news images: checked by their content, and stored without their metadata.

They are public. A photo straight from a phone carries EXIF data (where it was taken, to a few metres, the
phone, the time), and PNG, JPEG and WebP files may carry text, XMP and comments: none of it is shown, all of it
would be served. Each image is decoded and written again with its pixels only (turned upright first, since the
EXIF orientation goes with the rest), and with its colour profile, which only says how to show the colours.
The same checks run for the focal points' forms and the admin's (the admin stored a GIF as image/png, and a
3.5 MB file past the 2 MB limit, before).
"""

from __future__ import annotations

import io
import os
import warnings
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps

FORMATS = {"PNG": "image/png", "JPEG": "image/jpeg", "WEBP": "image/webp"}
EXTENSIONS = {"PNG": "png", "JPEG": "jpg", "WEBP": "webp"}
MAX_PIXELS = 25_000_000


@dataclass(frozen=True)
class CleanImage:
    file: ContentFile
    content_type: str


def clean_image(upload) -> CleanImage:
    """The uploaded image, checked and written again without metadata; forms.ValidationError if refused."""
    if upload.size > settings.MEMBER_LOGO_MAX_BYTES:
        raise forms.ValidationError(
            _("The image is too large (%(size)s); the limit is %(limit)s."),
            params={"size": filesizeformat(upload.size), "limit": filesizeformat(settings.MEMBER_LOGO_MAX_BYTES)},
        )
    not_an_image = forms.ValidationError(_("Upload a PNG, JPEG or WebP image."))
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload)
            image_format = image.format
            if image_format not in FORMATS:
                raise not_an_image
            width, height = image.size
            if width * height > MAX_PIXELS:
                raise forms.ValidationError(_("The image has too many pixels; use one under 25 megapixels."))
            image.load()
    except forms.ValidationError:
        raise
    except (OSError, SyntaxError, ValueError, Image.DecompressionBombError, Image.DecompressionBombWarning) as error:
        raise not_an_image from error
    finally:
        upload.seek(0)
    # The uploader's name stays (the page's history shows it), with the extension of what the file really is.
    stem = os.path.splitext(os.path.basename(str(getattr(upload, "name", "") or "").replace("\\", "/")))[0]
    cleaned = _without_metadata(image, image_format)
    cleaned.name = f"{stem or 'image'}.{EXTENSIONS[image_format]}"
    return CleanImage(file=cleaned, content_type=FORMATS[image_format])


def _without_metadata(image: Image.Image, image_format: str) -> ContentFile:
    icc_profile = image.info.get("icc_profile")
    upright = ImageOps.exif_transpose(image)
    # Only what says how to draw the pixels is kept: nothing of `info` is written unless named here.
    upright.info = {key: value for key, value in upright.info.items() if key == "transparency"}
    options: dict = {"icc_profile": icc_profile} if icc_profile else {}
    if image_format == "JPEG":
        if upright.mode not in ("RGB", "L", "CMYK"):
            upright = upright.convert("RGB")
        options.update(quality=90, optimize=True)
    elif image_format == "WEBP":
        options.update(quality=90)
    buffer = io.BytesIO()
    upright.save(buffer, image_format, **options)
    return ContentFile(buffer.getvalue(), name=f"image.{EXTENSIONS[image_format]}")
