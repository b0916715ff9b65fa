import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { DATABASE_TARGETS, freshDatabase, type TestDatabase } from "../../support/database";

const APPEND_ONLY = /audit_log is append-only/;

describe.each(DATABASE_TARGETS)("audit log on %s", (target) => {
  let db: TestDatabase;
  let id: string;
  beforeEach(async () => {
    db = await freshDatabase(target);
    const entry = await db.prisma.auditLog.create({
      data: {
        actorLabel: "alice@meshplane.test",
        action: "request.approved",
        entityType: "request",
        entityId: "r-1",
        before: { status: "submitted" },
        after: { status: "approved" },
      },
    });
    id = entry.id;
  });
  afterEach(async () => {
    await db.close();
  });

  async function expectUnchanged(): Promise<void> {
    const entry = await db.prisma.auditLog.findUniqueOrThrow({ where: { id } });
    expect(entry).toMatchObject({ action: "request.approved", after: { status: "approved" } });
  }

  it("accepts new entries", async () => {
    await db.prisma.auditLog.create({
      data: {
        actorLabel: "automation",
        action: "deployment.started",
        entityType: "deployment",
        entityId: "d-1",
      },
    });
    expect(await db.prisma.auditLog.count()).toBe(2);
    await expectUnchanged();
  });

  it("rejects updates, through Prisma and raw SQL", async () => {
    await expect(
      db.prisma.auditLog.update({ where: { id }, data: { action: "request.rejected" } }),
    ).rejects.toThrow(APPEND_ONLY);
    await expect(db.prisma.$executeRaw`UPDATE audit_log SET after = '{}'::jsonb`).rejects.toThrow(
      APPEND_ONLY,
    );
  });

  it("rejects deletes and truncation", async () => {
    await expect(db.prisma.auditLog.delete({ where: { id } })).rejects.toThrow(APPEND_ONLY);
    await expect(db.prisma.auditLog.deleteMany()).rejects.toThrow(APPEND_ONLY);
    await expect(db.prisma.$executeRaw`TRUNCATE audit_log`).rejects.toThrow(APPEND_ONLY);
    await expectUnchanged();
  });
});
