"""pyiceberg loading a GCP product's table from Meshplane's Iceberg REST catalog (driven by
pyiceberg-gcp.test.ts): served read-only, with the config naming BigLake; a commit is refused.

Prints one JSON line per step; any unexpected exception fails the run.
"""
import json
import sys

from pyiceberg.catalog.rest import RestCatalog
from pyiceberg.exceptions import ForbiddenError

uri, key, table_name = sys.argv[1:4]
identifier = f"payments.{table_name}"


def report(step, **facts):
    print(json.dumps({"step": step, **facts}), flush=True)


catalog = RestCatalog("meshplane", uri=uri, token=key)
table = catalog.load_table(identifier)
# pyiceberg hands the LoadTableResult config to the table's FileIO properties.
config = {name: table.io.properties.get(name) for name in
          ("uri", "warehouse", "rest.auth.type", "header.x-goog-user-project")}
report("loaded", metadata_location=table.metadata_location, location=table.location(),
       columns=[field.name for field in table.schema().fields], config=config)

try:
    with table.transaction() as transaction:
        transaction.set_properties({"owner": "pyiceberg"})
    report("commit", refused=False)
except ForbiddenError as error:
    report("commit", refused=True, message=str(error))
