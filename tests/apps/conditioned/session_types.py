from sessions_core.experimenter.session_types import SessionType

TWO_BY_TWO = {'depth': ['near', 'far'], 'color': ['red', 'blue']}


def answer_stratum(participant):
    """The pre-questionnaire's answer, kept in participant.vars by Intro."""
    return participant.vars.get('answer')


def _kind(name, read, **kwargs):
    return SessionType(name=name, app_sequence=['conditioned'], conditions=TWO_BY_TWO,
                       read=read, doc='Test: conditions (tests/conditions/).', **kwargs)


SESSION_TYPES = [
    _kind('cond_participant', 'participant'),
    _kind('cond_stratum', 'participant', condition_stratum=answer_stratum),
    _kind('cond_group', 'group', condition_unit='group'),
    _kind('cond_session', 'session', condition_unit='session'),
    _kind('cond_override', 'participant', condition_overrides={'depth': 'near'}),
    _kind('cond_expiring', 'participant', condition_expires_after_seconds=600),
    _kind('cond_wrong_unit', 'group'),
    SessionType(name='cond_none', app_sequence=['conditioned'], read='participant',
                doc='Test: no conditions declared.'),
]
