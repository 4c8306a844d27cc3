"""`manage.py load_onspd FILE.csv [--district-prefix MV]`: load postcode centroids from the ONS Postcode Directory
(ONSPD) CSV, so carers can search by postcode and postcode district. Uses the columns `pcds` (the postcode with
its space), `lat`, `long` and `doterm` (terminated postcodes are skipped, as are those without a grid reference,
which ONSPD gives as latitude 99.999999). Safe to run again: existing postcodes are updated."""

import csv
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from carershub.directory.models import Postcode
from carershub.people.rules import normalise_postcode

BATCH = 5000
NO_GRID_REFERENCE = Decimal("99.999999")


def _row(record: dict[str, str]) -> Postcode | None:
    if (record.get("doterm") or "").strip():
        return None
    try:
        postcode = normalise_postcode(record.get("pcds") or record.get("pcd") or "")
        latitude, longitude = Decimal(record["lat"]), Decimal(record["long"])
    except (KeyError, ValueError, InvalidOperation):
        return None
    if latitude == NO_GRID_REFERENCE:
        return None
    return Postcode(postcode=postcode, district=postcode.split(" ")[0], latitude=latitude, longitude=longitude)


class Command(BaseCommand):
    help = "Load postcode centroids from the ONS Postcode Directory CSV."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", type=Path)
        parser.add_argument("--district-prefix", default="", help="Only postcodes starting with this, e.g. PR.")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        if not path.exists():
            raise CommandError(f"There is no file {path}.")
        prefix = options["district_prefix"].upper()
        loaded = skipped = 0
        batch: list[Postcode] = []
        with path.open(newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            if not {"lat", "long"} <= set(reader.fieldnames or []) or not {"pcds", "pcd"} & set(
                reader.fieldnames or []
            ):
                raise CommandError("This is not an ONSPD file: it needs the columns pcds (or pcd), lat and long.")
            for record in reader:
                row = _row(record)
                if row is None or not row.postcode.startswith(prefix):
                    skipped += 1
                    continue
                batch.append(row)
                if len(batch) >= BATCH:
                    loaded += self._save(batch)
                    batch = []
        loaded += self._save(batch)
        self.stdout.write(f"{loaded} postcodes loaded, {skipped} skipped.")

    def _save(self, batch: list[Postcode]) -> int:
        Postcode.objects.bulk_create(
            batch,
            update_conflicts=True,
            unique_fields=["postcode"],
            update_fields=["district", "latitude", "longitude"],
        )
        return len(batch)
