from . import *


class PlayerBot(Bot):
    def play_round(self):
        expect(self.group.color, self.participant.vars['color'])
        partner = self.player.get_others_in_group()[0]
        expect(partner.participant.vars['color'], self.participant.vars['color'])
        yield Together
