from . import *


class PlayerBot(Bot):
    def play_round(self):
        color = C.COLORS[self.participant.id_in_session % 2]
        yield ChooseTeam, dict(color=color)
        expect(self.participant.team, color)
        partner = self.player.get_others_in_group()[0]
        expect(partner.participant.team, color)
        expect('is on team {} too.'.format(color), 'in', self.html)
        if color == 'red':
            yield SubmissionMustFail(Effort, dict(effort=0))
        yield Effort, dict(effort=self.participant.id_in_session)
        expect(self.player.payoff, cu(partner.participant.id_in_session))
        yield Results
