import { describe, expect, it } from "vitest";
import { specErrorMap, toSpecIssues } from "#contract";
import { OpenLineageBatchBody, OpenLineageEventBody } from "#portal/shared/lineage/openlineage";
import {
  DATASET_EVENT,
  JOB_EVENT,
  PRODUCER,
  SPEC_COMPLETE_EVENT,
  SPEC_START_EVENT,
  columnLineageFacet,
  metricsFacet,
  runEvent,
} from "../../support/openlineage-events";

function issues(input: unknown) {
  const result = OpenLineageEventBody.safeParse(input, { error: specErrorMap });
  return result.success ? [] : toSpecIssues(result.error);
}

describe("OpenLineage event schema", () => {
  it.each([
    ["the spec's START RunEvent", SPEC_START_EVENT, "run"],
    ["the spec's COMPLETE RunEvent with a schema facet", SPEC_COMPLETE_EVENT, "run"],
    ["a DatasetEvent", DATASET_EVENT, "dataset"],
    ["a JobEvent", JOB_EVENT, "job"],
  ])("accepts %s", (_, event, kind) => {
    const parsed = OpenLineageEventBody.parse(event);
    expect(parsed.kind).toBe(kind);
    expect(parsed.event).toEqual(event);
  });

  it("accepts RUNNING, ABORT, FAIL and OTHER, and events without eventType", () => {
    for (const eventType of ["RUNNING", "ABORT", "FAIL", "OTHER"]) {
      expect(issues({ ...SPEC_START_EVENT, eventType })).toEqual([]);
    }
    const { eventType: _omitted, ...withoutType } = SPEC_START_EVENT;
    expect(issues(withoutType)).toEqual([]);
  });

  it("keeps unknown facets and unknown keys", () => {
    const custom = {
      ...SPEC_START_EVENT,
      run: {
        ...SPEC_START_EVENT.run,
        facets: {
          airflow_dag: {
            _producer: PRODUCER,
            _schemaURL: "https://example.com/AirflowDag.json",
            dagId: "x",
          },
        },
      },
      vendorExtension: { a: 1 },
    };
    expect(OpenLineageEventBody.parse(custom).event).toEqual(custom);
  });

  it("checks the facets it reads against their schemas", () => {
    const event = runEvent({
      job: "j",
      eventTime: "2024-01-01T00:00:00Z",
      outputs: [
        {
          namespace: "s3://b",
          name: "t",
          facets: {
            columnLineage: {
              ...columnLineageFacet({}),
              fields: { a: { inputFields: [{ name: "x" }] } },
            },
          },
          inputFacets: { dataQualityMetrics: metricsFacet(10, { a: 1 }) },
        },
      ],
    });
    expect(issues(event)).toEqual([
      {
        path: "outputs[0].facets.columnLineage.fields.a.inputFields[0].namespace",
        message: "is required",
      },
      {
        path: "outputs[0].facets.columnLineage.fields.a.inputFields[0].field",
        message: "is required",
      },
    ]);
  });

  it.each([
    ["no runId", { ...SPEC_START_EVENT, run: {} }, [{ path: "run.runId", message: "is required" }]],
    [
      "a runId that is not a UUID",
      { ...SPEC_START_EVENT, run: { runId: "run-1" } },
      [{ path: "run.runId", message: "must be a UUID" }],
    ],
    [
      "an unknown eventType",
      { ...SPEC_START_EVENT, eventType: "DONE" },
      [
        {
          path: "eventType",
          message: 'must be one of START, RUNNING, COMPLETE, ABORT, FAIL, OTHER, not string "DONE"',
        },
      ],
    ],
    [
      "no eventTime",
      { ...SPEC_START_EVENT, eventTime: undefined },
      [{ path: "eventTime", message: "is required" }],
    ],
    [
      "a bad eventTime",
      { ...SPEC_START_EVENT, eventTime: "yesterday" },
      [{ path: "eventTime", message: "must be an ISO 8601 date-time" }],
    ],
    [
      "no schemaURL",
      { ...SPEC_START_EVENT, schemaURL: undefined },
      [{ path: "schemaURL", message: "is required" }],
    ],
    [
      "a job without a name",
      { ...SPEC_START_EVENT, job: { namespace: "n" } },
      [{ path: "job.name", message: "is required" }],
    ],
    [
      "a facet without _producer",
      {
        ...SPEC_COMPLETE_EVENT,
        outputs: [
          {
            namespace: "n",
            name: "t",
            facets: { schema: { _schemaURL: "https://x/y.json", fields: [] } },
          },
        ],
      },
      [{ path: "outputs[0].facets.schema._producer", message: "is required" }],
    ],
    [
      "an input dataset without a namespace",
      { ...SPEC_START_EVENT, inputs: [{ name: "t" }] },
      [{ path: "inputs[0].namespace", message: "is required" }],
    ],
    [
      "a DatasetEvent whose dataset has no name",
      { ...DATASET_EVENT, dataset: { namespace: "s3://b" } },
      [{ path: "dataset.name", message: "is required" }],
    ],
  ])("rejects %s, naming the path", (_, event, expected) => {
    expect(issues(event)).toEqual(expected);
  });

  it("bounds batches and names the event at fault", () => {
    const tooMany = Array.from({ length: 501 }, () => SPEC_START_EVENT);
    const big = OpenLineageBatchBody.safeParse(tooMany, { error: specErrorMap });
    expect(big.success ? [] : toSpecIssues(big.error)).toEqual([
      { path: "", message: "a batch holds at most 500 events" },
    ]);
    const bad = OpenLineageBatchBody.safeParse(
      [SPEC_START_EVENT, { ...SPEC_START_EVENT, run: {} }],
      {
        error: specErrorMap,
      },
    );
    expect(bad.success ? [] : toSpecIssues(bad.error)).toEqual([
      { path: "[1].run.runId", message: "is required" },
    ]);
  });
});
