from . import *


class PlayerBot(Bot):
    def play_round(self):
        student = self.participant.id_in_session % 2 == 1
        yield SubmissionMustFail(Demographics, dict(age=15, gender='Female', student=True))
        yield SubmissionMustFail(Demographics, dict(age=30, gender='Robot', student=True))
        yield Demographics, dict(age=30, gender='Other', student=student)
        if student:
            expect('name="field_of_study"', 'in', self.html)
            yield SubmissionMustFail(
                Details, dict(field_of_study='', hours_sleep=7.5, satisfaction=4)
            )
            expect('Please tell us what you study.', 'in', self.html)
            yield Details, dict(
                field_of_study='Economics', hours_sleep=7.5, satisfaction=4,
                consent_contact=True, comments='Nice study',
            )
        else:
            expect('name="field_of_study"', 'not in', self.html)
            yield SubmissionMustFail(Details, dict(hours_sleep=25, satisfaction=4))
            yield Details, dict(hours_sleep=6, satisfaction=2)
        expect(self.player.consent_contact, True if student else False)
        expect('Sleep: 7.5 hours' if student else 'Sleep: 6.0 hours', 'in', self.html)
        expect('We may contact you.' if student else 'We will not contact you.', 'in', self.html)
        expect(f'Satisfaction: {4 if student else 2} of 5', 'in', self.html)
        yield Thanks
