"""The remediation plan (issue #15, "gaps worth acting on"): target levels per measure
(:mod:`.targets`), actions on gaps with owners, due dates, statuses and comments
(:mod:`.actions`), the plan across assessments (:mod:`.plan`), evidence (:mod:`.evidence`:
links, notes and checked files) and what the GDPR erase removes (:mod:`.erase`).

Who may do what is decided in :mod:`quiz_app.authz`: everyone may work on the actions they
own (``WORK_ON_ACTIONS``); managers and admins create, assign, see and update every action
(``MANAGE_ACTIONS``) and set the targets (``SET_TARGETS``). Every change is audited.
"""
