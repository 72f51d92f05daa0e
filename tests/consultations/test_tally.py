"""The counting rules: quorum, approval threshold, tacit approval."""

from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from consultations import services
from consultations.services import count_answers


def tally_for(answers, *, quorum="0.5", threshold="0.5", tacit=False) -> dict:
    return count_answers(answers=answers, quorum=Decimal(quorum), threshold=Decimal(threshold), tacit_approval=tacit)


@pytest.mark.parametrize(
    ("answers", "rules", "result"),
    [
        (["approve", "approve", "object", ""], {}, "validated"),  # 3 of 4 answered, 2 of 3 approve
        (["approve", "", "", ""], {}, "no_quorum"),  # 1 of 4 answered: under half
        (["approve", "object", "", ""], {}, "validated"),  # quorum reached exactly; half approve = threshold
        (["object", "object", "approve_with_comments", ""], {}, "rejected"),
        (["object", "", "", ""], {"tacit": True}, "validated"),  # silence counts as approval
        (["object", "object", "object", ""], {"tacit": True}, "rejected"),
        (["", "", "", ""], {}, "no_quorum"),
        (["", "", "", ""], {"tacit": True}, "validated"),
        (["approve", "approve", "object", "object"], {"threshold": "0.75"}, "rejected"),
        (["approve", "approve", "approve", "object"], {"threshold": "0.75"}, "validated"),
        (["approve", "", "", ""], {"quorum": "0.25"}, "validated"),
    ],
)
def test_rules(answers, rules, result):
    assert tally_for(answers, **rules)["result"] == result


ANSWERS = st.lists(st.sampled_from(["approve", "approve_with_comments", "object", ""]), min_size=1, max_size=40)
SHARES = st.sampled_from(["0", "0.25", "0.5", "0.67", "1"])


@settings(max_examples=300, deadline=None)
@given(answers=ANSWERS, quorum=SHARES, threshold=SHARES, tacit=st.booleans())
def test_properties(answers, quorum, threshold, tacit):
    tally = tally_for(answers, quorum=quorum, threshold=threshold, tacit=tacit)
    answered = sum(1 for answer in answers if answer)
    objections = answers.count("object")
    assert tally["eligible"] == len(answers) and tally["answered"] == answered
    assert tally["objections"] == objections and tally["silent"] == len(answers) - answered
    if tacit:
        # Silence never blocks a decision: only objections can reject it.
        assert tally["result"] != "no_quorum"
        assert tally["approvals"] == len(answers) - objections
    elif answered == 0 or answered < Decimal(quorum) * len(answers):
        assert tally["result"] == "no_quorum"
    else:
        assert tally["result"] in ("validated", "rejected")
    if tally["result"] == "validated":
        assert tally["approvals"] >= Decimal(threshold) * (len(answers) if tacit else answered)
    # Turning a silence or an objection into an approval never turns a validated round into another result.
    for index, answer in enumerate(answers):
        if answer in ("", "object") and tally["result"] == "validated":
            better = [*answers[:index], "approve", *answers[index + 1 :]]
            assert tally_for(better, quorum=quorum, threshold=threshold, tacit=tacit)["result"] == "validated"


@pytest.mark.django_db
def test_closing_freezes_the_result_and_the_tally(network, consultation):
    user = network["focal_points"]["hue"].person.user
    services.response_submit(consultation=consultation, member=network["hue"], by=user, answer="approve")
    user = network["focal_points"]["vientiane"].person.user
    services.response_submit(
        consultation=consultation, member=network["vientiane"], by=user, answer="object", comment="Budget absent."
    )
    closed = services.consultation_close(consultation=consultation)
    assert closed.result == "validated"  # 2 of 3 answered; 1 of 2 approve = the threshold
    # Rows by country, then name: Hué, Province de Kampot, Vientiane.
    assert [row["answer"] for row in closed.tally["rows"]] == ["approve", "", "object"]
    assert closed.tally["rows"][2]["comment"] == "Budget absent."
    # Frozen: a later change of the eligible list or a second close changes nothing.
    consultation.eligible_members.remove(network["kampot"])
    again = services.consultation_close(consultation=closed)
    assert again.tally == closed.tally and again.closed_at == closed.closed_at


@pytest.mark.django_db
def test_a_round_whose_rules_are_not_stated_counts_answers_and_concludes_nothing(network, consultation):
    """The 2023 round's source states no rule: its answers are counted, no result is made up from them."""
    type(consultation).objects.filter(pk=consultation.pk).update(
        quorum=None, approval_threshold=None, tacit_approval=None
    )
    consultation.refresh_from_db()
    assert not consultation.rules_stated
    user = network["focal_points"]["hue"].person.user
    services.response_submit(consultation=consultation, member=network["hue"], by=user, answer="approve")
    closed = services.consultation_close(consultation=consultation)
    assert closed.result == ""
    assert (closed.tally["eligible"], closed.tally["answered"], closed.tally["result"]) == (3, 1, "")


@pytest.mark.django_db
def test_rounds_the_coordinator_opens_keep_the_default_rules(consultation):
    assert consultation.rules_stated
    assert (consultation.quorum, consultation.approval_threshold) == (Decimal("0.50"), Decimal("0.50"))
