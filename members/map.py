"""The map of the members: Cambodia, Laos and Vietnam drawn on the server as a small inline SVG.

The outlines are Natural Earth's 1:110m country boundaries (public domain, naturalearthdata.com), longitude and
latitude in degrees, drawn with an equirectangular projection scaled at the region's middle latitude: plain,
without tiles or scripts, and a few kilobytes. Each member with coordinates becomes a dot and a label; members
at the same place (ASAC's seat is in Phnom Penh) are fanned out around it with a line to the true position.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

# Natural Earth 110m admin 0 outlines (public domain), as (longitude, latitude) rings.
# fmt: off
OUTLINES: dict[str, tuple[tuple[float, float], ...]] = {
    "KH": (
        (103.49728, 10.632555), (103.09069, 11.153661), (102.584932, 12.186595), (102.348099, 13.394247),
        (102.988422, 14.225721), (104.281418, 14.416743), (105.218777, 14.273212), (106.043946, 13.881091),
        (106.496373, 14.570584), (107.382727, 14.202441), (107.614548, 13.535531), (107.491403, 12.337206),
        (105.810524, 11.567615), (106.24967, 10.961812), (105.199915, 10.88931), (104.334335, 10.486544),
    ),
    "LA": (
        (105.218777, 14.273212), (105.544338, 14.723934), (105.589039, 15.570316), (104.779321, 16.441865),
        (104.716947, 17.428859), (103.956477, 18.240954), (103.200192, 18.309632), (102.998706, 17.961695),
        (102.413005, 17.932782), (102.113592, 18.109102), (101.059548, 17.512497), (101.035931, 18.408928),
        (101.282015, 19.462585), (100.606294, 19.508344), (100.548881, 20.109238), (100.115988, 20.41785),
        (100.329101, 20.786122), (101.180005, 21.436573), (101.270026, 21.201652), (101.80312, 21.174367),
        (101.652018, 22.318199), (102.170436, 22.464753), (102.754896, 21.675137), (103.203861, 20.766562),
        (104.435, 20.758733), (104.822574, 19.886642), (104.183388, 19.624668), (103.896532, 19.265181),
        (105.094598, 18.666975), (105.925762, 17.485315), (106.556008, 16.604284), (107.312706, 15.908538),
        (107.564525, 15.202173), (107.382727, 14.202441), (106.496373, 14.570584), (106.043946, 13.881091),
    ),
    "VN": (
        (108.05018, 21.55238), (106.715068, 20.696851), (105.881682, 19.75205), (105.662006, 19.058165),
        (106.426817, 18.004121), (107.361954, 16.697457), (108.269495, 16.079742), (108.877107, 15.276691),
        (109.33527, 13.426028), (109.200136, 11.666859), (108.36613, 11.008321), (107.220929, 10.364484),
        (106.405113, 9.53084), (105.158264, 8.59976), (104.795185, 9.241038), (105.076202, 9.918491),
        (104.334335, 10.486544), (105.199915, 10.88931), (106.24967, 10.961812), (105.810524, 11.567615),
        (107.491403, 12.337206), (107.614548, 13.535531), (107.382727, 14.202441), (107.564525, 15.202173),
        (107.312706, 15.908538), (106.556008, 16.604284), (105.925762, 17.485315), (105.094598, 18.666975),
        (103.896532, 19.265181), (104.183388, 19.624668), (104.822574, 19.886642), (104.435, 20.758733),
        (103.203861, 20.766562), (102.754896, 21.675137), (102.170436, 22.464753), (102.706992, 22.708795),
        (103.504515, 22.703757), (104.476858, 22.81915), (105.329209, 23.352063), (105.811247, 22.976892),
        (106.725403, 22.794268), (106.567273, 22.218205), (107.04342, 21.811899),
    ),
}
# fmt: on
# Where each country's name is written (longitude, latitude): inside it, away from the members' dots.
COUNTRY_LABELS = {"KH": (105.75, 12.95), "LA": (101.55, 20.7), "VN": (107.85, 14.3)}

WEST, EAST, SOUTH, NORTH = 99.8, 110.6, 8.3, 23.7
SCALE = 38.0  # pixels per degree of latitude
COS_MIDDLE = math.cos(math.radians((SOUTH + NORTH) / 2))
DOT_RADIUS = 5.0
FONT_SIZE = 11.0
CHAR_WIDTH = 6.2  # a generous average for the label font at FONT_SIZE
SAME_PLACE = 2 * DOT_RADIUS + 2  # dots closer than this are fanned out


def project(longitude: float, latitude: float) -> tuple[float, float]:
    return (longitude - WEST) * COS_MIDDLE * SCALE, (NORTH - latitude) * SCALE


WIDTH, HEIGHT = project(EAST, SOUTH)


def _path(ring) -> str:
    points = [project(longitude, latitude) for longitude, latitude in ring]
    return "M" + "L".join(f"{x:.1f} {y:.1f}" for x, y in points) + "Z"


ACRONYM = re.compile(r"\(([A-Z0-9]{2,12})\)\s*$")


def short_label(name: str) -> str:
    """What the map writes beside a dot: a long name's acronym when it ends with one ("… du Cambodge (ASAC)")."""
    match = ACRONYM.search(name)
    return match.group(1) if match else name


@dataclass
class Marker:
    member: object
    x: float
    y: float
    true_x: float
    true_y: float
    label: str = ""
    label_x: float = 0.0
    label_y: float = 0.0
    anchor: str = "start"

    @property
    def moved(self) -> bool:
        return (self.x, self.y) != (self.true_x, self.true_y)


def _label_box(marker: Marker, side: str, text: str) -> tuple[float, float, float, float, float, float, str]:
    """Where a label goes on one side of its dot: (x0, y0, x1, y1) of its box, its text position and anchor."""
    width, gap = len(text) * CHAR_WIDTH, DOT_RADIUS + 3
    if side == "right":
        x, y, anchor = marker.x + gap, marker.y + FONT_SIZE * 0.35, "start"
        return x, y - FONT_SIZE, x + width, y + 2, x, y, anchor
    if side == "left":
        x, y, anchor = marker.x - gap, marker.y + FONT_SIZE * 0.35, "end"
        return x - width, y - FONT_SIZE, x, y + 2, x, y, anchor
    if side == "below":
        x, y, anchor = marker.x, marker.y + gap + FONT_SIZE, "middle"
    else:  # above
        x, y, anchor = marker.x, marker.y - gap, "middle"
    return x - width / 2, y - FONT_SIZE, x + width / 2, y + 2, x, y, anchor


def _overlaps(a, b) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _inside(box) -> bool:
    return box[0] >= 0 and box[1] >= 0 and box[2] <= WIDTH and box[3] <= HEIGHT


def member_map(members) -> dict:
    """What the template draws: the outlines, the countries' names, and one marker per member with coordinates."""
    placed = sorted(
        (member for member in members if member.latitude is not None and member.longitude is not None),
        # Cities keep their true place; an association sharing it (ASAC in Phnom Penh) is the one moved aside.
        key=lambda member: (
            member.kind == "association",
            -float(member.latitude),
            float(member.longitude),
            member.name,
        ),
    )
    markers: list[Marker] = []
    for member in placed:
        true_x, true_y = project(float(member.longitude), float(member.latitude))
        same = [other for other in markers if math.dist((other.true_x, other.true_y), (true_x, true_y)) < SAME_PLACE]
        x, y = true_x, true_y
        if same:
            # Fan the newcomer out below-left of the shared place, one step further for each member already there.
            angle = math.radians(200 + 50 * (len(same) - 1))
            distance = 3 * DOT_RADIUS + 2
            x, y = true_x + distance * math.cos(angle), true_y - distance * math.sin(angle)
        markers.append(Marker(member=member, x=x, y=y, true_x=true_x, true_y=true_y, label=short_label(member.name)))

    # Labels: the first side (right, left, below, above) that stays on the map and clear of the dots and of the
    # labels already placed; the right side if none is clear.
    dots = [(m.x - DOT_RADIUS, m.y - DOT_RADIUS, m.x + DOT_RADIUS, m.y + DOT_RADIUS) for m in markers]
    taken: list[tuple] = []
    for index, marker in enumerate(markers):
        others = dots[:index] + dots[index + 1 :]
        choice = None
        for side in ("right", "left", "below", "above"):
            candidate = _label_box(marker, side, marker.label)
            if _inside(candidate[:4]) and not any(_overlaps(candidate[:4], box) for box in others + taken):
                choice = candidate
                break
        choice = choice or _label_box(marker, "right", marker.label)
        taken.append(choice[:4])
        marker.label_x, marker.label_y, marker.anchor = choice[4], choice[5], choice[6]

    countries = {member.country.code: member.country for member in members if member.country_id}
    return {
        "width": f"{WIDTH:.0f}",
        "height": f"{HEIGHT:.0f}",
        "outlines": [(code, _path(ring)) for code, ring in OUTLINES.items()],
        "country_labels": [
            (countries[code].name, *(f"{value:.1f}" for value in project(*COUNTRY_LABELS[code])))
            for code in OUTLINES
            if code in countries
        ],
        "markers": markers,
        "unplaced": [member for member in members if member not in placed],
    }
