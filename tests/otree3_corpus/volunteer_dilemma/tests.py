from otree.api import Currency as c, currency_range, Bot, expect
from . import pages
from .models import Constants


class PlayerBot(Bot):

    cases = ['nobody', 'one', 'everyone']

    def play_round(self):
        volunteers = {'nobody': [], 'one': [1], 'everyone': [1, 2, 3, 4]}[self.case]
        me = self.player.id_in_group
        yield pages.Decision, {'volunteer': me in volunteers}

        expect(self.group.num_volunteers, len(volunteers))
        if not volunteers:
            expected = c(0)
        elif me in volunteers:
            expected = Constants.benefit - Constants.cost
        else:
            expected = Constants.benefit
        expect(self.player.payoff, expected)
        rate = 1.0 if volunteers else 0.0
        expect(self.session.vars['volunteer_rate'], rate)
        expect('{}% of the groups'.format(int(rate * 100)), 'in', self.html)
        yield pages.Results
