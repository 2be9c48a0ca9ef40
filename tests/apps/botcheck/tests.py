from sessions_core.api import Bot, Submission, SubmissionMustFail, expect

from . import pages


class PlayerBot(Bot):
    def play_round(self):
        mode = self.session.config['bot_mode']
        if mode == 'wrong_page':
            yield pages.Second
        elif mode == 'must_fail_accepted':
            yield SubmissionMustFail(pages.First, {'value': 5})
        elif mode == 'not_an_input':
            yield pages.First, {'value': 5, 'bogus': 1}
        elif mode == 'not_an_input_unchecked':
            yield Submission(pages.First, {'value': 5, 'bogus': 1}, check_html=False)
        elif mode == 'rejected':
            yield pages.First, {'value': 11}
        elif mode == 'expect_fails':
            yield pages.First, {'value': 5}
            expect(self.player.value, '>', 5)
        else:
            yield SubmissionMustFail(pages.First, {'value': 11})
            yield pages.First, {'value': 5}
            expect(self.player.value, 5)
        if mode != 'too_few_pages':
            yield pages.Second
        if mode == 'expect_fails_at_end':
            expect(self.player.value, 'in', [1, 2])
        if mode == 'too_many_pages':
            yield pages.Second
