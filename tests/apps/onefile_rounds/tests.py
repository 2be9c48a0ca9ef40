from . import *


class PlayerBot(Bot):
    def play_round(self):
        if self.player.role == C.SENDER_ROLE:
            yield Send, dict(sent=cu(self.round_number))
        expect(self.group.payoff_runs, 1)
        expect(self.player.partner_code, self.player.get_others_in_group()[0].participant.code)
        yield Results
