import "server-only";
/**
 * The live mesh as Backstage entities (portal/shared/backstage.ts builds them): every domain not
 * archived, and every live product with its spec masked for display. Live products are published,
 * so every signed-in user may read them (authz.ts `canReadBackstageEntities`).
 */
import { DataProductOutputs, DataProductSpec } from "#contract";
import type { Db } from "#db/client";
import { maskForDisplay } from "#lib/masking";
import {
  domainEntities,
  productEntities,
  type BackstageEntity,
  type BackstageProduct,
} from "../shared/backstage";
import { NotFoundError } from "./problems";

function toProduct(row: {
  domain: string;
  name: string;
  spec: unknown;
  outputs: unknown;
}): BackstageProduct {
  const outputs = DataProductOutputs.safeParse(row.outputs);
  return {
    domain: row.domain,
    name: row.name,
    spec: maskForDisplay(DataProductSpec.parse(row.spec)),
    storageUri: outputs.success ? outputs.data.storageUri : null,
  };
}

const PRODUCT_FIELDS = { domain: true, name: true, spec: true, outputs: true } as const;

export async function backstageEntities(db: Db, portalUrl: string): Promise<BackstageEntity[]> {
  const [domains, products] = await Promise.all([
    db.domain.findMany({ where: { archivedAt: null }, orderBy: { slug: "asc" } }),
    db.dataProduct.findMany({
      where: { status: "live" },
      select: PRODUCT_FIELDS,
      orderBy: [{ domain: "asc" }, { name: "asc" }],
    }),
  ]);
  return [
    ...domains.flatMap(domainEntities),
    ...products.flatMap((row) => productEntities(toProduct(row), portalUrl)),
  ];
}

/** A live product's entities with its domain's: what its catalog-info.yaml holds. */
export async function productCatalogInfo(
  db: Db,
  domain: string,
  name: string,
  portalUrl: string,
): Promise<BackstageEntity[]> {
  const row = await db.dataProduct.findUnique({
    where: { domain_name: { domain, name } },
    select: { ...PRODUCT_FIELDS, status: true, domainRef: true },
  });
  if (row === null || row.status !== "live")
    throw new NotFoundError(`no live product ${domain}/${name}`);
  return [...domainEntities(row.domainRef), ...productEntities(toProduct(row), portalUrl)];
}
