"""No admin screens for the timeline on purpose: TimelineEvent and EventRevision are personal data
(see `herenigd/families/admin.py`); events are recorded and corrected through
`herenigd.timeline.services`, which keep every earlier version."""
