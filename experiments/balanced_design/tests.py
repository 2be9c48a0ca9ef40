from sessions_core.api import Bot, SubmissionMustFail, condition_counts, expect

from . import pages
from .models import Constants, trials_of


class PlayerBot(Bot):
    def play_round(self):
        if self.round_number == 1:
            yield SubmissionMustFail(pages.Experience, {})
            done_before = self.participant.id_in_session % 3 == 0  # two strata of unequal size
            yield pages.Experience, {'done_before': done_before}
            expect(self.participant.stratum, 'experienced' if done_before else 'new')
            condition = self.participant.condition
            expect(condition['instructions'], 'in', ['short', 'detailed'])
            expect(condition['feedback'], 'in', ['none', 'shown'])
            expect(('id="detailed-instructions"' in self.html),
                   condition['instructions'] == 'detailed')
            yield pages.Instructions
            # Past the wait page: everyone of the session has been assigned.
            self.check_balance()

        trial = trials_of(self.participant).trial(self.round_number)
        expect(f'data-size="{trial["size"]}" data-color="{trial["color"]}"', 'in', self.html)
        yield SubmissionMustFail(pages.Trial, {'rating': 8})
        yield pages.Trial, {'rating': 1 + (self.participant.id_in_session + self.round_number) % 7}
        expect(self.player.size, trial['size'])
        expect(self.player.color, trial['color'])
        if self.participant.condition['feedback'] == 'shown':
            yield pages.Feedback
        if self.round_number == Constants.num_rounds:
            sizes = [p.size for p in self.player.in_all_rounds()]
            expect(sorted(sizes), ['large', 'large', 'small', 'small'])
            expect(sizes[0], sizes[1])  # grouped by size (latin_square='size')

    def check_balance(self):
        """In every stratum of the SessionType's pool (this session and the earlier test
        sessions the balancing counts), each combination of the conditions has within 1 as
        many participants as each other."""
        for stratum, cells in condition_counts(self.session).items():
            counts = [n for _condition, n in cells]
            expect(max(counts) - min(counts), '<=', 1)
            expect(len(cells), 4)
            expect(stratum, 'in', ['experienced', 'new'])
