from otree.api import Currency as c, currency_range, Bot, expect
from . import pages
from .models import Constants


class PlayerBot(Bot):
    def play_round(self):
        yield pages.Welcome
        # Bots arrive in the order of their participants: 1 and 2 are paired, then 3 and 4.
        me = self.participant.id_in_session
        pair = [1, 2] if me <= 2 else [3, 4]
        expect(sorted(p.participant.id_in_session for p in self.group.get_players()), pair)
        expect('<button name="side" value="left"', 'in', self.html)
        # The first pair both click "left"; in the second pair participant 3 clicks "right".
        side = 'right' if me == 3 else 'left'
        yield pages.Choose, {'side': side}
        expect(self.player.side, side)
        expect(self.group.matched, me <= 2)
        expect(self.player.payoff, Constants.match_payoff if me <= 2 else Constants.mismatch_payoff)
        yield pages.Results
