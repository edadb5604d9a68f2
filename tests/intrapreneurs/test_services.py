import datetime

import pytest
from django.core import mail
from django.utils import timezone

from intrapreneurs.models import Candidacy, ProblemSubmission
from intrapreneurs.services import (
    ConcurrentEditError,
    candidacy_save,
    intrapreneurs_assign,
    review_save,
    submission_save,
    submission_set_status,
)
from investigations.models import Investigation
from investigations.phase import selection_finalise
from programmes.models import Programme, TransitionError
from tests.intrapreneurs.factories import (
    CandidacyFactory,
    ProblemSubmissionFactory,
    SelectionReviewFactory,
)
from tests.programmes.factories import ProgrammeFactory

Status = ProblemSubmission.Status


@pytest.fixture
def selecting():
    return ProgrammeFactory(selection=True, target_problems=2)


def select_with_team(programme, *, manager_agrees=True, size=1):
    submission = ProblemSubmissionFactory(programme=programme, selected=True)
    team = [
        CandidacyFactory(programme=programme, manager_agrees=manager_agrees) for _ in range(size)
    ]
    submission.intrapreneurs.set(team)
    return submission


class TestSubmissionSave:
    def test_submitting_a_draft_stamps_it_and_sends_a_receipt(
        self, django_capture_on_commit_callbacks
    ):
        submission = ProblemSubmissionFactory(draft=True)

        with django_capture_on_commit_callbacks(execute=True):
            submission_save(
                submission=submission, submit=True, expected_version=1, by=submission.author
            )

        submission.refresh_from_db()
        assert submission.status == Status.SUBMITTED
        assert submission.submitted_at is not None
        assert submission.version == 2
        assert len(mail.outbox) == 1
        assert mail.outbox[0].to == [submission.author.email]
        assert "a bien été reçu" in mail.outbox[0].subject
        assert f"/problemes/{submission.pk}/" in mail.outbox[0].body

    def test_editing_a_submitted_problem_sends_no_second_receipt(
        self, django_capture_on_commit_callbacks
    ):
        submission = ProblemSubmissionFactory(submitted=True)

        with django_capture_on_commit_callbacks(execute=True):
            submission_save(
                submission=submission, submit=True, expected_version=1, by=submission.author
            )

        assert mail.outbox == []

    def test_a_stale_version_is_reported_not_overwritten(self):
        submission = ProblemSubmissionFactory(draft=True, title="Version d’origine")
        other_tab = ProblemSubmission.objects.get(pk=submission.pk)
        submission.title = "Première modification"
        submission_save(submission=submission, submit=False, expected_version=1, by=None)

        other_tab.title = "Seconde modification"
        with pytest.raises(ConcurrentEditError):
            submission_save(submission=other_tab, submit=False, expected_version=1, by=None)

        assert ProblemSubmission.objects.get(pk=submission.pk).title == "Première modification"

    def test_nothing_is_accepted_after_the_call_closes(self):
        programme = ProgrammeFactory(
            call_open=True,
            call_opens_on=timezone.localdate() - datetime.timedelta(days=30),
            call_closes_on=timezone.localdate() - datetime.timedelta(days=1),
        )
        submission = ProblemSubmissionFactory(programme=programme, draft=True)

        with pytest.raises(TransitionError, match="est clos"):
            submission_save(submission=submission, submit=True, expected_version=1, by=None)

        submission.refresh_from_db()
        assert submission.status == Status.DRAFT


class TestSelection:
    def test_a_review_stores_its_average_and_stays_one_per_reviewer(self, selecting):
        submission = ProblemSubmissionFactory(programme=selecting, submitted=True)
        scores = {"impact_score": 5, "scale_score": 4, "feasibility_score": 2}

        review_save(submission=submission, reviewer=selecting.coach, scores=scores, comment="")
        review = review_save(
            submission=submission,
            reviewer=selecting.coach,
            scores={**scores, "feasibility_score": 3},
            comment="Revu",
        )

        assert submission.reviews.count() == 1
        assert str(review.average) == "4.00"

    def test_reviews_are_refused_outside_the_selection(self):
        review = SelectionReviewFactory()

        with pytest.raises(TransitionError):
            review_save(
                submission=review.submission,
                reviewer=review.reviewer,
                scores={"impact_score": 1, "scale_score": 1, "feasibility_score": 1},
                comment="",
            )

    def test_no_more_than_the_target_can_be_selected(self, selecting):
        first, second, third = (
            ProblemSubmissionFactory(programme=selecting, submitted=True) for _ in range(3)
        )
        submission_set_status(submission=first, status=Status.SELECTED, by=selecting.coach)
        submission_set_status(submission=second, status=Status.SELECTED, by=selecting.coach)

        with pytest.raises(TransitionError, match="déjà retenus"):
            submission_set_status(submission=third, status=Status.SELECTED, by=selecting.coach)

    def test_declining_keeps_the_message_and_frees_the_team(self, selecting):
        submission = select_with_team(selecting)

        submission_set_status(
            submission=submission, status=Status.DECLINED, message="Merci !", by=selecting.coach
        )

        submission.refresh_from_db()
        assert submission.decline_message == "Merci !"
        assert not submission.intrapreneurs.exists()

    def test_a_team_has_one_to_three_intrapreneurs(self, selecting):
        submission = ProblemSubmissionFactory(programme=selecting, selected=True)
        candidacies = [CandidacyFactory(programme=selecting) for _ in range(4)]

        with pytest.raises(TransitionError, match="un à trois"):
            intrapreneurs_assign(
                submission=submission,
                candidacies=candidacies,
                by=selecting.coach,
                expected_version=submission.version,
            )
        with pytest.raises(TransitionError, match="un à trois"):
            intrapreneurs_assign(
                submission=submission,
                candidacies=[],
                by=selecting.coach,
                expected_version=submission.version,
            )

        intrapreneurs_assign(
            submission=submission,
            candidacies=candidacies[:3],
            by=selecting.coach,
            expected_version=submission.version,
        )
        assert submission.intrapreneurs.count() == 3

    def test_an_intrapreneur_joins_only_one_team(self, selecting):
        candidacy = CandidacyFactory(programme=selecting)
        first = ProblemSubmissionFactory(programme=selecting, selected=True)
        second = ProblemSubmissionFactory(programme=selecting, selected=True)
        intrapreneurs_assign(
            submission=first,
            candidacies=[candidacy],
            by=selecting.coach,
            expected_version=first.version,
        )

        with pytest.raises(TransitionError, match="Déjà dans l’équipe"):
            intrapreneurs_assign(
                submission=second,
                candidacies=[candidacy],
                by=selecting.coach,
                expected_version=second.version,
            )

    def test_candidacies_of_another_programme_are_refused(self, selecting):
        submission = ProblemSubmissionFactory(programme=selecting, selected=True)

        with pytest.raises(TransitionError):
            intrapreneurs_assign(
                submission=submission,
                candidacies=[CandidacyFactory()],
                by=selecting.coach,
                expected_version=submission.version,
            )


class TestFinalise:
    def test_it_creates_investigations_declines_the_rest_and_moves_on(
        self, selecting, django_capture_on_commit_callbacks
    ):
        selected = select_with_team(selecting, size=2)
        shortlisted = ProblemSubmissionFactory(programme=selecting, shortlisted=True)
        draft = ProblemSubmissionFactory(programme=selecting, draft=True)
        loser = CandidacyFactory(programme=selecting)

        with django_capture_on_commit_callbacks(execute=True):
            investigations = selection_finalise(programme=selecting, by=selecting.coach)

        investigation = Investigation.objects.get()
        assert investigations == [investigation]
        assert investigation.submission == selected
        assert set(investigation.team.all()) == {c.agent for c in selected.intrapreneurs.all()}
        assert [s.week for s in investigation.sessions.all()] == list(range(1, 11))
        assert [s.date for s in investigation.sessions.all()] == selecting.session_dates()
        shortlisted.refresh_from_db()
        draft.refresh_from_db()
        assert shortlisted.status == Status.DECLINED
        assert draft.status == Status.DRAFT
        selecting.refresh_from_db()
        assert selecting.status == Programme.Status.INVESTIGATION
        transition = selecting.transitions.get()
        assert (transition.to_status, transition.by) == ("investigation", selecting.coach)
        subjects = {message.to[0]: message.subject for message in mail.outbox}
        assert "est retenu" in subjects[selected.author.email]
        assert "n’est pas retenu" in subjects[shortlisted.author.email]
        assert subjects[loser.agent.email] == "Votre candidature d’intrapreneur"
        for candidacy in selected.intrapreneurs.all():
            assert subjects[candidacy.agent.email] == "Vous rejoignez une équipe d’investigation"
        assert draft.author.email not in subjects

    def test_it_needs_a_selected_problem(self, selecting):
        ProblemSubmissionFactory(programme=selecting, submitted=True)

        with pytest.raises(TransitionError, match="au moins un problème"):
            selection_finalise(programme=selecting, by=None)

        assert not Investigation.objects.exists()

    def test_it_needs_a_manager_agreement_in_each_team(self, selecting):
        select_with_team(selecting, manager_agrees=False)

        with pytest.raises(TransitionError, match="accord de son responsable"):
            selection_finalise(programme=selecting, by=None)

        selecting.refresh_from_db()
        assert selecting.status == Programme.Status.SELECTION

    def test_it_needs_a_team_for_each_selected_problem(self, selecting):
        ProblemSubmissionFactory(programme=selecting, selected=True)

        with pytest.raises(TransitionError, match="équipe de un à trois"):
            selection_finalise(programme=selecting, by=None)


def test_a_second_candidacy_of_the_same_agent_is_reported_not_a_crash():
    first = CandidacyFactory()
    duplicate = Candidacy(
        programme=first.programme,
        agent=first.agent,
        motivation="Encore moi",
        manager_name="Responsable",
        manager_email="responsable@example.org",
    )

    with pytest.raises(ConcurrentEditError, match="déjà porté volontaire"):
        candidacy_save(candidacy=duplicate, preferred_problems=[], by=first.agent)

    assert Candidacy.objects.count() == 1
