"""The action plan's texts a reader sees, in French (the source) and English (django-modeltranslation).

An action's short title is the start of its activities, so it follows their language."""

from modeltranslation.translator import TranslationOptions, register

from .models import Action, ActionPlan, Axis, Milestone, Partner, Project, ThematicRoadmap, Theme, WorkingModality


@register(Theme)
class ThemeTranslation(TranslationOptions):
    fields = ("name", "description")


@register(WorkingModality)
class WorkingModalityTranslation(TranslationOptions):
    fields = ("name",)


@register(ActionPlan)
class ActionPlanTranslation(TranslationOptions):
    fields = ("title", "summary")


@register(Axis)
class AxisTranslation(TranslationOptions):
    fields = ("title", "objective")


@register(Partner)
class PartnerTranslation(TranslationOptions):
    fields = ("name", "next_step")


@register(Action)
class ActionTranslation(TranslationOptions):
    fields = ("activities", "current_state", "planned_activities", "proposals")


@register(ThematicRoadmap)
class ThematicRoadmapTranslation(TranslationOptions):
    fields = ("title", "description")


@register(Milestone)
class MilestoneTranslation(TranslationOptions):
    # "when" is a date in words ("mi-juin 2023"): the reader's language says it ("mid-June 2023").
    fields = ("title", "when")


@register(Project)
class ProjectTranslation(TranslationOptions):
    fields = ("title", "description", "funding")
