"""The call and the selection leave one audit event per change; refused changes none."""

import pytest

from incubateur.audit.models import AuditEvent
from incubateur.concurrency import ConcurrentEditError
from intrapreneurs.models import Candidacy, ProblemSubmission
from intrapreneurs.services import (
    candidacy_save,
    intrapreneurs_assign,
    review_save,
    submission_save,
    submission_set_status,
)
from investigations.phase import selection_finalise
from programmes.models import TransitionError
from tests.audit.events import one_event, recorded
from tests.intrapreneurs.factories import (
    CandidacyFactory,
    ProblemSubmissionFactory,
    pdf_file,
)
from tests.programmes.factories import MembershipFactory, ProgrammeFactory

Status = ProblemSubmission.Status
SCORES = {"impact_score": 5, "scale_score": 4, "feasibility_score": 2}


@pytest.fixture
def programme():
    return ProgrammeFactory(call_open=True)


@pytest.fixture
def agent(programme):
    return MembershipFactory(collectivity=programme.collectivities.get()).user


def new_submission(programme, agent):
    return ProblemSubmissionFactory.build(
        programme=programme, author=agent, collectivity=programme.collectivities.get()
    )


class TestSubmissions:
    def test_a_new_draft_is_recorded_as_created(self, programme, agent):
        submission = submission_save(
            submission=new_submission(programme, agent), submit=False, by=agent
        )

        event = one_event()
        assert recorded(event) == (agent, "submission.created", submission, programme)
        assert event.changes == {}

    @pytest.mark.usefixtures("media_root")
    def test_submitting_records_the_attachments_added(self, programme, agent):
        submission = submission_save(
            submission=new_submission(programme, agent),
            submit=True,
            by=agent,
            files=[pdf_file()],
        )

        event = one_event()
        assert recorded(event) == (agent, "submission.submitted", submission, programme)
        assert event.changes == {"attachments_added": 1}

    def test_an_edit_records_the_names_of_the_fields_changed_not_their_text(self, programme, agent):
        submission = ProblemSubmissionFactory(programme=programme, author=agent, submitted=True)
        submission.title = "Dossiers incomplets au guichet"
        submission.service = "Accueil"

        submission_save(submission=submission, submit=True, by=agent, expected_version=1)

        event = one_event()
        assert recorded(event) == (agent, "submission.updated", submission, programme)
        assert event.changes == {"fields": ["title", "service"]}
        assert "Accueil" not in str(event.changes)

    def test_an_edit_after_the_call_leaves_no_event(self, agent):
        submission = ProblemSubmissionFactory(
            programme=ProgrammeFactory(selection=True), submitted=True
        )
        submission.title = "Trop tard"

        with pytest.raises(TransitionError):
            submission_save(
                submission=submission, submit=True, by=submission.author, expected_version=1
            )

        assert not AuditEvent.objects.exists()

    def test_a_concurrent_edit_leaves_no_event(self, programme, agent):
        submission = ProblemSubmissionFactory(programme=programme, author=agent, submitted=True)
        submission.title = "Écrasé ?"

        with pytest.raises(ConcurrentEditError):
            submission_save(submission=submission, submit=True, by=agent, expected_version=0)

        assert not AuditEvent.objects.exists()


def test_a_candidacy_is_recorded_with_its_preferred_problems(programme, agent):
    problem = ProblemSubmissionFactory(programme=programme, submitted=True)
    candidacy = Candidacy(
        programme=programme,
        agent=agent,
        motivation="Je connais bien ce service.",
        manager_name="Responsable",
        manager_email="responsable@example.org",
        manager_agrees=True,
    )

    candidacy_save(candidacy=candidacy, preferred_problems=[problem], by=agent)

    event = one_event()
    assert recorded(event) == (agent, "candidacy.saved", candidacy, programme)
    assert event.changes == {"manager_agrees": True, "preferred_problems": [problem.pk]}


@pytest.fixture
def selecting():
    return ProgrammeFactory(selection=True, target_problems=1)


@pytest.fixture
def referent(selecting):
    return MembershipFactory(collectivity=selecting.collectivities.get(), referent=True).user


class TestSelection:
    def test_a_review_records_its_scores(self, selecting, referent):
        submission = ProblemSubmissionFactory(programme=selecting, submitted=True)

        review_save(submission=submission, reviewer=referent, scores=SCORES, comment="Réel.")

        event = one_event()
        assert recorded(event) == (referent, "review.saved", submission, selecting)
        assert event.changes == {"scores": SCORES}

    def test_a_review_outside_the_selection_leaves_no_event(self, programme, agent):
        submission = ProblemSubmissionFactory(programme=programme, submitted=True)

        with pytest.raises(TransitionError):
            review_save(submission=submission, reviewer=agent, scores=SCORES, comment="")

        assert not AuditEvent.objects.exists()

    def test_a_status_change_records_both_statuses(self, selecting, referent):
        submission = ProblemSubmissionFactory(programme=selecting, submitted=True)

        submission_set_status(submission=submission, status=Status.SELECTED, by=referent)

        event = one_event()
        assert recorded(event) == (referent, "submission.status_changed", submission, selecting)
        assert event.changes == {"status": ["submitted", "selected"]}

    def test_selecting_beyond_the_target_leaves_no_event(self, selecting, referent):
        ProblemSubmissionFactory(programme=selecting, selected=True)
        submission = ProblemSubmissionFactory(programme=selecting, submitted=True)

        with pytest.raises(TransitionError):
            submission_set_status(submission=submission, status=Status.SELECTED, by=referent)

        assert not AuditEvent.objects.exists()

    def test_a_team_records_its_candidacies(self, selecting, referent):
        submission = ProblemSubmissionFactory(programme=selecting, selected=True)
        team = [CandidacyFactory(programme=selecting) for _ in range(2)]

        intrapreneurs_assign(
            submission=submission,
            candidacies=team,
            by=referent,
            expected_version=submission.version,
        )

        event = one_event()
        assert recorded(event) == (referent, "team.assigned", submission, selecting)
        assert event.changes == {"candidacies": sorted(c.pk for c in team)}

    def test_a_team_too_large_leaves_no_event(self, selecting, referent):
        submission = ProblemSubmissionFactory(programme=selecting, selected=True)
        team = [CandidacyFactory(programme=selecting) for _ in range(4)]

        with pytest.raises(TransitionError):
            intrapreneurs_assign(
                submission=submission,
                candidacies=team,
                by=referent,
                expected_version=submission.version,
            )

        assert not AuditEvent.objects.exists()

    def test_finalising_records_the_selection_and_the_transition(self, selecting, referent):
        submission = ProblemSubmissionFactory(programme=selecting, selected=True)
        submission.intrapreneurs.set([CandidacyFactory(programme=selecting)])
        ProblemSubmissionFactory(programme=selecting, shortlisted=True)

        [investigation] = selection_finalise(programme=selecting, by=referent)

        finalised = one_event(action="selection.finalised")
        assert recorded(finalised) == (referent, "selection.finalised", selecting, selecting)
        assert finalised.changes == {"investigations": [investigation.pk], "declined": 1}
        transition = one_event(action="programme.transitioned")
        assert recorded(transition) == (referent, "programme.transitioned", selecting, selecting)
        assert transition.changes == {"status": ["selection", "investigation"]}
        assert AuditEvent.objects.count() == 2

    def test_finalising_without_a_team_leaves_no_event(self, selecting, referent):
        ProblemSubmissionFactory(programme=selecting, selected=True)

        with pytest.raises(TransitionError):
            selection_finalise(programme=selecting, by=referent)

        assert not AuditEvent.objects.exists()
