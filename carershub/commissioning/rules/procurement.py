"""Which procedures each procurement regime has. Pure Python: nothing from Django.

The Procurement Act 2023 has two competitive procedures, the open procedure and the competitive flexible procedure
(s.20), besides direct award (ss.41-43) and call-offs from a framework (s.45). "Light touch" is not one of them: it
is a kind of contract (s.9; Procurement Regulations 2024 Sch 1), recorded apart from the procedure. The Public
Contracts Regulations 2015 had no competitive flexible procedure; a grant is not a procurement at all.
"""

from typing import Final

PROCEDURES_BY_REGIME: Final[dict[str, frozenset[str]]] = {
    "pa_2023": frozenset({"open", "competitive_flexible", "direct_award", "framework_call_off"}),
    "pcr_2015": frozenset({"open", "restricted", "direct_award", "framework_call_off"}),
    "grant": frozenset({"grant"}),
}


def procedure_suits_regime(regime: str, procedure: str) -> bool:
    """Whether a contract under `regime` can have been awarded by `procedure`."""
    return procedure in PROCEDURES_BY_REGIME.get(regime, frozenset())
