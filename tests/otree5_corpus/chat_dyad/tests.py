from . import *


class PlayerBot(Bot):
    cases = ['match', 'mismatch']

    def play_round(self):
        expect('Partner {}'.format(self.player.id_in_group), 'in', self.html)
        number = 7 if self.case == 'match' or self.player.id_in_group == 1 else 3
        yield Discuss, dict(number=number)
        expect(self.group.matched, self.case == 'match')
        if self.case == 'match':
            expect('You both named 7: you earn 20 points.', 'in', self.html)
        else:
            expect(self.player.payoff, cu(0))
        yield Results
