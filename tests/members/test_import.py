"""CSV import of members and dues in the admin: a dry run first, errors line by line, all or nothing."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from members.models import Country, DuesRecord, Member
from members.selectors import member_dues
from tests.factories import MemberFactory
from tests.utils import page_text

pytestmark = pytest.mark.django_db

MEMBERS_HEADER = "slug,name,local_name,kind,country,is_aimf_member,email,phone,website,description"


@pytest.fixture
def countries(db):
    Country.objects.get_or_create(code="KH", defaults={"name": "Cambodge"})
    Country.objects.get_or_create(code="LA", defaults={"name": "Laos"})


def upload(client, url, content: bytes, name="import.csv"):
    return client.post(
        url, {"import_file": SimpleUploadedFile(name, content, "text/csv"), "format": "0", "resource": "0"}
    )


def confirm(client, url, response):
    form = response.context["confirm_form"]
    return client.post(url.replace("/import/", "/process_import/"), {**form.initial}, follow=True)


def test_member_import_dry_run_then_confirm(coordinator_client, countries):
    content = (
        f"{MEMBERS_HEADER}\n"
        "pursat,Province de Pursat,ពោធិ៍សាត់,province,KH,true,contact@pursat.example,,,Province de l'ouest\n"
        "pakse,Pakxé,ປາກເຊ,city,LA,false,,,,\n"
    ).encode()
    response = upload(coordinator_client, "/admin/members/member/import/", content)
    assert response.status_code == 200
    assert response.context["confirm_form"] is not None
    assert not Member.objects.filter(slug__in=["pursat", "pakse"]).exists()  # a dry run writes nothing
    confirm(coordinator_client, "/admin/members/member/import/", response)
    pursat = Member.objects.get(slug="pursat")
    assert pursat.local_name == "ពោធិ៍សាត់" and pursat.kind == "province" and pursat.country.code == "KH"
    assert Member.objects.get(slug="pakse").is_aimf_member is False


def test_member_import_with_bad_lines_lists_them_and_imports_nothing(coordinator_client, countries):
    content = (
        f"{MEMBERS_HEADER}\n"
        "pursat,Province de Pursat,,province,KH,true,,,,\n"
        "atlantis,Atlantis,,city,ZZ,true,,,,\n"
        "mauvaise,Ville,,planet,KH,true,pas-une-adresse,,,\n"
    ).encode()
    response = upload(coordinator_client, "/admin/members/member/import/", content)
    text = page_text(response)
    assert response.context.get("confirm_form") is None
    # Lines of the file: the header is line 1.
    assert "Pays inconnu : « ZZ »" in text
    assert "planet" in text and "courriel valide" in text
    assert not Member.objects.filter(slug__in=["pursat", "atlantis", "mauvaise"]).exists()


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252"])
def test_dues_import_accepts_utf8_with_bom_and_latin1(coordinator_client, encoding):
    MemberFactory(slug="hue")
    content = "member,year,amount_due,amount_paid,status,paid_on,reference\nhue,2025,1000,1000,paid,2025-03-02,Réf. é\n"
    response = upload(coordinator_client, "/admin/members/duesrecord/import/", content.encode(encoding))
    assert response.context["confirm_form"] is not None, page_text(response)[:2000]
    confirm(coordinator_client, "/admin/members/duesrecord/import/", response)
    record = DuesRecord.objects.get(member__slug="hue", year=2025)
    payment = record.payments.get()
    assert payment.reference == "Réf. é" and payment.amount == 1000 and str(payment.paid_on) == "2025-03-02"
    assert member_dues(member=record.member, year=2025).status == "paid"


def test_dues_import_reads_semicolon_separated_files_from_french_spreadsheets(coordinator_client):
    MemberFactory(slug="kampot")
    content = "member;year;amount_due;amount_paid;status;paid_on;reference\nkampot;2025;1000,50;500;partial;;\n"
    response = upload(coordinator_client, "/admin/members/duesrecord/import/", content.encode("cp1252"))
    assert response.context["confirm_form"] is not None, page_text(response)[-1500:]
    confirm(coordinator_client, "/admin/members/duesrecord/import/", response)
    record = DuesRecord.objects.get(member__slug="kampot", year=2025)
    assert str(record.amount_due) == "1000.50"
    line = member_dues(member=record.member, year=2025)
    assert (line.status, line.paid, line.balance) == ("partial", 500, Decimal("500.50"))


def test_dues_import_with_wrong_columns_says_which(coordinator_client):
    MemberFactory(slug="hue")
    response = upload(coordinator_client, "/admin/members/duesrecord/import/", b"ville;annee;montant\nhue;2025;100\n")
    text = page_text(response)
    assert response.context.get("confirm_form") is None
    assert "Colonnes incorrectes. Manquantes : member, year, status. Inconnues : ville, annee, montant." in text
    assert not DuesRecord.objects.exists()


def test_dues_import_with_bad_values_imports_nothing(coordinator_client):
    MemberFactory(slug="hue")
    MemberFactory(slug="kampot")
    content = (
        b"member,year,amount_due,amount_paid,status,paid_on,reference\n"
        b"hue,2025,1000,1000,paid,2025-03-02,\n"
        b"kampot,2025,-5,0,unpaid,,\n"
        b"atlantis,2025,10,0,unpaid,,\n"
        b"hue,2024,10,0,owing,,\n"
    )
    response = upload(coordinator_client, "/admin/members/duesrecord/import/", content)
    assert response.context.get("confirm_form") is None
    text = page_text(response)
    assert "atlantis" in text  # line 4: unknown member
    assert "owing" in text  # line 5: unknown status
    assert "Un montant ne peut pas être négatif." in text  # line 3: negative amount
    assert not DuesRecord.objects.exists()


def test_dues_import_refuses_a_status_the_amounts_contradict_and_more_paid_than_due(coordinator_client):
    MemberFactory(slug="hue")
    MemberFactory(slug="kampot")
    content = (
        b"member,year,amount_due,amount_paid,status,paid_on,reference\n"
        b"hue,2025,1000,400,paid,2025-03-02,\n"
        b"kampot,2025,1000,1200,paid,2025-03-02,\n"
    )
    response = upload(coordinator_client, "/admin/members/duesrecord/import/", content)
    assert response.context.get("confirm_form") is None
    text = page_text(response)
    assert "ne correspond pas aux montants" in text and "partial" in text
    assert "Plus est payé que dû" in text
    assert not DuesRecord.objects.exists()


def test_a_file_that_is_not_text_is_refused_clearly(coordinator_client):
    response = upload(coordinator_client, "/admin/members/duesrecord/import/", bytes(range(256)) * 4, name="x.csv")
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    assert not DuesRecord.objects.exists()
