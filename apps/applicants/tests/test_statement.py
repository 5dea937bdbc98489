"""The five-powers statement service: who may save, when, how long, and stale edits."""
import pytest
from django.core.exceptions import PermissionDenied

from apps.applicants.enums import ApplicationStatus
from apps.applicants.models import StatementAnswer
from apps.applicants.models_evidence import ANSWER_MAX_LENGTH
from apps.applicants.statement import StaleEdit, save_answer
from apps.applicants.tests.factories import ApplicationFactory
from apps.core.exceptions import DomainError
from apps.core.models import AuditEntry
from apps.rounds.enums import RoundStatus
from apps.rounds.tests.factories import RoundFactory
from apps.applicants.tests.evidence_files import draft, indicator  # noqa: F401  (fixtures)

pytestmark = pytest.mark.django_db



def saves(application):
    return AuditEntry.objects.filter(action="applicants.statement.saved", object_id=str(application.pk))


def test_the_applicant_saves_an_answer_and_its_version_grows(draft, indicator, applicant_a):
    answer = save_answer(draft, indicator, by=applicant_a, text="  十年来承担关键部件焊接。\r\n带出徒弟12名。 ", version=0)

    assert answer.text == "十年来承担关键部件焊接。\n带出徒弟12名。"
    assert answer.version == 1
    answer = save_answer(draft, indicator, by=applicant_a, text="改写后的陈述", version=1, autosave=True)
    assert StatementAnswer.objects.get(pk=answer.pk).text == "改写后的陈述"
    assert answer.version == 2
    entries = list(saves(draft).order_by("seq"))
    assert [entry.data["autosave"] for entry in entries] == [False, True]
    assert entries[-1].data == {"indicator": str(indicator), "length": 6, "autosave": True}  # no text in the audit


def test_saving_the_same_text_again_stores_and_audits_nothing(draft, indicator, applicant_a):
    save_answer(draft, indicator, by=applicant_a, text="同样的内容", version=0)

    answer = save_answer(draft, indicator, by=applicant_a, text="同样的内容", version=1, autosave=True)

    assert answer.version == 1
    assert saves(draft).count() == 1


def test_an_empty_answer_never_saved_stays_unsaved(draft, indicator, applicant_a):
    save_answer(draft, indicator, by=applicant_a, text="   ", version=0, autosave=True)

    assert not StatementAnswer.objects.exists()
    assert not saves(draft).exists()


def test_a_stale_version_is_refused_instead_of_overwriting(draft, indicator, applicant_a):
    save_answer(draft, indicator, by=applicant_a, text="第一个标签页写的", version=0)

    with pytest.raises(StaleEdit) as refused:
        save_answer(draft, indicator, by=applicant_a, text="第二个标签页写的", version=0)

    assert "其他页面" in refused.value.message
    assert StatementAnswer.objects.get().text == "第一个标签页写的"


def test_too_long_and_control_characters_are_refused(draft, indicator, applicant_a):
    save_answer(draft, indicator, by=applicant_a, text="字" * ANSWER_MAX_LENGTH, version=0)

    with pytest.raises(DomainError, match=f"不超过{ANSWER_MAX_LENGTH}字"):
        save_answer(draft, indicator, by=applicant_a, text="字" * (ANSWER_MAX_LENGTH + 1), version=1)
    with pytest.raises(DomainError, match="控制字符"):
        save_answer(draft, indicator, by=applicant_a, text="含\x00空字符", version=1)
    assert StatementAnswer.objects.get().text == "字" * ANSWER_MAX_LENGTH


def test_line_breaks_count_once_toward_the_limit(draft, indicator, applicant_a):
    text = "字\r\n" * (ANSWER_MAX_LENGTH // 2)

    answer = save_answer(draft, indicator, by=applicant_a, text=text, version=0)

    assert len(answer.text) == ANSWER_MAX_LENGTH - 1  # the last break is trimmed


def test_only_the_applicant_may_save(draft, indicator, applicant_b, unit_staff_a, programme_staff):
    for user in (applicant_b, unit_staff_a, programme_staff):
        with pytest.raises(PermissionDenied):
            save_answer(draft, indicator, by=user, text="他人代写", version=0)
    assert not StatementAnswer.objects.exists()


@pytest.mark.parametrize("status", [ApplicationStatus.DRAFT, ApplicationStatus.RETURNED])
def test_a_draft_or_returned_application_may_be_edited(round, unit_a, applicant_a, indicator, status):
    application = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=status)

    assert save_answer(application, indicator, by=applicant_a, text="可以修改", version=0).version == 1


@pytest.mark.parametrize("status", [ApplicationStatus.SUBMITTED, ApplicationStatus.FORWARDED, ApplicationStatus.WITHDRAWN])
def test_a_submitted_or_closed_application_may_not_be_edited(round, unit_a, applicant_a, indicator, status):
    application = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=status)

    with pytest.raises(DomainError, match="不能修改"):
        save_answer(application, indicator, by=applicant_a, text="提交后修改", version=0)


def test_nothing_may_be_edited_once_the_round_has_left_recommending(unit_a, applicant_a):
    round = RoundFactory(status=RoundStatus.REVIEWING)
    application = ApplicationFactory(round=round, unit=unit_a, applicant=applicant_a, status=ApplicationStatus.RETURNED)

    with pytest.raises(DomainError, match="评审中"):
        save_answer(application, round.indicators.first(), by=applicant_a, text="晚了", version=0)


def test_an_indicator_of_another_round_is_refused(draft, applicant_a):
    other = RoundFactory(year=2030).indicators.first()

    with pytest.raises(DomainError, match="不属于"):
        save_answer(draft, other, by=applicant_a, text="错配", version=0)
