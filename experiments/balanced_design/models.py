"""Balanced design: a 2×2 between-subjects design, balanced within strata of a
pre-questionnaire answer, and a within-subjects trial list over the rounds."""
from sessions_core.api import (
    BaseConstants,
    BaseGroup,
    BasePlayer,
    BaseSubsession,
    models,
    trial_list,
    widgets,
)

doc = """
Between subjects (SessionType conditions, balanced per stratum across every session of the
type): how detailed the instructions are, and whether a rating is followed by feedback.
The stratum is the first page's answer: whether the participant has done a study like this
before. Within subjects: four trials, a circle of each size and color (a 2×2 factorial), the
sizes in an order counterbalanced by a Latin square, rated for pleasantness. Every
assignment and rating is also logged with participant.log.
"""


class Constants(BaseConstants):
    name_in_url = 'balanced_design'
    players_per_group = None
    num_rounds = 4  # one trial per round: the 2×2 factorial once

    trial_factors = {'size': ['small', 'large'], 'color': ['red', 'green']}
    radius = {'small': 25, 'large': 60}  # pixels
    fill = {'red': '#c0392b', 'green': '#1e8449'}


def trials_of(participant):
    """The participant's four trials: the same list on every page and in the bots."""
    return trial_list(participant, factors=Constants.trial_factors, latin_square='size')


class Subsession(BaseSubsession):
    pass


class Group(BaseGroup):
    pass


class Player(BasePlayer):
    done_before = models.BooleanField(
        choices=[[True, 'Yes'], [False, 'No']],
        widget=widgets.RadioSelectHorizontal,
        label='Have you taken part in a study like this one before?',
        doc='The pre-questionnaire answer that is the stratum of the balancing',
    )
    size = models.StringField(doc="The trial's circle size (small or large)")
    color = models.StringField(doc="The trial's circle color (red or green)")
    rating = models.IntegerField(
        choices=[1, 2, 3, 4, 5, 6, 7],
        widget=widgets.RadioSelectHorizontal,
        label='How pleasant is this circle? (1 = not at all, 7 = very)',
        doc='The rating of the trial, 1 to 7',
    )
