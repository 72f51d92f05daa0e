import datetime
import zoneinfo
from decimal import Decimal

import factory
from django.contrib.auth.models import Group

from accounts.models import COORDINATION_GROUP, User
from actionplan.models import Action, ActionPlan, Axis, Theme
from documents.models import Document
from events.models import Event
from members.models import Country, DuesPayment, DuesRecord, DuesYear, FocalPoint, Member, Person

PASSWORD = "correct horse battery staple"
# "The future" of the fixtures, counted from today: four years ahead (2030 when they were written, in 2026), so that
# the suite means the same whatever the date it runs on.
FUTURE_YEAR = datetime.date.today().year + 4
PHNOM_PENH = zoneinfo.ZoneInfo("Asia/Phnom_Penh")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def saved(self, create, extracted, **kwargs):
        if create:
            self.save()


class CoordinatorFactory(UserFactory):
    is_staff = True

    @factory.post_generation
    def coordination(self, create, extracted, **kwargs):
        if create:
            self.groups.add(Group.objects.get_or_create(name=COORDINATION_GROUP)[0])


class CountryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Country
        django_get_or_create = ("code",)

    code = "KH"
    name = "Cambodge"


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    name = factory.Sequence(lambda n: f"Ville {n}")
    slug = factory.Sequence(lambda n: f"ville-{n}")
    country = factory.SubFactory(CountryFactory)


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    # A name that never repeats: Faker's names can, and (name, organisation) is unique.
    full_name = factory.Sequence(lambda n: f"Personne {n:04d}")
    member = factory.SubFactory(MemberFactory)


class FocalPointFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FocalPoint

    member = factory.SubFactory(MemberFactory)
    person = factory.SubFactory(PersonFactory, member=factory.SelfAttribute("..member"))
    confirmed_on = datetime.date(2023, 6, 15)


class DuesRecordFactory(factory.django.DjangoModelFactory):
    """A member's dues of a year, written the way the ledger used to be (status, amount paid, date, reference): the
    amount paid becomes a payment, "exempt" the exemption; a status without an amount paid pays in full ("paid"),
    half ("partial") or nothing ("unpaid")."""

    class Meta:
        model = DuesRecord

    member = factory.SubFactory(MemberFactory)
    year = 2026
    amount_due = 1000
    status = DuesRecord.Status.PAID
    amount_paid = None
    paid_on = None
    reference = ""

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        status = kwargs.pop("status")
        paid = kwargs.pop("amount_paid")
        paid_on, reference = kwargs.pop("paid_on"), kwargs.pop("reference")
        kwargs["exempt"] = status == DuesRecord.Status.EXEMPT
        record = super()._create(model_class, *args, **kwargs)
        if paid is None:
            year_amount = DuesYear.objects.filter(year=record.year).values_list("amount", flat=True).first()
            due = Decimal(record.amount_due if record.amount_due is not None else year_amount or 0)
            paid = {"paid": due, "partial": due / 2}.get(status, 0)
        if Decimal(paid) > 0:
            DuesPayment.objects.create(
                record=record, amount=paid, paid_on=paid_on, method=DuesPayment.Method.TRANSFER, reference=reference
            )
        return record


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    slug = factory.Sequence(lambda n: f"theme-{n}")
    name = factory.Sequence(lambda n: f"Thème {n}")
    kind = Theme.Kind.MAIN


class ActionPlanFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ActionPlan
        django_get_or_create = ("year",)

    year = 2030
    title = factory.LazyAttribute(lambda o: f"Plan d'action {o.year}")


class AxisFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Axis

    plan = factory.SubFactory(ActionPlanFactory)
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Axe {n}")


class ActionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Action

    axis = factory.SubFactory(AxisFactory)
    plan = factory.SelfAttribute("axis.plan")
    number = factory.Sequence(lambda n: n + 1)
    activities = factory.Faker("sentence", locale="fr_FR")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    slug = factory.Sequence(lambda n: f"evenement-{n}")
    kind = Event.Kind.WORKSHOP
    title = factory.Sequence(lambda n: f"Atelier {n}")
    timezone = "Asia/Phnom_Penh"
    starts_at = factory.LazyFunction(lambda: datetime.datetime(FUTURE_YEAR, 3, 1, 9, 0, tzinfo=PHNOM_PENH))
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + datetime.timedelta(hours=3))
    year = factory.LazyAttribute(lambda o: o.starts_at.year)


class DocumentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Document

    title = factory.Sequence(lambda n: f"Document {n}")
    published_on = datetime.date(2023, 5, 31)


# ---- events (issue 5) -------------------------------------------------------------------------------------------


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Session"

    event = factory.SubFactory(EventFactory)
    order = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Session {n}")
    starts_at = factory.LazyAttribute(lambda o: o.event.starts_at)
    ends_at = factory.LazyAttribute(lambda o: o.event.starts_at + datetime.timedelta(minutes=30))


# The events tests name it so; every PersonFactory name is unique now.
NamedPersonFactory = PersonFactory


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.Registration"

    event = factory.SubFactory(EventFactory)
    person = factory.SubFactory(NamedPersonFactory)


class HostingCandidatureFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "events.HostingCandidature"

    member = factory.SubFactory(MemberFactory)
    year = FUTURE_YEAR
    message = "Nous proposons d'accueillir la réunion annuelle."


# ---- action plan (issue 4) --------------------------------------------------------------------------------------


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actionplan.Partner"

    name = factory.Sequence(lambda n: f"Partenaire {n}")
    kind = "donor"


class ProjectFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actionplan.Project"

    slug = factory.Sequence(lambda n: f"projet-{n}")
    title = factory.Sequence(lambda n: f"Projet {n}")
    theme = factory.SubFactory(ThemeFactory)


class ProgressUpdateFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actionplan.ProgressUpdate"

    action = factory.SubFactory(ActionFactory)
    author = factory.SubFactory(UserFactory)
    date = datetime.date(FUTURE_YEAR, 3, 1)
    text = factory.Faker("sentence", locale="fr_FR")


class ThematicRoadmapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "actionplan.ThematicRoadmap"

    slug = factory.Sequence(lambda n: f"feuille-de-route-{n}")
    title = factory.Sequence(lambda n: f"Feuille de route {n}")
    start_year = 2030
    end_year = 2031


# ---- documents (issue 6) ----------------------------------------------------------------------------------------

MINIMAL_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


class DocumentVersionFactory(factory.django.DjangoModelFactory):
    """A version with a real stored file (under MEDIA_ROOT: point it at a temporary folder in tests)."""

    class Meta:
        model = "documents.DocumentVersion"

    document = factory.SubFactory(DocumentFactory)
    number = factory.Sequence(lambda n: n + 1)
    file = factory.django.FileField(data=MINIMAL_PDF, filename="version.pdf")
    original_name = factory.Sequence(lambda n: f"Version {n}.pdf")
    content_type = "application/pdf"
    size = len(MINIMAL_PDF)


# ---- news and the monthly digest (issue 9) ----------------------------------------------------------------------


class NewsItemFactory(factory.django.DjangoModelFactory):
    """A published news item (pass status="draft" or "submitted" and published_at=None for one that is not)."""

    class Meta:
        model = "members.NewsItem"

    member = factory.SubFactory(MemberFactory)
    author = factory.SubFactory(UserFactory)
    title = factory.Sequence(lambda n: f"Nouvelle {n}")
    text = factory.Faker("paragraph", locale="fr_FR")
    status = "published"
    published_at = factory.LazyFunction(lambda: datetime.datetime(FUTURE_YEAR, 3, 1, 9, 0, tzinfo=datetime.UTC))


class DigestSubscriptionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "digest.Subscription"

    person = factory.SubFactory(PersonFactory, user=factory.SubFactory(UserFactory))
    subscribed = True


# ---- minutes (issue 7) ------------------------------------------------------------------------------------------


class MinutesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "minutes.Minutes"

    event = factory.SubFactory(
        EventFactory,
        kind=Event.Kind.ANNUAL_MEETING,
        starts_at=datetime.datetime(2025, 5, 18, 8, 0, tzinfo=zoneinfo.ZoneInfo("Asia/Phnom_Penh")),
    )
    summary = "Réunion de travail du réseau."


class MinutesAttendeeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "minutes.MinutesAttendee"

    minutes = factory.SubFactory(MinutesFactory)
    person = factory.SubFactory(NamedPersonFactory)
    presence = "present"


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "minutes.Decision"

    minutes = factory.SubFactory(MinutesFactory)
    section = "network"
    kind = "decision"
    number = factory.Sequence(lambda n: n + 1)
    title = factory.Sequence(lambda n: f"Décision {n}")
    text = factory.Faker("sentence", locale="fr_FR")


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = "minutes.FollowUp"

    minutes = factory.SubFactory(MinutesFactory)
    number = factory.Sequence(lambda n: n + 1)
    text = factory.Faker("sentence", locale="fr_FR")
    owner_label = "La coordination"
    due_on = datetime.date(2025, 6, 15)
