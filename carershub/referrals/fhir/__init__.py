"""NHS referrals as FHIR R4 ServiceRequest resources (UK Core): the accepted shapes are in endpoints.py."""

from carershub.referrals.fhir.endpoints import router

__all__ = ["router"]
