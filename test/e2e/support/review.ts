/** A request's way through review to a deployment, as the journeys drive it through the portal. */
import { expect, type BrowserContext, type Page } from "@playwright/test";

/** Creates and submits a request through the API; answers its id. */
export async function submitted(
  member: BrowserContext,
  kind: "create" | "update",
  spec: Record<string, unknown>,
): Promise<string> {
  const created = await member.request.post("/api/v1/requests", { data: { kind, spec } });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  const submit = await member.request.post(`/api/v1/requests/${id}/submit`);
  expect(submit.status(), await submit.text()).toBe(200);
  return id;
}

/** Waits for the deployment page the last click opened to report success. */
export async function expectSucceeded(page: Page): Promise<void> {
  await expect(page).toHaveURL(/\/deployments\/[\w-]+$/);
  // The page polls the worker's progress until the operation ends.
  await expect(page.getByRole("status").filter({ hasText: "Succeeded." })).toBeVisible({
    timeout: 240_000,
  });
  await expect(page.getByText(/^(\d+) of \1 resources done$/)).toBeVisible();
}

/**
 * Approves `product`'s request in the review queue with `reason`. With `acknowledgeBreaking`,
 * first shows that Approve stays disabled until the breaking change is acknowledged.
 */
export async function approve(
  page: Page,
  product: string,
  reason: string,
  { acknowledgeBreaking = false }: { acknowledgeBreaking?: boolean } = {},
): Promise<void> {
  await page.goto("/review");
  const entry = page
    .getByRole("list", { name: "Requests waiting for review" })
    .getByRole("listitem")
    .filter({ hasText: product });
  await entry.getByLabel("Reason for the decision").fill(reason);
  const button = entry.getByRole("button", { name: "Approve" });
  if (acknowledgeBreaking) {
    await expect(button).toBeDisabled();
    await expect(button).toHaveAttribute("title", "acknowledge the breaking change first");
    await entry.getByRole("checkbox", { name: /I acknowledge this breaking change/ }).check();
  }
  // Approve waits for the plan preview the submit started (the page refreshes until it finished).
  await expect(button).toBeEnabled({ timeout: 180_000 });
  await button.click();
  await expect(entry).toHaveCount(0);
}
