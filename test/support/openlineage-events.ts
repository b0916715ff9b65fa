/**
 * OpenLineage events for tests, in the shapes the specification and its clients use: the RunEvent
 * example of the OpenLineage README and spec, facets copied from spec/tests/*.json of the
 * OpenLineage repository (SchemaDatasetFacet/1.json, DataQualityMetricsInputDatasetFacet/1.json,
 * ColumnLineageDatasetFacet/1.json), and the `_producer`/`_schemaURL` every client sets.
 */
export const PRODUCER = "https://github.com/OpenLineage/OpenLineage/blob/v1-0-0/client";
export const RUN_SCHEMA = "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent";

/** The README's example START event, as sent by the Python client. */
export const SPEC_START_EVENT = {
  eventType: "START",
  eventTime: "2020-12-28T19:52:00.001+10:00",
  run: { runId: "d46e465b-d358-4d32-83d4-df660ff614dd" },
  job: { namespace: "my-scheduler-namespace", name: "myjob.mytask" },
  inputs: [{ namespace: "my-datasource-namespace", name: "instance.schema.table" }],
  producer: PRODUCER,
  schemaURL: RUN_SCHEMA,
};

/** The README's COMPLETE event, with the spec's SchemaDatasetFacet test fixture on the output. */
export const SPEC_COMPLETE_EVENT = {
  eventType: "COMPLETE",
  eventTime: "2020-12-28T20:52:00.001+10:00",
  run: { runId: "d46e465b-d358-4d32-83d4-df660ff614dd" },
  job: { namespace: "my-scheduler-namespace", name: "myjob.mytask" },
  outputs: [
    {
      namespace: "my-datasource-namespace",
      name: "instance.schema.output_table",
      facets: {
        schema: {
          _producer: PRODUCER,
          _schemaURL: "https://openlineage.io/spec/facets/1-0-0/SchemaDatasetFacet.json",
          fields: [
            { name: "user_id", type: "int64" },
            { name: "counterparty_id", type: "int64" },
            { name: "currency", type: "object" },
            { name: "amount", type: "int64" },
          ],
        },
      },
    },
  ],
  producer: PRODUCER,
  schemaURL: RUN_SCHEMA,
};

export const DATASET_EVENT = {
  eventTime: "2024-01-01T00:00:00Z",
  producer: PRODUCER,
  schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/DatasetEvent",
  dataset: {
    namespace: "s3://acme-raw",
    name: "landing/orders",
    facets: {
      documentation: {
        _producer: PRODUCER,
        _schemaURL: "https://openlineage.io/spec/facets/1-0-1/DocumentationDatasetFacet.json",
        description: "Raw orders as they land",
      },
    },
  },
};

export const JOB_EVENT = {
  eventTime: "2024-01-01T00:00:00Z",
  producer: PRODUCER,
  schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/JobEvent",
  job: { namespace: "dbt", name: "jaffle_shop.orders" },
  inputs: [{ namespace: "s3://acme-raw", name: "landing/orders" }],
  outputs: [{ namespace: "s3://acme-curated", name: "orders" }],
};

export function metricsFacet(rowCount: number, nulls: Record<string, number>) {
  return {
    _producer: PRODUCER,
    _schemaURL: "https://openlineage.io/spec/facets/1-0-2/DataQualityMetricsInputDatasetFacet.json",
    rowCount,
    columnMetrics: Object.fromEntries(
      Object.entries(nulls).map(([column, nullCount]) => [column, { nullCount }]),
    ),
  };
}

export function assertionsFacet(
  assertions: { assertion: string; success: boolean; column?: string; severity?: string }[],
) {
  return {
    _producer: PRODUCER,
    _schemaURL: "https://openlineage.io/spec/facets/1-0-1/DataQualityAssertionsDatasetFacet.json",
    assertions,
  };
}

export function columnLineageFacet(
  fields: Record<string, { namespace: string; name: string; field: string }[]>,
) {
  return {
    _producer: PRODUCER,
    _schemaURL: "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json",
    fields: Object.fromEntries(
      Object.entries(fields).map(([field, inputFields]) => [
        field,
        {
          inputFields: inputFields.map((input) => ({
            ...input,
            transformations: [
              { type: "DIRECT", subtype: "IDENTITY", description: "", masking: false },
            ],
          })),
        },
      ]),
    ),
  };
}

interface DatasetRef {
  namespace: string;
  name: string;
  facets?: Record<string, unknown>;
  inputFacets?: Record<string, unknown>;
}

let counter = 0;

/** A run event of `job` reading `inputs` and writing `outputs`; a fresh runId unless given. */
export function runEvent(options: {
  job: string;
  eventType?: string;
  eventTime: string;
  inputs?: DatasetRef[];
  outputs?: DatasetRef[];
  runId?: string;
  namespace?: string;
}) {
  counter += 1;
  return {
    eventType: options.eventType ?? "COMPLETE",
    eventTime: options.eventTime,
    run: { runId: options.runId ?? `0190a000-0000-7000-8000-${String(counter).padStart(12, "0")}` },
    job: { namespace: options.namespace ?? "airflow-prod", name: options.job },
    inputs: options.inputs ?? [],
    outputs: options.outputs ?? [],
    producer: "https://github.com/apache/airflow/tree/providers-openlineage/1.8.0",
    schemaURL: RUN_SCHEMA,
  };
}
