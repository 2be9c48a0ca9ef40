from sessions_core.api import Page

from .models import Constants


class Demographics(Page):
    form_model = 'player'
    form_fields = ['age', 'gender', 'education_years']

    def error_message(self, values):
        # Each field is plausible alone; only together can they contradict each other.
        if values['education_years'] > values['age']:
            return 'Your years of education cannot be more than your age.'


class CognitiveReflection(Page):
    form_model = 'player'
    form_fields = ['crt', 'comments']

    def crt_error_message(self, value):
        # Any answer up to the total is kept, right or wrong; above it is a typo.
        if value > Constants.crt_total:
            return 'The ball cannot cost more than the bat and the ball together.'


class Thanks(Page):
    pass


page_sequence = [Demographics, CognitiveReflection, Thanks]
