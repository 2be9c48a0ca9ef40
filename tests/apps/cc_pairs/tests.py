from sessions_core.api import Bot, expect

from . import pages


class PlayerBot(Bot):
    def play_round(self):
        yield pages.Arrive
        if self.session.config['barrier'] == 'group':
            expect(self.session.vars['pair_opened'], len(self.subsession.get_groups()))
        else:
            expect(self.session.vars['all_groups_opened'], 1)
        yield pages.Done
