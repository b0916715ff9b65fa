/**
 * Journey 2: a domain member cannot approve, cannot see another domain's drafts, and the server
 * refuses the same calls made directly with the member's own session cookies.
 */
import { expect, test, type APIRequestContext } from "@playwright/test";
import { USERS, signedIn } from "./support/session";
import { exampleSpec } from "./support/specs";

async function createDraft(request: APIRequestContext, spec: Record<string, unknown>) {
  const response = await request.post("/api/v1/requests", { data: { kind: "create", spec } });
  expect(response.status()).toBe(201);
  return ((await response.json()) as { id: string }).id;
}

test("a domain member cannot approve or see another domain's drafts, in the UI or the API", async ({
  browser,
}) => {
  const { context: member, page } = await signedIn(browser, USERS.paymentsMember);
  const { context: other } = await signedIn(browser, USERS.customerMember);

  // Pia's own submitted request: visible, but no Approve for her.
  const ownId = await createDraft(
    member.request,
    exampleSpec("fraud-scores.yaml", { name: "fraud-alerts" }),
  );
  expect((await member.request.post(`/api/v1/requests/${ownId}/submit`)).status()).toBe(200);
  await page.goto(`/requests/${ownId}`);
  await expect(
    page.getByRole("heading", { level: 1, name: "payments/fraud-alerts" }),
  ).toBeVisible();
  await expect(page.getByText("submitted", { exact: true }).first()).toBeVisible();
  await expect(page.getByRole("button", { name: "Approve" })).toHaveCount(0);
  await page.goto("/review");
  await expect(
    page.getByRole("alert").filter({ hasText: "Only platform admins review requests." }),
  ).toBeVisible();

  // The same approval, called directly with her cookies, is refused.
  const approve = await member.request.post(`/api/v1/requests/${ownId}/approve`, {
    data: { reason: "looks fine to me" },
  });
  expect(approve.status()).toBe(403);
  expect(((await approve.json()) as { title: string }).title).toBe("Forbidden");

  // Cody's draft in the customer domain: invisible to Pia on the page, in the list and in the API.
  const otherId = await createDraft(
    other.request,
    exampleSpec("customer-events.yaml", { name: "customer-sessions" }),
  );
  await page.goto(`/requests/${otherId}`);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Not found");
  expect((await member.request.get(`/api/v1/requests/${otherId}`)).status()).toBe(404);
  const list = await member.request.get("/api/v1/requests?pageSize=100");
  const ids = ((await list.json()) as { items: { id: string }[] }).items.map((item) => item.id);
  expect(ids).toContain(ownId);
  expect(ids).not.toContain(otherId);
  // Submitting or approving it answers as if it did not exist: a route loads what it is about
  // before it authorizes, and what the caller may not see is not there (portal/server/api.ts).
  for (const [action, status] of Object.entries({ submit: 404, approve: 404 })) {
    const response = await member.request.post(`/api/v1/requests/${otherId}/${action}`, {
      data: { reason: "not mine" },
    });
    expect(response.status(), action).toBe(status);
  }
  await member.close();
  await other.close();
});
