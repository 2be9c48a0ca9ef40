from sessions_core.api import Page, WaitPage


def parity(player):
    return player.participant.id_in_session % 2


class Lobby(WaitPage):
    group_by_arrival_time = True

    def get_players_for_group(self, waiting_players):
        pick = self.session.config.get('pick', 'parity')
        if pick == 'trio':
            # Groups of three, whatever players_per_group says, the latest arrival first.
            return list(reversed(waiting_players[:3])) if len(waiting_players) >= 3 else None
        if len(waiting_players) < 2:
            return None
        if pick == 'outsider':
            # Returns a player who is not waiting: a broken app.
            others = [p for p in self.subsession.get_players() if p not in waiting_players]
            return [waiting_players[0], others[0]]
        if pick == 'twice':
            return [waiting_players[0], waiting_players[0]]
        # parity: odd-numbered participants with each other, even with even; the later
        # arrival becomes id_in_group 1.
        for player in waiting_players:
            same = [p for p in waiting_players if parity(p) == parity(player)]
            if len(same) >= 2:
                return [same[1], same[0]]
        return []

    def after_all_players_arrive(self):
        self.group.formed += 1


class Matched(Page):
    pass


page_sequence = [Lobby, Matched]
