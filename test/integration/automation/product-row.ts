/** A bare product row for the queue and worker tests, which need a product but no spec. */
import type { PrismaClient } from "#db";

export async function createProductRow(prisma: PrismaClient): Promise<string> {
  await prisma.domain.create({ data: { slug: "sales", name: "Sales" } });
  const product = await prisma.dataProduct.create({
    data: {
      domain: "sales",
      name: "orders",
      displayName: "Orders",
      description: "",
      tier: "bronze",
      classification: "internal",
      cloud: "local",
      region: "local",
      ownerTeam: "sales",
      ownerEmails: [],
      spec: {},
    },
  });
  return product.id;
}
