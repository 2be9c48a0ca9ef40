from sessions_core.api import Bot, expect

from . import pages
from .models import Constants


class PlayerBot(Bot):
    def play_round(self):
        mode = self.session.config['stop_mode']
        last_participant = self.participant.id_in_session == self.session.num_participants
        if mode == 'one_stops_before_wait' and last_participant:
            return
        yield pages.Decide, {'number': self.participant.id_in_session}
        expect(self.group.total, sum(p.number for p in self.group.get_players()))
        if mode == 'stop_in_round_1':
            return
        if mode == 'skip_last_results' and self.round_number == Constants.num_rounds:
            return
        yield pages.Results
