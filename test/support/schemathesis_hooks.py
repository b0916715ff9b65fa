"""Schemathesis hooks for Meshplane's API fuzzing (test/integration/portal/schemathesis.test.ts).

The OpenAPI document describes YAML bodies (ODCS contracts, Backstage catalog-info files) as text,
`type: string`: a Backstage export is several YAML documents in one body, which schemathesis's own
YAML deserializer cannot load (it raises inside its worker thread). Checked as the text the
document promises.
"""

import schemathesis
from schemathesis.core import media_types


# Every YAML media type: schemathesis tries its deserializers in registration order.
@schemathesis.deserializer(*media_types.YAML_MEDIA_TYPES)
def yaml_as_text(_ctx, response):
    return response.content.decode(response.encoding or "utf-8")
