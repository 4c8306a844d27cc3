"""Reading what a carer typed as a place, and distances between coordinates. Pure: no Django."""

import math
import re
from dataclasses import dataclass

from carershub.people.rules import normalise_postcode

_DISTRICT_SHAPE = re.compile(r"[A-Z]{1,2}[0-9][A-Z0-9]?")
EARTH_RADIUS_METRES = 6_371_000
# One degree of latitude, in metres (a mean over the UK's latitudes is close enough for "about 3 miles").
METRES_PER_DEGREE = math.pi * EARTH_RADIUS_METRES / 180
METRES_PER_MILE = 1609.344


@dataclass(frozen=True)
class Place:
    """What was typed: a full postcode, a postcode district (the outward code, "MV1"), or a town's name."""

    kind: str  # "postcode", "district" or "town"
    value: str


def read_place(text: str) -> Place | None:
    """ "mv1 2ab" is a postcode, "mv1" a district, anything else with letters a town; blank is nothing."""
    cleaned = " ".join(text.split())
    if not cleaned:
        return None
    try:
        return Place("postcode", normalise_postcode(cleaned))
    except ValueError:
        pass
    if _DISTRICT_SHAPE.fullmatch(cleaned.upper()):
        return Place("district", cleaned.upper())
    return Place("town", cleaned)


def distance_metres(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    dphi, dlambda = phi2 - phi1, math.radians(lon2 - lon1)
    a = math.sin(dphi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(dlambda / 2) ** 2
    return 2 * EARTH_RADIUS_METRES * math.asin(math.sqrt(a))


def longitude_scale(latitude: float) -> float:
    """How much shorter a degree of longitude is than a degree of latitude here (for a flat-earth distance the
    database can compute and sort by: within a county the error is a fraction of a per cent)."""
    return math.cos(math.radians(latitude))


def miles(metres: float) -> float:
    return metres / METRES_PER_MILE
