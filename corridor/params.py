"""The parameters a map picture takes, checked once, importable without matplotlib (the CLI's help reads the
defaults)."""

from __future__ import annotations

from dataclasses import dataclass

from corridor.errors import BadParameter

MIN_WIDTH_PX, MAX_WIDTH_PX = 300, 6000
MIN_DPI, MAX_DPI = 50, 600


@dataclass(frozen=True)
class PictureOptions:
    """Pixel size, resolution and whether to draw the legend."""

    width_px: int = 1600
    height_px: int = 1100
    dpi: int = 150
    legend: bool = True

    def __post_init__(self) -> None:
        for name, value in (("width", self.width_px), ("height", self.height_px)):
            if not MIN_WIDTH_PX <= value <= MAX_WIDTH_PX:
                raise BadParameter(f"The {name} must be between {MIN_WIDTH_PX} and {MAX_WIDTH_PX} px; got {value}")
        if not MIN_DPI <= self.dpi <= MAX_DPI:
            raise BadParameter(f"The dpi must be between {MIN_DPI} and {MAX_DPI}; got {self.dpi}")
