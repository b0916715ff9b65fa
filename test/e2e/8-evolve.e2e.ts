/**
 * Journey (issue 16): a breaking change to a live product, for real on the local target. A member
 * deploys a local product, an engine (pyiceberg through the Iceberg REST catalog) appends rows, a
 * second product declares it as an input; the member files an update that drops a column (breaking,
 * and one the local warehouse applies while keeping the data: the other columns keep their field
 * ids) as version 2.0.0 and sees the Changes panel and the consumers; an admin cannot approve until
 * acknowledging it, approves and deploys; the product page shows 2.0.0 live and the engine reads
 * the old rows back through the new schema.
 */
import { expect, test, type BrowserContext } from "@playwright/test";
import { runPythonToolAsync } from "../support/python";
import { CHURN_ROWS_PYTHON } from "./support/churn-rows";
import { approve, expectSucceeded, submitted } from "./support/review";
import { E2E_BASE_URL } from "./support/server";
import { USERS, signedIn } from "./support/session";
import { exampleSpec } from "./support/specs";

const PRODUCT = "customer/evolving-churn";
const CONSUMER = "customer/evolving-churn-report";

test.describe.configure({ mode: "serial" });

/**
 * pyiceberg against the portal's Iceberg REST catalog with a domain API key: `append` writes three
 * rows, `load` only reads; `static` reads the table as a metadata file describes it (no catalog).
 * Each prints the table's rows, columns and field ids as one JSON line.
 */
const ENGINE = `${CHURN_ROWS_PYTHON}
import json, sys
from pyiceberg.catalog.rest import RestCatalog
from pyiceberg.table import StaticTable

uri, key, identifier, mode = sys.argv[1:5]
if mode == "static":
    table = StaticTable.from_metadata(sys.argv[5])
else:
    table = RestCatalog("meshplane", uri=uri, token=key).load_table(identifier)
if mode == "append":
    table.append(churn_rows(table.schema().as_arrow()))
    table = table.refresh()
read = table.scan().to_arrow()
print(json.dumps({
    "rows": read.num_rows,
    "columns": read.column_names,
    "keys": sorted(read.column("customer_key").to_pylist()),
    "field_ids": [f.field_id for f in table.schema().fields],
}))
`;

interface EngineView {
  rows: number;
  columns: string[];
  keys: string[];
  field_ids: number[];
}

async function engine(
  key: string,
  mode: "append" | "load" | "static",
  metadataLocation = "",
): Promise<EngineView> {
  const run = await runPythonToolAsync(
    "python",
    [
      "-c",
      ENGINE,
      `${E2E_BASE_URL}/api/iceberg`,
      key,
      PRODUCT.replace("/", "."),
      mode,
      metadataLocation,
    ],
    120_000,
  );
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  return JSON.parse(run.stdout.trim().split("\n").at(-1) ?? "") as EngineView;
}

/** The table's metadata file after the product's last deployment (its outputs name it). */
async function deployedMetadata(context: BrowserContext): Promise<string> {
  const product = await context.request.get(`/api/v1/products/${PRODUCT}`);
  expect(product.status(), await product.text()).toBe(200);
  const { outputs } = (await product.json()) as {
    outputs: { catalog: { metadataLocation: string } };
  };
  return outputs.catalog.metadataLocation;
}

const BASE = exampleSpec("churn-experiments.yaml", {
  domain: "customer",
  name: "evolving-churn",
  displayName: "Evolving churn",
  owners: { team: "customer-data", emails: [USERS.customerMember] },
  inputs: [],
});

test("a breaking change to a live product: diff, consumers, acknowledged approval, data still reads", async ({
  browser,
}) => {
  test.setTimeout(900_000);
  const { context: member, page: memberPage } = await signedIn(browser, USERS.customerMember);
  const { context: admin, page } = await signedIn(browser, USERS.admin);

  // The product goes live (1.0.0: the example has no version).
  const first = await submitted(member, "create", BASE);
  await approve(page, PRODUCT, "Local sandbox product; no cloud cost.");
  await page.goto(`/requests/${first}`);
  await page.getByRole("group", { name: "Deploy" }).getByRole("button", { name: "Deploy" }).click();
  await expectSucceeded(page);

  // An engine writes rows into it through the catalog with the domain's key.
  const { context: owner } = await signedIn(browser, USERS.customerOwner);
  const issued = await owner.request.post("/api/v1/domains/customer/api-keys", {
    data: { label: "journey evolve" },
  });
  expect(issued.status(), await issued.text()).toBe(201);
  const { key } = (await issued.json()) as { key: string };
  const firstMetadata = await deployedMetadata(member);
  const before = await engine(key, "append");
  expect(before.rows).toBe(3);
  expect(before.field_ids).toEqual([1, 2, 3, 4, 5]);

  // A second product declares it as an input: a consumer (its first deployment registers it).
  const consumer = await submitted(member, "create", {
    ...BASE,
    name: "evolving-churn-report",
    displayName: "Evolving churn report",
    inputs: [PRODUCT],
  });
  await approve(page, CONSUMER, "Reads the churn features.");
  const queued = await admin.request.post(`/api/v1/requests/${consumer}/deploy`);
  expect(queued.status(), await queued.text()).toBeLessThan(300);

  // The member drops a column: breaking, so the update claims a major version.
  const columns = (BASE.table as { columns: { name: string }[] }).columns;
  const update = await submitted(member, "update", {
    ...BASE,
    version: "2.0.0",
    table: {
      ...(BASE.table as Record<string, unknown>),
      columns: columns.filter((column) => column.name !== "churned"),
    },
  });
  await memberPage.goto(`/requests/${update}`);
  const changes = memberPage.getByRole("region", { name: "Changes" });
  await expect(changes).toContainText("Live version 1.0.0");
  await expect(changes).toContainText("deploys as 2.0.0");
  const diff = changes.getByRole("table", { name: "Changes against the live version 1.0.0" });
  await expect(
    diff.getByRole("row").filter({ hasText: "churned" }).filter({ hasText: "breaking" }),
  ).toHaveCount(1);
  const consumers = memberPage.getByRole("region", { name: "Consumers" });
  await expect(consumers.getByRole("note")).toContainText("Breaking for consumers");
  await expect(consumers.getByRole("list", { name: "Consumer products" })).toContainText(CONSUMER);

  // The admin cannot approve before acknowledging the breaking change, then approves and deploys.
  await approve(page, PRODUCT, "Consumers were told; the column was unused.", {
    acknowledgeBreaking: true,
  });
  await page.goto(`/requests/${update}`);
  await page.getByRole("group", { name: "Deploy" }).getByRole("button", { name: "Deploy" }).click();
  await expectSucceeded(page);

  await page.goto(`/products/${PRODUCT}`);
  const versions = page.getByRole("table", { name: "Versions" });
  await expect(versions.getByRole("row").filter({ hasText: "2.0.0" })).toContainText("live");
  await expect(versions.getByRole("row").filter({ hasText: "1.0.0" })).toHaveCount(1);

  // The deployment's change was committed through the catalog on the engine's commit: its rows
  // read back through the new schema, the kept columns keep their field ids (no rebuild).
  const deployed = await deployedMetadata(member);
  expect(deployed).not.toBe(firstMetadata);
  const after = await engine(key, "static", deployed);
  expect(after.rows).toBe(3);
  expect(after.keys).toEqual(["c0", "c1", "c2"]);
  expect(after.columns).not.toContain("churned");
  expect(after.field_ids).toEqual([1, 2, 3, 4]);
  // And engines see the same table through the catalog: the deployment's commit is its head.
  expect(await engine(key, "load")).toEqual(after);

  await member.close();
  await owner.close();
  await admin.close();
});
