/**
 * Journey 10: a job's OpenLineage events carry column lineage (a SUM and a JOIN that affects every
 * column) and a failed run. On the dataset page a person picks a column and sees where it comes
 * from with its transformation, and the JOIN; from there the job page shows the run history,
 * where the failed run shows its error message (issue #20, items 6 and 7).
 */
import { randomUUID } from "node:crypto";
import { expect, test, type APIRequestContext } from "@playwright/test";
import { saveScreenshot } from "./support/screenshots";
import { USERS, signedIn } from "./support/session";

const PRODUCER = "https://github.com/OpenLineage/OpenLineage/tree/1.54.0/client/python";
const facet = (schema: string, body: object) => ({
  _producer: PRODUCER,
  _schemaURL: `https://openlineage.io/spec/facets/${schema}.json`,
  ...body,
});

async function post(request: APIRequestContext, key: string, event: object): Promise<void> {
  const response = await request.post("/api/v1/lineage", {
    headers: { authorization: `Bearer ${key}` },
    data: event,
  });
  expect(response.status(), await response.text()).toBe(201);
}

test("a column's upstream with its transformation, and a failed run with its error", async ({
  browser,
}) => {
  const { context, page } = await signedIn(browser, USERS.paymentsMember);
  const created = await context.request.post("/api/v1/domains/payments/api-keys", {
    data: { label: "airflow-detail" },
  });
  expect(created.status()).toBe(201);
  const { key } = (await created.json()) as { key: string };

  const suffix = randomUUID().slice(0, 8);
  const lake = "s3://e2e-lake";
  const orders = { namespace: lake, name: `raw/orders-${suffix}` };
  const customers = { namespace: lake, name: `raw/customers-${suffix}` };
  const totals = { namespace: lake, name: `marts/totals-${suffix}` };
  const job = { namespace: "airflow-e2e", name: `payments.totals_${suffix}` };
  const input = (ref: { namespace: string; name: string }, field: string, how: object) => ({
    ...ref,
    field,
    transformations: [how],
  });
  const output = {
    ...totals,
    facets: {
      schema: facet("1-1-0/SchemaDatasetFacet", {
        fields: [
          { name: "customer_id", type: "BIGINT" },
          { name: "total", type: "DECIMAL(12,2)" },
        ],
      }),
      columnLineage: facet("1-2-0/ColumnLineageDatasetFacet", {
        fields: {
          total: {
            inputFields: [
              input(orders, "amount", {
                type: "DIRECT",
                subtype: "AGGREGATION",
                description: "sum of amount",
                masking: false,
              }),
            ],
          },
        },
        dataset: [
          input(customers, "customer_id", { type: "INDIRECT", subtype: "JOIN", masking: false }),
        ],
      }),
    },
  };
  const event = (eventType: string, runId: string, at: Date, runFacets: object = {}) => ({
    eventType,
    eventTime: at.toISOString(),
    run: { runId, facets: runFacets },
    job,
    inputs: [orders, customers],
    outputs: [output],
    producer: PRODUCER,
    schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
  });
  const now = Date.now();
  const good = randomUUID();
  await post(context.request, key, event("START", good, new Date(now - 3_600_000)));
  await post(context.request, key, event("COMPLETE", good, new Date(now - 3_540_000)));
  const failed = randomUUID();
  await post(context.request, key, event("START", failed, new Date(now - 120_000)));
  await post(
    context.request,
    key,
    event("FAIL", failed, new Date(now - 90_000), {
      errorMessage: facet("1-0-1/ErrorMessageRunFacet", {
        message: "division by zero in total",
        programmingLanguage: "python",
      }),
    }),
  );

  // Namespaces and names with "://" and "/" travel as one percent-encoded path segment each.
  const path = `${encodeURIComponent(totals.namespace)}/${encodeURIComponent(totals.name)}`;
  const api = await context.request.get(`/api/v1/lineage/datasets/${path}`);
  expect(api.status(), await api.text()).toBe(200);
  expect(await api.json()).toMatchObject({ ...totals, columns: ["customer_id", "total"] });

  // The dataset page: pick a column, see where it comes from.
  await page.goto(`/lineage/datasets/${path}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(totals.name);
  await expect(page.getByRole("table", { name: "Schema" })).toContainText("DECIMAL(12,2)");
  const panel = page.getByRole("region", { name: "Column lineage" });
  await panel.getByLabel("Column").selectOption("total");
  const upstream = panel.getByRole("table", { name: "Upstream columns of total" });
  await expect(upstream.getByRole("row").nth(1)).toContainText(`${orders.name}.amount`);
  await expect(upstream.getByRole("row").nth(1)).toContainText(
    "DIRECT · AGGREGATION: sum of amount",
  );
  await expect(
    panel.getByRole("list", { name: "Dataset-wide upstream entries of total" }),
  ).toContainText(`JOIN on ${customers.namespace}/${customers.name}.customer_id`);
  await saveScreenshot(page, "column-lineage", { part: panel });

  // Its upstream column links to that dataset's page, the writer to the job's.
  await page
    .getByRole("list", { name: "Jobs that write the dataset" })
    .getByRole("link", { name: `${job.namespace}/${job.name}` })
    .click();
  await expect(page.getByRole("heading", { level: 1 })).toHaveText(job.name);
  const runs = page.getByRole("table", { name: "Runs" });
  await expect(runs.getByRole("row")).toHaveCount(3);
  const failedRow = runs.getByRole("row").filter({ hasText: failed });
  await expect(failedRow.locator("[data-state]")).toHaveAttribute("data-state", "FAIL");
  await expect(failedRow.getByRole("note")).toContainText(
    "Error (python): division by zero in total",
  );
  await expect(failedRow).toContainText("30 s");
  const goodRow = runs.getByRole("row").filter({ hasText: good });
  await expect(goodRow.locator("[data-state]")).toHaveAttribute("data-state", "COMPLETE");
  await expect(goodRow).toContainText("1 min 0 s");
  await saveScreenshot(page, "job-runs", {
    part: page.getByRole("region", { name: "Run history" }),
  });
  await context.close();
});
