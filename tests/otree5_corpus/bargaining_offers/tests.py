from . import *


class PlayerBot(Bot):
    cases = ['accept', 'reject']

    def play_round(self):
        if self.player.role == C.PROPOSER_ROLE:
            # offer_choices: steps of the config's offer_step (25 in the session type)
            expect('in steps of 25 points.', 'in', self.html)
            expect('value="75"', 'in', self.html)
            expect('value="70"', 'not in', self.html)
            yield SubmissionMustFail(Offer, dict(offer=cu(70), note=''))
            yield SubmissionMustFail(Offer, dict(offer=C.PIE, note=''))
            expect('You must keep something for yourself.', 'in', self.html)
            yield SubmissionMustFail(Offer, dict(offer=cu(0), note=''))
            expect('Please explain an offer of nothing in the note.', 'in', self.html)
            yield Offer, dict(offer=cu(25), note='A fair start')
        else:
            expect('The proposer offers you 25 points of 100 points.', 'in', self.html)
            expect('Their note: A fair start', 'in', self.html)
            yield Respond, dict(accepted=self.case == 'accept')
        if self.case == 'accept':
            expect(self.player.payoff, cu(75) if self.player.role == C.PROPOSER_ROLE else cu(25))
            expect('The offer was accepted.', 'in', self.html)
        else:
            expect(self.player.payoff, cu(0))
            expect('neither of you earns anything', 'in', self.html)
        yield Results
