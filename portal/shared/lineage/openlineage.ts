/**
 * OpenLineage events as the specification defines them (spec/OpenLineage.json 2-0-x: RunEvent,
 * DatasetEvent, JobEvent; facets from spec/facets/*.json). Objects are loose: unknown keys and
 * unknown facets are kept, as the spec requires of consumers. Facets must carry `_producer` and
 * `_schemaURL` (BaseFacet). Browser-safe.
 */
import { z } from "zod";
import { specErrorMap } from "#contract";
import { replaceNul } from "#lib/nul";

export const RUN_EVENT_TYPES = ["START", "RUNNING", "COMPLETE", "ABORT", "FAIL", "OTHER"] as const;
export type RunEventType = (typeof RUN_EVENT_TYPES)[number];

/** A message for a wrong value; a missing one reads "is required" like every other field. */
const unless = (message: string) => ({
  error: (issue: { input?: unknown }) => (issue.input === undefined ? "is required" : message),
});
const Uri = z
  .string()
  .min(1)
  // eslint-disable-next-line no-control-regex -- NUL excluded on purpose: PostgreSQL stores none
  .regex(/^[a-zA-Z][a-zA-Z0-9+.-]*:[^\s\u0000]*$/, unless("must be a URI"));
/** The instants PostgreSQL's timestamptz can hold from an ISO string: years 1 to 9999 in UTC. */
const inStorableRange = (value: string) => {
  const year = new Date(value).getUTCFullYear();
  return year >= 1 && year <= 9999;
};
const DateTime = z.iso
  .datetime({ offset: true, abort: true, ...unless("must be an ISO 8601 date-time") })
  .refine(inStorableRange, "must lie between the years 1 and 9999 in UTC");
const Name = z.string().min(1);

/** BaseFacet: every facet names who produced it and the schema it follows. */
export const Facet = z.looseObject({ _producer: Uri, _schemaURL: Uri });
const Facets = z.record(z.string(), Facet);

/** An input field of ColumnLineageDatasetFacet, with how it was transformed (1-2-0). */
const ColumnLineageInputField = z.looseObject({
  namespace: Name,
  name: Name,
  field: Name,
  transformations: z.array(z.looseObject({ type: z.string() })).optional(),
});

/**
 * ColumnLineageDatasetFacet (1-0-x): output field ← input fields; since 1-1-0 `dataset` lists
 * the input fields that affect every output column (INDIRECT: joins, filters, grouping).
 */
export const ColumnLineageFacet = Facet.extend({
  fields: z.record(z.string(), z.looseObject({ inputFields: z.array(ColumnLineageInputField) })),
  dataset: z.array(ColumnLineageInputField).optional(),
});
export type ColumnLineageFacet = z.infer<typeof ColumnLineageFacet>;

/** DataQualityAssertionsDatasetFacet. */
/** One result of DataQualityAssertionsDatasetFacet. */
export const DataQualityAssertion = z.looseObject({
  assertion: z.string(),
  success: z.boolean(),
  column: z.string().optional(),
  /** The test's configured severity (facet 1-0-2): `error` blocks, `warn` only warns. */
  severity: z.string().optional(),
});
export type DataQualityAssertion = z.infer<typeof DataQualityAssertion>;

export const DataQualityAssertionsFacet = Facet.extend({
  assertions: z.array(DataQualityAssertion),
});
export type DataQualityAssertionsFacet = z.infer<typeof DataQualityAssertionsFacet>;

/** DataQualityMetricsInputDatasetFacet / DataQualityMetricsDatasetFacet. */
/** The metrics of one column in DataQualityMetricsDatasetFacet. */
export const ColumnMetric = z.looseObject({
  nullCount: z.int().optional(),
  distinctCount: z.int().optional(),
  count: z.number().optional(),
});

export const DataQualityMetricsFacet = Facet.extend({
  rowCount: z.int().optional(),
  bytes: z.int().optional(),
  fileCount: z.int().optional(),
  columnMetrics: z.record(z.string(), ColumnMetric),
});
export type DataQualityMetricsFacet = z.infer<typeof DataQualityMetricsFacet>;

/** Facets whose content Meshplane reads are checked against their own schemas. */
const KNOWN_DATASET_FACETS: Record<string, z.ZodType> = {
  columnLineage: ColumnLineageFacet,
  dataQualityAssertions: DataQualityAssertionsFacet,
  dataQualityMetrics: DataQualityMetricsFacet,
};

const DatasetFacets = Facets.superRefine((facets, ctx) => {
  for (const [key, schema] of Object.entries(KNOWN_DATASET_FACETS)) {
    if (facets[key] === undefined) continue;
    const result = schema.safeParse(facets[key], { error: specErrorMap });
    if (result.success) continue;
    for (const issue of result.error.issues) {
      ctx.addIssue({ code: "custom", message: issue.message, path: [key, ...issue.path] });
    }
  }
});

export const Dataset = z.looseObject({
  namespace: Name,
  name: Name,
  facets: DatasetFacets.optional(),
});
export const InputDataset = Dataset.extend({ inputFacets: DatasetFacets.optional() });
export const OutputDataset = Dataset.extend({ outputFacets: DatasetFacets.optional() });
export type InputDataset = z.infer<typeof InputDataset>;
export type OutputDataset = z.infer<typeof OutputDataset>;

export const Job = z.looseObject({ namespace: Name, name: Name, facets: Facets.optional() });
export const Run = z.looseObject({
  runId: z.uuid(unless("must be a UUID")),
  facets: Facets.optional(),
});

const BaseEvent = z.looseObject({ eventTime: DateTime, producer: Uri, schemaURL: Uri });

export const RunEvent = BaseEvent.extend({
  eventType: z.enum(RUN_EVENT_TYPES).optional(),
  run: Run,
  job: Job,
  inputs: z.array(InputDataset).optional(),
  outputs: z.array(OutputDataset).optional(),
}).meta({ id: "OpenLineageRunEvent" });
export type RunEvent = z.infer<typeof RunEvent>;

export const DatasetEvent = BaseEvent.extend({ dataset: Dataset }).meta({
  id: "OpenLineageDatasetEvent",
});
export type DatasetEvent = z.infer<typeof DatasetEvent>;

export const JobEvent = BaseEvent.extend({
  job: Job,
  inputs: z.array(InputDataset).optional(),
  outputs: z.array(OutputDataset).optional(),
}).meta({ id: "OpenLineageJobEvent" });
export type JobEvent = z.infer<typeof JobEvent>;

export type OpenLineageEvent =
  | { kind: "run"; event: RunEvent }
  | { kind: "dataset"; event: DatasetEvent }
  | { kind: "job"; event: JobEvent };

/** The spec tells the three apart by shape: a run makes a RunEvent, a dataset a DatasetEvent. */
function kindOf(value: unknown): OpenLineageEvent["kind"] {
  if (typeof value !== "object" || value === null) return "run";
  if ("run" in value) return "run";
  if ("dataset" in value) return "dataset";
  return "job" in value ? "job" : "run";
}

const SCHEMAS = { run: RunEvent, dataset: DatasetEvent, job: JobEvent } as const;

/**
 * One event of any kind. Errors come from the schema of the kind the event's shape says it is, so
 * each names the exact path (`outputs.0.facets.columnLineage.fields`), not "no union member".
 */
export const OpenLineageEventBody = z
  .unknown()
  .transform((value, ctx): OpenLineageEvent => {
    const kind = kindOf(value);
    const result = SCHEMAS[kind].safeParse(value, { error: specErrorMap });
    if (!result.success) {
      for (const issue of result.error.issues) {
        ctx.addIssue({ code: "custom", message: issue.message, path: issue.path });
      }
      return z.NEVER;
    }
    // The union of the three schemas' outputs, selected by the same key.
    return { kind, event: result.data } as OpenLineageEvent;
  })
  .meta({
    id: "OpenLineageEvent",
    description:
      "An OpenLineage RunEvent, DatasetEvent or JobEvent (https://openlineage.io/spec/2-0-2/OpenLineage.json).",
    // The parser picks the schema by shape; the document shows the three it picks from.
    override: {
      anyOf: ["OpenLineageRunEvent", "OpenLineageDatasetEvent", "OpenLineageJobEvent"].map(
        (id) => ({
          $ref: `#/components/schemas/${id}`,
        }),
      ),
    },
  });

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** The fields of an event that identify something: a NUL in them is refused, not replaced. */
const EVENT_IDS = ["eventType", "eventTime", "producer", "schemaURL"] as const;
const NODE_IDS = ["namespace", "name"] as const;

/** Copies `keys` of `from` (the raw value) onto `to` (its NUL-free copy), where both are objects. */
function restore(from: unknown, to: unknown, keys: readonly string[]): void {
  if (!isObject(from) || !isObject(to)) return;
  for (const key of keys) if (key in from) to[key] = from[key];
}

/**
 * The free text of an event (facets, an `errorMessage` facet's message and stack trace, which
 * often quote a NUL byte, and any field a client adds) may hold NULs, which PostgreSQL cannot
 * store: they become U+FFFD, keys included, so the event is kept. Its identifiers (namespaces,
 * names, run id, event type and time, producer, schema URL) are left as sent, so that withApi
 * refuses a NUL in them with 400. Works on the raw body, before validation.
 */
export function replaceFreeTextNul(raw: unknown): unknown {
  if (Array.isArray(raw)) return raw.map((event: unknown) => replaceFreeTextNul(event));
  if (!isObject(raw)) return raw;
  const event = replaceNul(raw);
  restore(raw, event, EVENT_IDS);
  restore(raw.run, event.run, ["runId"]);
  for (const key of ["job", "dataset"] as const) restore(raw[key], event[key], NODE_IDS);
  for (const key of ["inputs", "outputs"] as const) {
    const sent = raw[key];
    const copy = event[key];
    if (Array.isArray(sent) && Array.isArray(copy))
      sent.forEach((item: unknown, index) => {
        restore(item, copy[index], NODE_IDS);
      });
  }
  return event;
}

export const MAX_BATCH_EVENTS = 500;

export const OpenLineageBatchBody = z
  .array(OpenLineageEventBody)
  .min(1, "send at least one event")
  .max(MAX_BATCH_EVENTS, `a batch holds at most ${MAX_BATCH_EVENTS} events`)
  .meta({ id: "OpenLineageBatch", description: "A JSON array of OpenLineage events." });
