from . import *


class PlayerBot(Bot):
    def play_round(self):
        me = self.player.id_in_subsession
        color = 'red' if me == 1 else 'green'
        good = dict(amount=2, color=color, guess=4)
        if me == 2:
            good['bonus'] = 1
        yield SubmissionMustFail(Choose, {**good, 'amount': self.player.budget + 1})
        yield SubmissionMustFail(Choose, {**good, 'amount': 0})
        yield SubmissionMustFail(Choose, {**good, 'guess': 3})
        yield SubmissionMustFail(Choose, {**good, 'guess': 2})
        yield SubmissionMustFail(Choose, {**good, 'color': 'green' if me == 1 else 'red'},
                                 check_html=False)
        yield Choose, good
        expect(self.participant.vars['chose'], 2)
        if me == 1:
            yield SubmissionMustFail(Share, dict(shared=len(self.group.get_players()) + 6))
            yield Share, dict(shared=3)
            yield Submission(Timed, {}, timeout_happened=True)
            expect(self.player.answer, 99)
            expect(self.player.timed_out, True)
        else:
            yield Timed, dict(answer=5)
            expect(self.player.timed_out, False)
        yield Last
