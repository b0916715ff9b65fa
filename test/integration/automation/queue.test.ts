/**
 * The deployment queue's database rules on every database target: one queued-or-running
 * deployment per stack and operation, one running operation per stack, FIFO per stack, leases.
 * No Pulumi here: claims and leases are plain SQL.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  claimNext,
  enqueue,
  expiredLeases,
  cancelRequestedAmong,
  finish,
  renewLease,
  requestCancel,
} from "#workflow/deployment-queue";
import { DATABASE_TARGETS, freshDatabase, type TestDatabase } from "../../support/database";
import { createProductRow } from "./product-row";

describe.each(DATABASE_TARGETS)("deployment queue on %s", (target) => {
  let db: TestDatabase;
  let productId: string;
  const job = (stackName: string, operation: "up" | "refresh" | "preview" = "up") => ({
    productId,
    stackName,
    environment: "dev",
    operation,
  });

  beforeAll(async () => {
    db = await freshDatabase(target);
    productId = await createProductRow(db.prisma);
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    await db.prisma.deployment.deleteMany();
  });

  it("turns a double trigger into one deployment, also when both arrive at once", async () => {
    const [first, second] = await Promise.all([
      db.prisma.$transaction((tx) => enqueue(tx, job("sales.orders.dev"))),
      db.prisma.$transaction((tx) => enqueue(tx, job("sales.orders.dev"))),
    ]);
    expect(first.deployment.id).toBe(second.deployment.id);
    expect([first.created, second.created].sort()).toEqual([false, true]);
    expect(await db.prisma.deployment.count()).toBe(1);
  });

  it("queues another operation on a busy stack, and the same one again once the first ended", async () => {
    const up = await enqueue(db.prisma, job("sales.orders.dev"));
    const refresh = await enqueue(db.prisma, job("sales.orders.dev", "refresh"));
    expect(refresh.created).toBe(true);
    const claimed = await claimNext(db.prisma, "w1", 30);
    expect(claimed?.id).toBe(up.deployment.id);
    expect(await finish(db.prisma, up.deployment.id, "w1", { status: "succeeded" })).toBe(true);
    const again = await enqueue(db.prisma, job("sales.orders.dev"));
    expect(again.created).toBe(true);
    expect(again.deployment.id).not.toBe(up.deployment.id);
  });

  it("runs one operation per stack at a time, oldest first, other stacks in parallel", async () => {
    const a1 = await enqueue(db.prisma, job("a.one.dev"));
    const a2 = await enqueue(db.prisma, job("a.one.dev", "refresh"));
    const b1 = await enqueue(db.prisma, job("b.two.dev"));
    expect((await claimNext(db.prisma, "w1", 30))?.id).toBe(a1.deployment.id);
    expect((await claimNext(db.prisma, "w2", 30))?.id).toBe(b1.deployment.id);
    expect(await claimNext(db.prisma, "w2", 30)).toBeUndefined();
    await finish(db.prisma, a1.deployment.id, "w1", { status: "failed", error: "boom" });
    expect((await claimNext(db.prisma, "w2", 30))?.id).toBe(a2.deployment.id);
  });

  it("lets concurrent claims take a stack once", async () => {
    await enqueue(db.prisma, job("c.three.dev"));
    await enqueue(db.prisma, job("c.three.dev", "refresh"));
    const claims = await Promise.all(
      ["w1", "w2", "w3", "w4"].map((worker) => claimNext(db.prisma, worker, 30)),
    );
    expect(claims.filter((claim) => claim !== undefined)).toHaveLength(1);
    expect(await db.prisma.deployment.count({ where: { status: "running" } })).toBe(1);
  });

  it("renews a lease only for its holder", async () => {
    const { deployment } = await enqueue(db.prisma, job("d.four.dev"));
    await claimNext(db.prisma, "w1", 30);
    expect(await renewLease(db.prisma, deployment.id, "w2", 30)).toBe(false);
    expect(await renewLease(db.prisma, deployment.id, "w1", 30)).toBe(true);
  });

  it("tells a worker which of its running deployments an admin cancelled", async () => {
    const mine = await enqueue(db.prisma, job("d.mine.dev"));
    const other = await enqueue(db.prisma, job("d.other.dev"));
    await claimNext(db.prisma, "w1", 30);
    await claimNext(db.prisma, "w2", 30);
    const ids = [mine.deployment.id, other.deployment.id];
    expect(await cancelRequestedAmong(db.prisma, "w1", ids)).toEqual([]);
    expect(await requestCancel(db.prisma, mine.deployment.id)).toBe("cancelling");
    expect(await requestCancel(db.prisma, other.deployment.id)).toBe("cancelling");
    expect(await cancelRequestedAmong(db.prisma, "w1", ids)).toEqual([mine.deployment.id]);
    expect(await cancelRequestedAmong(db.prisma, "w1", [])).toEqual([]);
  });

  it("cancels a queued deployment at once and frees its key", async () => {
    const { deployment } = await enqueue(db.prisma, job("e.five.dev"));
    expect(await requestCancel(db.prisma, deployment.id)).toBe("cancelled");
    expect(await requestCancel(db.prisma, deployment.id)).toBeUndefined();
    expect((await enqueue(db.prisma, job("e.five.dev"))).created).toBe(true);
  });

  it("finds running deployments whose lease expired, and only those", async () => {
    const live = await enqueue(db.prisma, job("f.six.dev"));
    const dead = await enqueue(db.prisma, job("g.seven.dev"));
    await claimNext(db.prisma, "w1", 30);
    await claimNext(db.prisma, "w1", 30);
    await db.prisma.deployment.update({
      where: { id: dead.deployment.id },
      data: { leaseExpiresAt: new Date(Date.now() - 1000) },
    });
    expect((await expiredLeases(db.prisma)).map((d) => d.id)).toEqual([dead.deployment.id]);
    expect(live.deployment.id).not.toBe(dead.deployment.id);
    // A worker that lost its lease cannot finish what recovery took over.
    expect(await finish(db.prisma, dead.deployment.id, undefined, { status: "interrupted" })).toBe(
      true,
    );
    expect(await finish(db.prisma, dead.deployment.id, "w1", { status: "succeeded" })).toBe(false);
  });

  // PGlite runs in the test's own process, so its now() is the faked clock too.
  it.skipIf(target === "pglite")(
    "judges leases by the database's clock, not a worker's that runs ahead",
    async () => {
      const running = await enqueue(db.prisma, job("h.eight.dev"));
      await claimNext(db.prisma, "w1", 30);
      vi.useFakeTimers({ toFake: ["Date"], now: Date.now() + 10 * 60_000 });
      try {
        expect((await expiredLeases(db.prisma)).map((d) => d.id)).not.toContain(
          running.deployment.id,
        );
      } finally {
        vi.useRealTimers();
      }
    },
  );
});
