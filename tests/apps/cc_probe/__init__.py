"""Side-effect probes for the concurrency tests: count how often a hook really ran.

`record()` counts three ways, because each catches a different failure: in process memory (every
call, even one whose transaction later rolled back; the tests' threads share this process), as a
HookRun row (what committed), and in `session.vars` (what the experimenter's API persisted).
"""
