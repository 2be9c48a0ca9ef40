from . import *


class PlayerBot(Bot):
    def play_round(self):
        if self.round_number == 1:
            expect('You will play 3 rounds in the same group of 3.', 'in', self.html)
            yield Introduction
            yield SubmissionMustFail(Contribute, dict(contribution=C.ENDOWMENT + 1))
        else:
            # partner matching: the same group and id as in round 1
            first = self.player.in_round(1)
            expect(self.player.id_in_group, first.id_in_group)
            expect(
                sorted(p.participant.id_in_session for p in self.group.get_players()),
                sorted(p.participant.id_in_session for p in first.group.get_players()),
            )
        expect(self.html.count('<li>member '), 2)  # the two others of the group
        contribution = cu(5 * self.player.id_in_group)
        yield Contribute, dict(contribution=contribution)
        expect(self.group.total_contribution, cu(30))
        expect(self.group.individual_share, cu(20))
        expect(self.player.payoff, C.ENDOWMENT - contribution + cu(20))
        expect('on average 10.0 points each', 'in', self.html)
        expect('to two places: 10.00; rounded: 10)', 'in', self.html)
        expect(self.html.count('<tr><td>'), self.round_number)
        yield Results
