"""The catalogue as admins keep it: the seed files, the admin API's reads and edits, CSV.

`resources.py` describes the eight tables once (URL name, key, row model, references);
`rows.py` says what a row may hold; `store.py` is what the admin API calls; `csv_io.py`
exports and imports a resource as CSV; `seed.py` loads config/service_desk/ into an empty
catalogue. Everything else is generic over the descriptions.

May import what `service_desk` may (the standard library, third-party packages,
`storage`, `conversations` for the markets); never `api`.
"""

from service_desk.catalogue.csv_io import CsvRefused, Imported, RowError
from service_desk.catalogue.resources import RESOURCES, InUse, Reason, Resource, RowInvalid
from service_desk.catalogue.seed import SeedError, load_seed, load_seed_if_empty
from service_desk.catalogue.store import CatalogueStore, Conflict, Page

__all__ = [
    "RESOURCES",
    "CatalogueStore",
    "Conflict",
    "CsvRefused",
    "Imported",
    "InUse",
    "Page",
    "Reason",
    "Resource",
    "RowError",
    "RowInvalid",
    "SeedError",
    "load_seed",
    "load_seed_if_empty",
]
