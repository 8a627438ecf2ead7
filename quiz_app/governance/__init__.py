"""Governance under NIS 2 Art. 20: the organisation's profile (``organisation``), assessment
rounds of the management body (``rounds``) and its approvals beside its training
(``approvals``). Plain domain modules: no Streamlit; every change is audited."""
