from . import *


class PlayerBot(Bot):
    def play_round(self):
        yield Decide, dict(number=10 * self.participant.id_in_session)
        expect(self.group.sum_runs, 1)
        expect(self.group.total, sum(p.number for p in self.group.get_players()))
        expect(self.subsession.rank_runs, 1)
        expect(self.player.rank, self.participant.id_in_session)
        # Results is not yielded: a bot that stops early is finished there.
