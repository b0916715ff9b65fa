"""pyiceberg against Meshplane's Iceberg REST catalog (driven by pyiceberg.test.ts).

Configured only with the catalog URI and a domain API key (and once with OAuth client
credentials). Prints one JSON line per step; any unexpected exception fails the run.
"""
import json
import sys
from datetime import date
from decimal import Decimal

import pyarrow as pa
from pyiceberg.catalog.rest import RestCatalog
from pyiceberg.exceptions import CommitFailedException, ForbiddenError
from pyiceberg.types import DoubleType

uri, key, key_id, other_key, table_name, restricted_name = sys.argv[1:7]
identifier = f"payments.{table_name}"


def report(step, **facts):
    print(json.dumps({"step": step, **facts}), flush=True)


def rows(table, n, **extra):
    data = {
        "customer_key": [f"c{i}" for i in range(n)],
        "feature_date": [date(2026, 11, 1 + i) for i in range(n)],
        "sessions_30d": [i for i in range(n)],
        "spend_90d": [Decimal("12.50") for _ in range(n)],
        "churned": [i % 2 == 0 for i in range(n)],
        **extra,
    }
    return pa.Table.from_pydict(data, schema=table.schema().as_arrow())


catalog = RestCatalog("meshplane", uri=uri, token=key)
report("namespaces", namespaces=[list(ns) for ns in catalog.list_namespaces()])
report("tables", tables=[list(t) for t in catalog.list_tables("payments")])

table = catalog.load_table(identifier)
table.append(rows(table, 3))
report("appended", rows=table.scan().to_arrow().num_rows)

with table.update_schema() as update:
    update.add_column("score", DoubleType())
table.append(rows(table, 2, score=[0.5, 0.9]))
read = table.scan().to_arrow()
report("evolved", rows=read.num_rows, columns=read.column_names,
       field_ids=[f.field_id for f in table.schema().fields])

# pyiceberg retries a failed commit by itself (commit.retry.num-retries, 4 by default): off here,
# so the conflict surfaces as the exception and the retry is this script's.
with table.transaction() as transaction:
    transaction.set_properties({"commit.retry.num-retries": "0"})
first = catalog.load_table(identifier)
second = catalog.load_table(identifier)
first.append(rows(first, 1, score=[1.0]))
try:
    second.append(rows(second, 1, score=[2.0]))
    report("race", conflict=False)
except CommitFailedException as error:
    second = catalog.load_table(identifier)
    second.append(rows(second, 1, score=[2.0]))
    report("race", conflict=True, message=str(error),
           rows=catalog.load_table(identifier).scan().to_arrow().num_rows)

other = RestCatalog("meshplane", uri=uri, token=other_key)
foreign = other.load_table(identifier)
try:
    foreign.append(rows(foreign, 1, score=[3.0]))
    report("foreign-commit", refused=False)
except ForbiddenError:
    report("foreign-commit", refused=True)
try:
    other.load_table(f"payments.{restricted_name}")
    report("foreign-restricted", refused=False)
except ForbiddenError:
    report("foreign-restricted", refused=True)

oauth = RestCatalog("meshplane", uri=uri, credential=f"{key_id}:{key}")
report("oauth", rows=oauth.load_table(identifier).scan().to_arrow().num_rows)
