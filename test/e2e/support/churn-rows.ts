/**
 * Rows the journeys write into a product built from the churn-experiments example (its five
 * columns), as Python for their pyiceberg engines: `churn_rows(schema)` is a pyarrow table of
 * three rows (keys c0, c1, c2) in the table's Arrow schema, ready for `table.append`.
 */
export const CHURN_ROWS_PYTHON = `
from datetime import date
from decimal import Decimal
import pyarrow as pa

def churn_rows(schema):
    return pa.Table.from_pydict({
        "customer_key": ["c0", "c1", "c2"],
        "feature_date": [date(2026, 11, 1), date(2026, 11, 2), date(2026, 11, 3)],
        "sessions_30d": [0, 1, 2],
        "spend_90d": [Decimal("12.50")] * 3,
        "churned": [True, False, True],
    }, schema=schema)
`;
