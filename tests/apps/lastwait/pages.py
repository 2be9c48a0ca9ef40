from sessions_core.api import WaitPage


class EveryoneDone(WaitPage):
    body_text = 'Waiting for everyone to finish.'


page_sequence = [EveryoneDone]
