/**
 * SSRF through webhooks (issue #15.3) through the real routes: creating a webhook to a non-public
 * address (in any encoding, or a name resolving there) answers 422 naming `url`; a stored webhook
 * whose target became non-public (DNS rebinding, a row from before the rule) is refused at
 * delivery, and the log members see says why without internal detail.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as webhooks from "#portal/app/api/v1/domains/[slug]/webhooks/route";
import { setResolverForTests } from "#portal/server/lineage/webhook-target";
import { deliverDue } from "#portal/server/lineage/webhooks";
import { forEachDatabase } from "../portal/databases";
import { json, type Harness } from "../portal/harness";

vi.mock("server-only", () => ({}));

interface Problem {
  status: number;
  errors?: { path: string; message: string }[];
}

forEachDatabase((target, open) => {
  describe(`webhook targets (${target})`, () => {
    let h: Harness & { close: () => Promise<void> };
    let server: Server;
    let port = 0;
    let hits = 0;

    beforeAll(async () => {
      h = await open();
      server = createServer((_request, response) => {
        hits += 1;
        response.writeHead(204).end();
      });
      await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
      port = (server.address() as AddressInfo).port;
      setResolverForTests((name) => {
        if (name === "rebind.example.com") return Promise.resolve(["127.0.0.1"]);
        if (name === "hooks.example.com") return Promise.resolve(["93.184.215.14"]);
        return Promise.reject(new Error("ENOTFOUND"));
      });
    });
    afterAll(async () => {
      setResolverForTests(undefined);
      await new Promise<void>((resolve) =>
        server.close(() => {
          resolve();
        }),
      );
      await h.close();
    });

    const create = (url: string) =>
      h.call(webhooks.POST, "POST", "/", {
        as: "owner",
        params: { slug: "payments" },
        body: { url },
      });

    it.each([
      "http://127.0.0.1:{port}/hook",
      "http://2130706433:{port}/hook",
      "http://127.1:{port}/hook",
      "http://0x7f.0.0.1:{port}/hook",
      "http://[::ffff:127.0.0.1]:{port}/hook",
      "http://[::1]:{port}/hook",
      "http://169.254.169.254/latest/meta-data/",
      "http://10.0.0.1/hook",
      "http://rebind.example.com:{port}/hook",
    ])("refuses %s with 422 naming url", async (template) => {
      const response = await create(template.replace("{port}", String(port)));
      expect(response.status).toBe(422);
      const problem = await json<Problem>(response);
      expect(problem.errors?.map((e) => e.path)).toEqual(["url"]);
      expect(await h.prisma.webhookSubscription.count()).toBe(0);
    });

    it("accepts a public target", async () => {
      expect((await create("https://hooks.example.com/sla")).status).toBe(201);
    });

    it("refuses at delivery a stored target that now resolves to loopback, and says only why", async () => {
      // Created while the name was public; then its DNS answer moved to loopback (rebinding).
      const created = await create(`http://hooks.example.com:${port}/hook`);
      expect(created.status).toBe(201);
      const { id } = await json<{ id: string }>(created);
      setResolverForTests(() => Promise.resolve(["127.0.0.1"]));
      await h.prisma.webhookDelivery.create({
        data: {
          subscriptionId: id,
          url: `http://hooks.example.com:${port}/hook`,
          event: "sla.breached",
          payload: { event: "sla.breached" },
          nextAttemptAt: new Date(0),
        },
      });
      await deliverDue(h.prisma);
      const delivery = await h.prisma.webhookDelivery.findFirstOrThrow({
        where: { subscriptionId: id },
      });
      expect(hits).toBe(0);
      expect(delivery).toMatchObject({ status: "pending", attempts: 1, lastStatusCode: null });
      expect(delivery.lastError).toMatch(/^refused: the target is not a public address/);
      expect(delivery.lastError).not.toContain("127.0.0.1");
    });
  });
});
