import { describe, expect, it } from "vitest";
import { compareLineage } from "#portal/shared/lineage/compare";
import { OpenLineageEventBody } from "#portal/shared/lineage/openlineage";
import { eventHash, uuidv7 } from "#workflow/ids";
import { normaliseEvents, parseNodeKey } from "#portal/server/lineage/normalise";
import {
  SPEC_COMPLETE_EVENT,
  SPEC_START_EVENT,
  columnLineageFacet,
  runEvent,
} from "../../support/openlineage-events";

const parse = (event: unknown) => OpenLineageEventBody.parse(event);
const keys = (map: Map<string, unknown>) =>
  [...map.keys()].map((key) => key.replaceAll("\u0000", ":").replaceAll("\u0001", ":")).sort();

describe("event normalisation", () => {
  it("turns a run's START and COMPLETE into one run, its job, datasets and edges", () => {
    const rows = normaliseEvents([parse(SPEC_COMPLETE_EVENT), parse(SPEC_START_EVENT)]);
    expect([...rows.runs.values()]).toEqual([
      {
        runId: "d46e465b-d358-4d32-83d4-df660ff614dd",
        job: "job\u0000my-scheduler-namespace\u0000myjob.mytask",
        state: "COMPLETE",
        startedAt: "2020-12-28T09:52:00.001Z",
        endedAt: "2020-12-28T10:52:00.001Z",
        lastEventTime: "2020-12-28T10:52:00.001Z",
        facets: {},
      },
    ]);
    expect(keys(rows.nodes)).toEqual([
      "dataset:my-datasource-namespace:instance.schema.output_table",
      "dataset:my-datasource-namespace:instance.schema.table",
      "job:my-scheduler-namespace:myjob.mytask",
    ]);
    expect(keys(rows.edges)).toEqual([
      "dataset:my-datasource-namespace:instance.schema.table:job:my-scheduler-namespace:myjob.mytask:reads",
      "job:my-scheduler-namespace:myjob.mytask:dataset:my-datasource-namespace:instance.schema.output_table:writes",
    ]);
    expect(rows.versions.map((v) => [parseNodeKey(v.dataset).name, v.role, v.eventType])).toEqual([
      ["instance.schema.output_table", "output", "COMPLETE"],
    ]);
  });

  it("derives dataset → dataset edges and column lineage from one run", () => {
    const rows = normaliseEvents([
      parse(
        runEvent({
          job: "j",
          eventTime: "2024-01-01T00:00:00Z",
          inputs: [{ namespace: "s3://raw", name: "a" }],
          outputs: [
            {
              namespace: "s3://cur",
              name: "b",
              facets: {
                columnLineage: columnLineageFacet({
                  total: [{ namespace: "s3://raw", name: "a", field: "amount" }],
                }),
              },
            },
          ],
        }),
      ),
    ]);
    expect(keys(rows.edges)).toContain("dataset:s3://raw:a:dataset:s3://cur:b:derives");
    expect([...rows.columns.values()].map((c) => [c.targetField, c.sourceField])).toEqual([
      ["total", "amount"],
    ]);
  });
});

describe("event hash and ids", () => {
  it("ignores key order", () => {
    const { schemaURL, ...rest } = SPEC_START_EVENT;
    const reordered = { schemaURL, ...rest };
    expect(eventHash(reordered)).toBe(eventHash(SPEC_START_EVENT));
    expect(eventHash({ ...SPEC_START_EVENT, eventType: "COMPLETE" })).not.toBe(
      eventHash(SPEC_START_EVENT),
    );
  });

  it("makes RFC 9562 version 7 UUIDs carrying the time", () => {
    const id = uuidv7(0x0190a0b0c0d0);
    expect(id).toMatch(/^0190a0b0-c0d0-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});

describe("declared vs observed lineage", () => {
  it("flags inputs declared but never observed and observed but not declared", () => {
    expect(compareLineage(["a/x", "b/y"], ["b/y", "c/z", "c/z"])).toEqual({
      confirmed: ["b/y"],
      declaredOnly: ["a/x"],
      observedOnly: ["c/z"],
    });
  });
});
