from . import *


class PlayerBot(Bot):
    cases = ['both_cooperate', 'both_defect', 'row_defects']

    def play_round(self):
        first_in_session = self.participant.id_in_session % 2 == 1
        # roles swap in round 2
        if first_in_session == (self.round_number == 1):
            expect(self.player.role, C.ROW_ROLE)
        else:
            expect(self.player.role, C.COLUMN_ROLE)
        expect('you are the {}'.format(self.player.role), 'in', self.html)
        if self.case == 'both_cooperate':
            cooperate = True
        elif self.case == 'both_defect':
            cooperate = False
        else:
            cooperate = self.player.role == C.COLUMN_ROLE
        yield Decision, dict(cooperate=cooperate)
        if self.case == 'both_cooperate':
            expect(self.player.payoff, C.BOTH_COOPERATE)
        elif self.case == 'both_defect':
            expect(self.player.payoff, C.BOTH_DEFECT)
        elif self.player.role == C.ROW_ROLE:
            expect(self.player.payoff, C.TEMPTATION)
            expect('(Row player) chose to defect;', 'in', self.html)
        else:
            expect(self.player.payoff, C.SUCKER)
        yield Results
