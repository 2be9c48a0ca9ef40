"""Between-subjects conditions: balanced assignment to participants, groups or sessions.

`models` (the assignments, and the balance row that serializes them) sits beside the core
models, which import it; `services` (assign, read, exclude) is called from the participant's
request (lifecycle.services.participant_start, the `condition` attributes' first read) and from
the admin and REST API (exclusions). docs/experiments.md, "Conditions", says what apps see.
`trials` (within-subjects trial lists) stands apart: pure functions, no table.
"""
