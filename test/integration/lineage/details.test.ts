/**
 * Jobs, runs and datasets as the job and dataset pages read them (issue #20, items 6 and 7), and
 * the column-lineage facet's dataset-wide entries (INDIRECT JOIN/FILTER…) from ingestion to the
 * API: through the real route handlers on every database target, with events written by hand and
 * with events the real openlineage-python client built.
 */
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as ingest from "#portal/app/api/v1/lineage/route";
import * as columns from "#portal/app/api/v1/lineage/columns/route";
import * as job from "#portal/app/api/v1/lineage/jobs/[namespace]/[name]/route";
import * as runs from "#portal/app/api/v1/lineage/jobs/[namespace]/[name]/runs/route";
import * as dataset from "#portal/app/api/v1/lineage/datasets/[namespace]/[name]/route";
import { projectPending } from "#portal/server/lineage/projector";
import type {
  ColumnLineageResult,
  LineageDataset,
  LineageJob,
  LineageRunPage,
} from "#portal/shared/lineage/api-schemas";
import { PRODUCER, runEvent } from "../../support/openlineage-events";
import { pythonVenvBin, pythonVenvMissing } from "../../support/python";
import { forEachDatabase } from "../portal/databases";
import { json, type Harness, issueApiKey } from "../portal/harness";

vi.mock("server-only", () => ({}));

const NS = "s3://lake";
const facet = (name: string, body: Record<string, unknown>) => ({
  _producer: PRODUCER,
  _schemaURL: `https://openlineage.io/spec/facets/1-0-0/${name}.json`,
  ...body,
});
const t = (type: string, subtype: string, description = "") => ({
  type,
  subtype,
  description,
  masking: false,
});

/** columnLineage with per-field inputs and dataset-wide entries. */
function lineageFacet(
  fields: Record<string, { name: string; field: string; transformation: object }[]>,
  dataset: { name: string; field: string; transformation: object }[],
) {
  const input = (entry: { name: string; field: string; transformation: object }) => ({
    namespace: NS,
    name: entry.name,
    field: entry.field,
    transformations: [entry.transformation],
  });
  return {
    _producer: PRODUCER,
    _schemaURL: "https://openlineage.io/spec/facets/1-2-0/ColumnLineageDatasetFacet.json",
    fields: Object.fromEntries(
      Object.entries(fields).map(([field, inputs]) => [field, { inputFields: inputs.map(input) }]),
    ),
    dataset: dataset.map(input),
  };
}

const PYTHON_EVENTS = `
import datetime, json, uuid
from openlineage.client.event_v2 import RunEvent, RunState, Run, Job, InputDataset, OutputDataset
from openlineage.client.serde import Serde
from openlineage.client.generated import (sql_job, source_code_location_job, job_type_job,
    documentation_job, nominal_time_run, parent_run, error_message_run, schema_dataset,
    documentation_dataset, ownership_dataset, symlinks_dataset, column_lineage_dataset as cl)
producer = "https://github.com/OpenLineage/OpenLineage/tree/1.0.0/client/python"
job_facets = {
    "sql": sql_job.SQLJobFacet(query="SELECT o.customer_id, sum(o.amount) AS total FROM orders o JOIN customers c USING (customer_id) GROUP BY 1", dialect="postgres"),
    "sourceCodeLocation": source_code_location_job.SourceCodeLocationJobFacet(type="git", url="https://github.com/acme/pipelines/blob/main/dags/totals.py", path="dags/totals.py", branch="main"),
    "jobType": job_type_job.JobTypeJobFacet(processingType="BATCH", integration="AIRFLOW", jobType="TASK"),
    "documentation": documentation_job.DocumentationJobFacet(description="Customer totals, nightly."),
}
job = Job(namespace="airflow-py", name="py.customer_totals", facets=job_facets)
parent = parent_run.ParentRunFacet(run=parent_run.Run(runId="0190b000-0000-7000-8000-0000000da901"), job=parent_run.Job(namespace="airflow-py", name="nightly_dag"))
nominal = nominal_time_run.NominalTimeRunFacet(nominalStartTime="2026-03-01T02:00:00Z", nominalEndTime="2026-03-01T03:00:00Z")
run_id = str(uuid.uuid4())
out = OutputDataset(namespace="s3://py-lake", name="marts/customer_totals", facets={
    "schema": schema_dataset.SchemaDatasetFacet(fields=[
        schema_dataset.SchemaDatasetFacetFields(name="customer_id", type="BIGINT", description="the customer"),
        schema_dataset.SchemaDatasetFacetFields(name="total", type="DECIMAL(12,2)")]),
    "documentation": documentation_dataset.DocumentationDatasetFacet(description="One row per customer."),
    "ownership": ownership_dataset.OwnershipDatasetFacet(owners=[ownership_dataset.Owner(name="team:payments", type="MAINTAINER")]),
    "symlinks": symlinks_dataset.SymlinksDatasetFacet(identifiers=[symlinks_dataset.Identifier(namespace="arn:aws:glue:eu-west-1:123456789012", name="table/marts/customer_totals", type="TABLE")]),
    "columnLineage": cl.ColumnLineageDatasetFacet(
        fields={"total": cl.Fields(inputFields=[cl.InputField(namespace="s3://py-lake", name="raw/orders", field="amount",
            transformations=[cl.Transformation(type="DIRECT", subtype="AGGREGATION", description="sum", masking=False)])])},
        dataset=[cl.InputField(namespace="s3://py-lake", name="raw/customers", field="customer_id",
            transformations=[cl.Transformation(type="INDIRECT", subtype="JOIN", description="orders join customers", masking=False)])]),
})
inputs = [InputDataset(namespace="s3://py-lake", name="raw/orders"), InputDataset(namespace="s3://py-lake", name="raw/customers")]
start = RunEvent(eventType=RunState.START, eventTime="2026-03-01T02:00:05+00:00", producer=producer,
    run=Run(runId=run_id, facets={"parent": parent, "nominalTime": nominal}), job=job, inputs=inputs, outputs=[out])
fail = RunEvent(eventType=RunState.FAIL, eventTime="2026-03-01T02:01:35+00:00", producer=producer,
    run=Run(runId=run_id, facets={"errorMessage": error_message_run.ErrorMessageRunFacet(message="division by zero", programmingLanguage="python", stackTrace="Traceback (most recent call last): ...")}),
    job=job, inputs=inputs, outputs=[out])
print(json.dumps([json.loads(Serde.to_json(start)), json.loads(Serde.to_json(fail)), run_id]))
`;

forEachDatabase((target, open) => {
  describe(`lineage jobs, runs and datasets (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    let key = "";
    const post = async (body: unknown) => {
      const response = await h.call(ingest.POST, "POST", "/api/v1/lineage", {
        as: { bearer: key },
        body,
      });
      expect(response.status).toBeLessThan(300);
      await projectPending(h.prisma);
    };
    const getColumns = async (query: Record<string, string | number>) => {
      const response = await h.call(columns.GET, "GET", "/", { as: "outsider", query });
      expect(response.status).toBe(200);
      return json<ColumnLineageResult>(response);
    };

    beforeAll(async () => {
      h = await open();
      key = (await issueApiKey(h, "member", "payments", "details")).key;
    });
    afterAll(async () => {
      await h.close();
    });

    describe("dataset-wide column lineage", () => {
      beforeAll(async () => {
        // orders ⋈ customers → totals (a JOIN on customer_id, a FILTER on status), then
        // totals → report (a FILTER on totals.region).
        await post(
          runEvent({
            job: "build_totals",
            eventTime: "2026-03-01T00:00:00Z",
            inputs: [
              { namespace: NS, name: "orders" },
              { namespace: NS, name: "customers" },
            ],
            outputs: [
              {
                namespace: NS,
                name: "totals",
                facets: {
                  columnLineage: lineageFacet(
                    {
                      total: [
                        {
                          name: "orders",
                          field: "amount",
                          transformation: t("DIRECT", "AGGREGATION", "sum"),
                        },
                      ],
                      region: [
                        {
                          name: "customers",
                          field: "region",
                          transformation: t("DIRECT", "IDENTITY"),
                        },
                      ],
                    },
                    [
                      {
                        name: "customers",
                        field: "customer_id",
                        transformation: t("INDIRECT", "JOIN", "orders join customers"),
                      },
                      { name: "orders", field: "status", transformation: t("INDIRECT", "FILTER") },
                    ],
                  ),
                },
              },
            ],
          }),
        );
        await post(
          runEvent({
            job: "build_report",
            eventTime: "2026-03-01T01:00:00Z",
            inputs: [{ namespace: NS, name: "totals" }],
            outputs: [
              {
                namespace: NS,
                name: "report",
                facets: {
                  columnLineage: lineageFacet(
                    {
                      total: [
                        { name: "totals", field: "total", transformation: t("DIRECT", "IDENTITY") },
                      ],
                    },
                    [{ name: "totals", field: "region", transformation: t("INDIRECT", "FILTER") }],
                  ),
                },
              },
            ],
          }),
        );
      });

      it("stores the facet's dataset entries", async () => {
        const rows = await h.prisma.columnLineageDataset.findMany({
          orderBy: [{ targetId: "asc" }, { sourceField: "asc" }],
        });
        expect(rows.map((row) => [row.sourceField, row.transformation])).toEqual([
          ["customer_id", [t("INDIRECT", "JOIN", "orders join customers")]],
          ["status", [t("INDIRECT", "FILTER")]],
          ["region", [t("INDIRECT", "FILTER")]],
        ]);
      });

      it("answers upstream with the entries of every dataset the walk reaches", async () => {
        const result = await getColumns({ namespace: NS, name: "report", field: "total" });
        expect(result.edges.map((e) => [`${e.from.name}.${e.from.field}`, e.depth])).toEqual([
          ["totals.total", 1],
          ["orders.amount", 2],
        ]);
        expect(result.edges[1]?.transformation).toEqual([t("DIRECT", "AGGREGATION", "sum")]);
        expect(
          result.datasetWide.map((e) => [
            `${e.from.name}.${e.from.field}`,
            e.to.name,
            e.depth,
            e.transformation?.[0]?.subtype,
          ]),
        ).toEqual([
          ["totals.region", "report", 1, "FILTER"],
          ["customers.customer_id", "totals", 2, "JOIN"],
          ["orders.status", "totals", 2, "FILTER"],
        ]);
        const shallow = await getColumns({
          namespace: NS,
          name: "report",
          field: "total",
          depth: 1,
        });
        expect(shallow.datasetWide.map((e) => e.to.name)).toEqual(["report"]);
      });

      it("answers downstream with the datasets a field affects as a whole", async () => {
        const result = await getColumns({
          namespace: NS,
          name: "customers",
          field: "customer_id",
          direction: "downstream",
        });
        expect(result.edges).toEqual([]);
        expect(result.datasetWide).toEqual([
          {
            from: { namespace: NS, name: "customers", field: "customer_id" },
            to: { namespace: NS, name: "totals" },
            depth: 1,
            transformation: [t("INDIRECT", "JOIN", "orders join customers")],
          },
        ]);
        const region = await getColumns({
          namespace: NS,
          name: "customers",
          field: "region",
          direction: "downstream",
        });
        expect(region.edges.map((e) => `${e.to.name}.${e.to.field}`)).toEqual(["totals.region"]);
        expect(
          region.datasetWide.map((e) => `${e.from.name}.${e.from.field}→${e.to.name}`),
        ).toEqual(["totals.region→report"]);
      });

      it("keeps the newest transformation of an entry", async () => {
        await post(
          runEvent({
            job: "build_report",
            eventTime: "2026-03-02T01:00:00Z",
            inputs: [{ namespace: NS, name: "totals" }],
            outputs: [
              {
                namespace: NS,
                name: "report",
                facets: {
                  columnLineage: lineageFacet({}, [
                    { name: "totals", field: "region", transformation: t("INDIRECT", "GROUP_BY") },
                  ]),
                },
              },
            ],
          }),
        );
        const result = await getColumns({
          namespace: NS,
          name: "report",
          field: "total",
          depth: 1,
        });
        expect(result.datasetWide.map((e) => e.transformation?.[0]?.subtype)).toEqual(["GROUP_BY"]);
      });

      it("lists a dataset's columns from column lineage when it has no schema facet", async () => {
        const response = await h.call(dataset.GET, "GET", "/", {
          as: "outsider",
          params: { namespace: NS, name: "totals" },
        });
        expect(response.status).toBe(200);
        const body = await json<LineageDataset>(response);
        expect(body.columns).toEqual(["region", "total"]);
        expect(body.producers).toEqual([{ namespace: "airflow-prod", name: "build_totals" }]);
        expect(body.consumers).toEqual([{ namespace: "airflow-prod", name: "build_report" }]);
        expect(body.lastWrite).toBe("2026-03-01T00:00:00.000Z");
      });
    });

    describe("jobs and runs", () => {
      const JOB = "payments.settle";
      const runId = (n: number) => `0190c000-0000-7000-8000-00000000000${n}`;
      beforeAll(async () => {
        for (const n of [1, 2, 3]) {
          const day = `2026-04-0${n}`;
          await post({
            ...runEvent({
              job: JOB,
              runId: runId(n),
              eventType: "START",
              eventTime: `${day}T02:00:00Z`,
            }),
            job: {
              namespace: "airflow-prod",
              name: JOB,
              facets: {
                jobType: facet("JobTypeJobFacet", {
                  processingType: "BATCH",
                  integration: "AIRFLOW",
                  jobType: "TASK",
                }),
                // A malformed facet (query is no string) is stored and left out, never a 500.
                sql: facet("SQLJobFacet", { query: 42 }),
              },
            },
          });
          await post(
            runEvent({
              job: JOB,
              runId: runId(n),
              eventType: n === 2 ? "FAIL" : "COMPLETE",
              eventTime: `${day}T02:00:0${n}.500Z`,
              outputs: [{ namespace: NS, name: "settlements" }],
            }),
          );
        }
      });

      it("answers a job with its facets, datasets and latest run", async () => {
        const response = await h.call(job.GET, "GET", "/", {
          as: "outsider",
          params: { namespace: "airflow-prod", name: JOB },
        });
        expect(response.status).toBe(200);
        const body = await json<LineageJob>(response);
        expect(body.facets).toEqual({
          sql: null,
          sourceCodeLocation: null,
          sourceCode: null,
          jobType: { processingType: "BATCH", integration: "AIRFLOW", jobType: "TASK" },
          documentation: null,
          owners: [],
        });
        expect(body.outputs).toEqual([{ namespace: NS, name: "settlements" }]);
        expect(body.latestRun).toMatchObject({
          runId: runId(3),
          state: "COMPLETE",
          durationMs: 3500,
        });
      });

      it("pages the runs newest first and filters by state", async () => {
        const page = async (query: Record<string, string | number>) => {
          const response = await h.call(runs.GET, "GET", "/", {
            as: "outsider",
            params: { namespace: "airflow-prod", name: JOB },
            query,
          });
          expect(response.status).toBe(200);
          return json<LineageRunPage>(response);
        };
        const first = await page({ pageSize: 2 });
        expect(first.items.map((run) => run.runId)).toEqual([runId(3), runId(2)]);
        expect(first.pagination).toEqual({ page: 1, pageSize: 2, total: 3 });
        expect(first.items[1]).toMatchObject({
          state: "FAIL",
          startedAt: "2026-04-02T02:00:00.000Z",
          endedAt: "2026-04-02T02:00:02.500Z",
          durationMs: 2500,
        });
        expect((await page({ pageSize: 2, page: 2 })).items.map((run) => run.runId)).toEqual([
          runId(1),
        ]);
        const failed = await page({ state: "FAIL" });
        expect([failed.items.map((run) => run.runId), failed.pagination.total]).toEqual([
          [runId(2)],
          1,
        ]);
      });

      it("answers 404 for an unknown job and 422 naming a bad query field", async () => {
        const missing = await h.call(runs.GET, "GET", "/", {
          as: "outsider",
          params: { namespace: "airflow-prod", name: "nope" },
        });
        expect(missing.status).toBe(404);
        const bad = await h.call(runs.GET, "GET", "/", {
          as: "outsider",
          params: { namespace: "airflow-prod", name: JOB },
          query: { pageSize: 0, state: "DONE" },
        });
        expect(bad.status).toBe(422);
        const paths = (await json<{ errors: { path: string }[] }>(bad)).errors.map((e) => e.path);
        expect(paths.sort()).toEqual(["query.pageSize", "query.state"]);
        const noDataset = await h.call(dataset.GET, "GET", "/", {
          as: "outsider",
          params: { namespace: NS, name: "nope" },
        });
        expect(noDataset.status).toBe(404);
      });
    });

    describe.skipIf(pythonVenvMissing("openlineage-python job and dataset facets"))(
      "events built by openlineage-python",
      () => {
        let pythonRunId = "";
        beforeAll(async () => {
          const python = join(pythonVenvBin() ?? "", "python");
          const run = await promisify(execFile)(python, ["-c", PYTHON_EVENTS], {
            timeout: 60_000,
          });
          const [start, fail, id] = JSON.parse(run.stdout) as [unknown, unknown, string];
          pythonRunId = id;
          await post(start);
          await post(fail);
        });

        it("shows the job facets and the failed run's error, parent and nominal time", async () => {
          const params = { namespace: "airflow-py", name: "py.customer_totals" };
          const body = await json<LineageJob>(
            await h.call(job.GET, "GET", "/", { as: "outsider", params }),
          );
          expect(body.facets.sql?.query).toContain("JOIN customers");
          expect(body.facets.sql?.dialect).toBe("postgres");
          expect(body.facets.sourceCodeLocation).toMatchObject({
            type: "git",
            url: "https://github.com/acme/pipelines/blob/main/dags/totals.py",
            path: "dags/totals.py",
            branch: "main",
          });
          expect(body.facets.jobType).toEqual({
            processingType: "BATCH",
            integration: "AIRFLOW",
            jobType: "TASK",
          });
          expect(body.facets.documentation).toBe("Customer totals, nightly.");
          expect(body.inputs.map((d) => d.name)).toEqual(["raw/customers", "raw/orders"]);
          const page = await json<LineageRunPage>(
            await h.call(runs.GET, "GET", "/", { as: "outsider", params }),
          );
          expect(page.items).toEqual([
            {
              runId: pythonRunId,
              state: "FAIL",
              startedAt: "2026-03-01T02:00:05.000Z",
              endedAt: "2026-03-01T02:01:35.000Z",
              durationMs: 90_000,
              lastEventTime: "2026-03-01T02:01:35.000Z",
              errorMessage: {
                message: "division by zero",
                programmingLanguage: "python",
                stackTrace: "Traceback (most recent call last): ...",
              },
              parent: {
                runId: "0190b000-0000-7000-8000-0000000da901",
                job: { namespace: "airflow-py", name: "nightly_dag" },
              },
              nominalTime: { start: "2026-03-01T02:00:00Z", end: "2026-03-01T03:00:00Z" },
            },
          ]);
        });

        it("shows the dataset facets and the JOIN that affects all its columns", async () => {
          const ref = { namespace: "s3://py-lake", name: "marts/customer_totals" };
          const body = await json<LineageDataset>(
            await h.call(dataset.GET, "GET", "/", { as: "outsider", params: ref }),
          );
          expect(body.facets).toEqual({
            schema: [
              { name: "customer_id", type: "BIGINT", description: "the customer" },
              { name: "total", type: "DECIMAL(12,2)", description: null },
            ],
            documentation: "One row per customer.",
            owners: [{ name: "team:payments", type: "MAINTAINER" }],
            symlinks: [
              {
                namespace: "arn:aws:glue:eu-west-1:123456789012",
                name: "table/marts/customer_totals",
                type: "TABLE",
              },
            ],
            dataSource: null,
          });
          expect(body.columns).toEqual(["customer_id", "total"]);
          const lineage = await getColumns({ ...ref, field: "total" });
          expect(lineage.edges.map((e) => [e.from.name, e.from.field, e.transformation])).toEqual([
            [
              "raw/orders",
              "amount",
              [{ type: "DIRECT", subtype: "AGGREGATION", description: "sum", masking: false }],
            ],
          ]);
          expect(lineage.datasetWide.map((e) => [e.from.name, e.from.field, e.to.name])).toEqual([
            ["raw/customers", "customer_id", "marts/customer_totals"],
          ]);
        });
      },
    );
  });
});
