/**
 * Journey 7: a domain member edits a saved draft. Edits save themselves ("Saving…", "Saved") and
 * survive a reload; leaving with unsaved edits (a link click, a reload) asks first; a submit the
 * form's checks block still keeps the edits. An imported spec of another domain shows that domain
 * and says it cannot be filed. The portal serves its icon, and the lineage graph's domain filter is
 * named "Domain" only. A platform admin creates a domain, renames and archives it.
 */
import { randomUUID } from "node:crypto";
import { expect, test, type Dialog } from "@playwright/test";
import { USERS, signedIn } from "./support/session";
import { exampleSpec, exampleYaml } from "./support/specs";

test("drafts save themselves, and leaving with unsaved edits asks first", async ({ browser }) => {
  const { context, page } = await signedIn(browser, USERS.customerMember);
  const spec = exampleSpec("customer-events.yaml", { name: "autosaved-events" });
  const created = await context.request.post("/api/v1/requests", {
    data: { kind: "create", spec },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };

  await page.goto(`/requests/${id}/edit`);
  const form = page.getByRole("form", { name: "Data product request" });
  const saveState = form.locator("[data-save-state]");
  await expect(saveState).toHaveText("Saved");

  // An edit saves itself a moment later, and is there after a reload.
  await form.getByLabel("Display name").fill("Autosaved events");
  await expect(saveState).toHaveText(/Unsaved changes|Saving…/);
  await expect(saveState).toHaveText("Saved");
  await page.reload();
  await expect(form.getByLabel("Display name")).toHaveValue("Autosaved events");
  const stored = await context.request.get(`/api/v1/requests/${id}`);
  expect(((await stored.json()) as { spec: { displayName: string } }).spec.displayName).toBe(
    "Autosaved events",
  );

  // Clicking a link before the edit is saved asks; staying keeps the page and the edit.
  await form.getByLabel("Display name").fill("Not saved yet");
  const asked: string[] = [];
  const dismiss = async (dialog: Dialog) => {
    asked.push(dialog.type());
    await dialog.dismiss();
  };
  page.once("dialog", dismiss);
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Requests", exact: true })
    .click();
  expect(asked).toEqual(["confirm"]);
  await expect(page).toHaveURL(new RegExp(`/requests/${id}/edit$`));
  await expect(form.getByLabel("Display name")).toHaveValue("Not saved yet");

  // A reload with unsaved edits gets the browser's own prompt.
  await expect(saveState).toHaveText("Saved");
  // The browser prompts only on a page the user interacted with (a click gives it that).
  await form.getByLabel("Display name").click();
  await form.getByLabel("Display name").fill("Still typing");
  page.once("dialog", dismiss);
  await page.reload({ timeout: 3_000 }).catch(() => undefined);
  expect(asked).toEqual(["confirm", "beforeunload"]);
  await expect(form.getByLabel("Display name")).toHaveValue("Still typing");
  await expect(saveState).toHaveText("Saved");

  // Nothing unsaved: links just navigate.
  await page
    .getByRole("navigation", { name: "Main" })
    .getByRole("link", { name: "Requests", exact: true })
    .click();
  await expect(page).toHaveURL(/\/requests$/);
  expect(asked).toHaveLength(2);

  // A submit blocked by the form's own checks keeps the edits as a draft.
  await page.goto(`/requests/${id}/edit`);
  await form.getByLabel("Display name").fill("Blocked but kept");
  await form.getByLabel("Description", { exact: true }).fill("");
  await form.getByRole("button", { name: "Submit for review" }).click();
  await expect(form.getByRole("alert").filter({ hasText: "saved as a draft" })).toBeVisible();
  await expect(saveState).toHaveText("Saved");
  const kept = await context.request.get(`/api/v1/requests/${id}`);
  const keptBody = (await kept.json()) as { status: string; spec: { displayName: string } };
  expect([keptBody.status, keptBody.spec.displayName]).toEqual(["draft", "Blocked but kept"]);
  await context.close();
});

test("an imported spec of another domain shows that domain and cannot be filed", async ({
  browser,
}) => {
  const { context, page } = await signedIn(browser, USERS.customerMember);
  await page.goto("/requests/new");
  const form = page.getByRole("form", { name: "Data product request" });
  await form.getByLabel("Import YAML or JSON").setInputFiles({
    name: "fraud.yaml",
    mimeType: "application/yaml",
    buffer: Buffer.from(exampleYaml("fraud-scores.yaml", { name: "borrowed-scores" })),
  });
  await expect(form.getByRole("alert").filter({ hasText: "Spec imported, but" })).toBeVisible();
  const domain = form.getByRole("combobox", { name: "Domain", exact: true });
  await expect(domain).toHaveValue("payments");
  await expect(domain).toHaveAccessibleDescription(
    /you cannot file requests for domain payments; choose customer/,
  );
  await expect(form.getByText("The spec is valid.")).toHaveCount(0);
  await context.close();
});

test("the portal serves its icon, and the graph's domain filter is named by its label", async ({
  browser,
}) => {
  const { context, page } = await signedIn(browser, USERS.customerOwner);
  const icon = await context.request.get("/favicon.ico");
  expect(icon.status()).toBe(200);
  expect(icon.headers()["content-type"]).toMatch(/image\/(x-icon|vnd\.microsoft\.icon)/);

  const issued = await context.request.post("/api/v1/domains/customer/api-keys", {
    data: { label: "journey 7" },
  });
  expect(issued.status()).toBe(201);
  const { key } = (await issued.json()) as { key: string };
  const job = `customer.${"a_very_long_transformation_task_name_".repeat(3)}`;
  const event = {
    eventType: "COMPLETE",
    eventTime: new Date().toISOString(),
    run: { runId: randomUUID() },
    job: { namespace: "airflow-prod", name: job },
    inputs: [{ namespace: "s3://journey-7", name: "raw" }],
    outputs: [{ namespace: "s3://journey-7", name: "clean" }],
    producer: "https://github.com/OpenLineage/OpenLineage/tree/1.54.0/client/python",
    schemaURL: "https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent",
  };
  const posted = await context.request.post("/api/v1/lineage", {
    headers: { authorization: `Bearer ${key}` },
    data: event,
  });
  expect(posted.status(), await posted.text()).toBe(201);

  await page.goto("/lineage");
  const start = page.getByRole("form", { name: "Where to start" });
  await start.getByRole("combobox", { name: "Start from", exact: true }).selectOption("job");
  await start.getByLabel("Namespace").fill("airflow-prod");
  await start.getByLabel("Name", { exact: true }).fill(job);
  await start.getByRole("button", { name: "Show", exact: true }).click();
  await expect(page.getByRole("combobox", { name: "Domain", exact: true })).toBeVisible();
  // The long job name fits its node; the node keeps the whole name as its accessible name.
  const node = page.getByRole("group", { name: `job ${job}` });
  await expect(node).toBeVisible();
  const label = node.locator(".lineage-node-label");
  await expect(label).toHaveText("customer.a_ver…tion_task_name_");
  const [nodeBox, labelBox] = await Promise.all([node.boundingBox(), label.boundingBox()]);
  expect(labelBox).not.toBeNull();
  expect(nodeBox).not.toBeNull();
  if (labelBox !== null && nodeBox !== null)
    expect(labelBox.x + labelBox.width).toBeLessThanOrEqual(nodeBox.x + nodeBox.width);
  await context.close();
});

test("a platform admin creates, renames and archives a domain", async ({ browser }) => {
  const { context, page } = await signedIn(browser, USERS.admin);
  await page.goto("/domains");
  const create = page.getByRole("form", { name: "New domain" });
  await create.getByLabel("Slug").fill("logistics");
  await create.getByLabel("Name", { exact: true }).fill("Logistics");
  await create.getByLabel("First owner's email").fill(USERS.customerMember);
  await create.getByLabel("Description").fill("Shipments and routes.");
  await create.getByRole("button", { name: "Create domain" }).click();

  await expect(page).toHaveURL(/\/domains\/logistics$/);
  await expect(page.getByRole("heading", { level: 1, name: "Logistics" })).toBeVisible();
  await expect(page.getByRole("table", { name: "Members" })).toContainText(USERS.customerMember);

  const settings = page.getByRole("form", { name: "Domain settings" });
  await settings.getByLabel("Name", { exact: true }).fill("Logistics and routes");
  await settings.getByRole("button", { name: "Save" }).click();
  await expect(page.getByRole("heading", { level: 1, name: "Logistics and routes" })).toBeVisible();
  await settings.getByRole("button", { name: "Archive domain" }).click();
  await expect(settings.getByRole("button", { name: "Restore domain" })).toBeVisible();
  await expect(page.getByText("archived: it takes no new requests")).toBeVisible();

  // Its owner cannot file requests in an archived domain.
  const { context: owner } = await signedIn(browser, USERS.customerMember);
  const filed = await owner.request.post("/api/v1/requests", {
    data: { kind: "create", spec: { domain: "logistics", name: "late-shipments" } },
  });
  expect(filed.status()).toBe(409);
  // Someone who is not a platform admin cannot create domains.
  const refused = await owner.request.post("/api/v1/domains", {
    data: { slug: "shadow", name: "Shadow", owner: USERS.customerMember },
  });
  expect(refused.status()).toBe(403);
  await owner.close();
  await context.close();
});
