from sessions_core.api import Page, WaitPage

from .models import Constants, trials_of


class Experience(Page):
    form_model = 'player'
    form_fields = ['done_before']

    def is_displayed(self):
        return self.round_number == 1

    def before_next_page(self):
        # The stratum is known now, so the condition can be assigned: reading it assigns it.
        self.participant.vars['experience'] = 'experienced' if self.player.done_before else 'new'
        condition = self.participant.condition
        self.participant.log('assigned', {'stratum': self.participant.vars['experience'],
                                          **condition})


class Instructions(Page):
    def is_displayed(self):
        return self.round_number == 1

    def vars_for_template(self):
        return {'detailed': self.participant.condition['instructions'] == 'detailed',
                'feedback': self.participant.condition['feedback'] == 'shown'}


class AllReady(WaitPage):
    title_text = 'Please wait'
    body_text = 'The trials start when everyone has read the instructions.'

    def is_displayed(self):
        return self.round_number == 1


class Trial(Page):
    form_model = 'player'
    form_fields = ['rating']

    def vars_for_template(self):
        trial = trials_of(self.participant).trial(self.round_number)
        return {'trial': trial, 'radius': Constants.radius[trial['size']],
                'fill': Constants.fill[trial['color']]}

    def before_next_page(self):
        trial = trials_of(self.participant).trial(self.round_number)
        self.player.size = trial['size']
        self.player.color = trial['color']
        self.participant.log('trial', {'trial': self.round_number, **trial,
                                       'rating': self.player.rating})


class Feedback(Page):
    def is_displayed(self):
        return self.participant.condition['feedback'] == 'shown'

    def vars_for_template(self):
        ratings = [p.rating for p in self.player.in_all_rounds()]
        return {'mean': round(sum(ratings) / len(ratings), 1)}


page_sequence = [Experience, Instructions, AllReady, Trial, Feedback]
