"""Where the network's members are, for the map (members.map).

Not from the deck, which gives no coordinates: the location of each member's city (for a province, its capital
town; for ASAC, an association of Cambodia's local authorities, Phnom Penh, the capital), in decimal degrees
(WGS 84), rounded to about a kilometre. The coordinator can correct any of them in the admin; loading the 2023
data only fills the ones still empty.
"""

from decimal import Decimal

MEMBER_COORDINATES: dict[str, tuple[Decimal, Decimal]] = {
    slug: (Decimal(latitude), Decimal(longitude))
    for slug, latitude, longitude in [
        ("phnom-penh", "11.5564", "104.9282"),
        ("siem-reap", "13.3633", "103.8564"),
        ("kampot", "10.6104", "104.1815"),
        ("battambang", "13.0957", "103.2022"),
        ("asac", "11.5564", "104.9282"),
        ("vientiane", "17.9757", "102.6331"),
        ("luang-prabang", "19.8856", "102.1347"),
        ("hue", "16.4637", "107.5909"),
        ("can-tho", "10.0452", "105.7469"),
        ("hai-phong", "20.8449", "106.6881"),
        ("yen-bai", "21.7168", "104.8986"),
        ("ho-chi-minh-ville", "10.7769", "106.7009"),
    ]
}
