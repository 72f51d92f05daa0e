from django import template

register = template.Library()


@register.filter
def approved_decisions(decisions) -> list:
    """Decisions of minutes that members can read (approved at least once), for an action's page."""
    return [decision for decision in decisions if decision.minutes.current_version_id]
