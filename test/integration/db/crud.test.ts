import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { CLASSIFICATIONS, CLOUDS, TIERS } from "#contract";
import { loadExampleSpecs } from "#contract/examples";
import { Classification, Cloud, Prisma, Tier, productColumns } from "#db";
import { DATABASE_TARGETS, freshDatabase, type TestDatabase } from "../../support/database";

const spec = () => {
  const example = loadExampleSpecs().find((e) => e.file === "fraud-scores.yaml");
  if (example === undefined) throw new Error("no fraud-scores example");
  return example.spec;
};

function prismaCode(error: unknown): string | undefined {
  return error instanceof Prisma.PrismaClientKnownRequestError ? error.code : undefined;
}

describe("database enums", () => {
  it("match the contract's vocabularies", () => {
    expect(Object.values(Tier)).toEqual([...TIERS]);
    expect(Object.values(Classification)).toEqual([...CLASSIFICATIONS]);
    expect(Object.values(Cloud)).toEqual([...CLOUDS]);
  });
});

describe.each(DATABASE_TARGETS)("Prisma client on %s", (target) => {
  let db: TestDatabase;
  let userId: string;
  beforeEach(async () => {
    db = await freshDatabase(target);
    await db.prisma.domain.create({ data: { slug: "payments", name: "Payments" } });
    const user = await db.prisma.user.create({
      data: {
        email: "pia@meshplane.test",
        name: "Pia",
        memberships: { create: { domain: { connect: { slug: "payments" } }, role: "owner" } },
      },
    });
    userId = user.id;
  });
  afterEach(async () => {
    await db.close();
  });

  const createProduct = (domain = "payments") =>
    db.prisma.dataProduct.create({
      data: { domain, name: "fraud-scores", ...productColumns(spec()) },
    });

  const createRequest = (productId: string) =>
    db.prisma.productRequest.create({
      data: {
        kind: "create",
        domain: "payments",
        name: "fraud-scores",
        spec: productColumns(spec()).spec,
        requestedById: userId,
        productId,
        history: { create: { toStatus: "draft", action: "create", actorId: userId } },
        comments: { create: { authorId: userId, body: "Needed for the Q3 launch." } },
      },
    });

  const errorCode = (promise: Promise<unknown>) =>
    promise.then(
      () => undefined,
      (error: unknown) => prismaCode(error),
    );

  it("round-trips a product, its request with history and comments, and a deployment", async () => {
    const product = await createProduct();
    const request = await createRequest(product.id);
    await db.prisma.deployment.create({
      data: {
        productId: product.id,
        requestId: request.id,
        stackName: "payments.fraud-scores.dev",
        operation: "up",
        status: "succeeded",
        summary: { create: 12 },
        events: {
          create: [
            {
              sequence: 1,
              type: "resourcePreEvent",
              resourceUrn: "urn:pulumi:dev::x::y",
              payload: {},
            },
            { sequence: 2, type: "summaryEvent", payload: { resourceChanges: { create: 12 } } },
          ],
        },
      },
    });
    await db.prisma.dataProduct.update({ where: { id: product.id }, data: { status: "live" } });

    const read = await db.prisma.dataProduct.findUniqueOrThrow({
      where: { domain_name: { domain: "payments", name: "fraud-scores" } },
      include: {
        requests: { include: { history: true, comments: true } },
        deployments: { include: { events: { orderBy: { sequence: "asc" } } } },
      },
    });
    expect(read.status).toBe("live");
    expect(read.spec).toEqual(JSON.parse(JSON.stringify(spec())));
    expect(read.requests[0]?.history.map((change) => [change.fromStatus, change.toStatus])).toEqual(
      [[null, "draft"]],
    );
    expect(read.requests[0]?.comments[0]?.body).toBe("Needed for the Q3 launch.");
    expect(read.deployments[0]?.events.map((event) => event.type)).toEqual([
      "resourcePreEvent",
      "summaryEvent",
    ]);
  });

  it("refuses a second product with the same domain and name (P2002)", async () => {
    await createProduct();
    expect(await errorCode(createProduct())).toBe("P2002");
    expect(await db.prisma.dataProduct.count()).toBe(1);
  });

  it("refuses a product in a domain that does not exist (P2003)", async () => {
    expect(await errorCode(createProduct("nowhere"))).toBe("P2003");
  });

  it("deletes a request's history and comments with it, and keeps the product", async () => {
    const product = await createProduct();
    const request = await createRequest(product.id);
    await db.prisma.productRequest.delete({ where: { id: request.id } });
    expect(await db.prisma.requestStatusChange.count()).toBe(0);
    expect(await db.prisma.requestComment.count()).toBe(0);
    expect(await db.prisma.dataProduct.count()).toBe(1);
  });
});
