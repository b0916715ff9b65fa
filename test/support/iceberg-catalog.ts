/**
 * A local product whose table sits in the Iceberg REST catalog, as a successful local deployment
 * leaves it: the LocalWarehouse's first metadata version on disk, the product live with its
 * outputs, and the table registered by the workflow (registerDeployedTable, what settle runs).
 */
import { randomUUID } from "node:crypto";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { icebergTableInput, nextTableMetadata } from "../../components/local";
import { DataProductSpec, type CatalogRegistration, type DataProductSpecInput } from "#contract";
import { registerDeployedTable } from "#workflow/iceberg-catalog";
import type { Harness } from "../integration/portal/harness";
import { exampleInput } from "./specs";

export const CATALOG_URI = "http://localhost:3000/api/iceberg";

/**
 * The first metadata version of the spec's table, as the LocalWarehouse writes it:
 * `<tmp>/<domain>/<name>/metadata/v1.metadata.json`.
 */
export function writeFirstMetadata(spec: DataProductSpec): {
  storageUri: string;
  metadataLocation: string;
} {
  const directory = join(mkdtempSync(join(tmpdir(), "meshplane-iceberg-")), spec.domain, spec.name);
  mkdirSync(join(directory, "metadata"), { recursive: true });
  const storageUri = pathToFileURL(directory).href;
  const metadata = nextTableMetadata(icebergTableInput(spec.table, {}), storageUri, undefined, {
    nowMs: Date.now(),
    newUuid: randomUUID,
  });
  const file = join(directory, "metadata", "v1.metadata.json");
  writeFileSync(file, JSON.stringify(metadata));
  return { storageUri, metadataLocation: pathToFileURL(file).href };
}

/** Deploys (as far as the catalog sees it) a local product of `domain` named `name`. */
export async function deployLocalProduct(
  h: Pick<Harness, "prisma" | "register">,
  domain: string,
  name: string,
  change: Partial<DataProductSpecInput> = {},
  options: { registerTable?: boolean } = {},
): Promise<{ storageUri: string; metadataLocation: string }> {
  const spec = DataProductSpec.parse({
    ...exampleInput("churn-experiments.yaml"),
    domain,
    name,
    inputs: [],
    ...change,
  });
  const { storageUri, metadataLocation } = writeFirstMetadata(spec);
  const registration: CatalogRegistration = {
    environment: "dev",
    stack: `${domain}.${name}.dev`,
    spec,
    outputs: {
      cloud: "local",
      region: "local",
      storageUri,
      catalog: { kind: "meshplane", database: domain, table: name, metadataLocation },
      backup: { kind: "none" },
      tags: {},
    },
  };
  await h.register(registration);
  const product = await h.prisma.dataProduct.findUniqueOrThrow({
    where: { domain_name: { domain, name } },
  });
  if (options.registerTable !== false)
    await registerDeployedTable(h.prisma, product.id, CATALOG_URI);
  return { storageUri, metadataLocation };
}
