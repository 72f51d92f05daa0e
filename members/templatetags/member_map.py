from django import template

from members.map import member_map as build_member_map

register = template.Library()


@register.inclusion_tag("members/includes/member_map.html")
def member_map(members, heading_id: str = "member-map-title"):
    """The map of the given members (loaded with their country): no query of its own."""
    return {**build_member_map(list(members)), "heading_id": heading_id}
