import "server-only";
/**
 * A product's versions and what changed between two of them, and what a request changes: against
 * the live version, and against the spec submitted before (a resubmission). The rules are the
 * contract's (compatibility.ts) and core/evolution.ts's; the rows are workflow/product-versions.ts's.
 * Every spec and value shown is masked for display.
 */
import {
  classifyChanges,
  DataProductSpec,
  parseDataProductSpec,
  requiredBump,
  worstSeverity,
  type SpecChange,
} from "#contract";
import { asProposal, judgeProposal } from "#core/evolution";
import type { Db } from "#db/client";
import { maskForDisplay } from "#lib/masking";
import {
  liveVersion,
  productVersion,
  productVersions,
  requestSubmissions,
  type StoredVersion,
} from "#workflow/product-versions";
import {
  ProductParams,
  type ProductVersionDetail,
  type ProductVersionList,
  type ProductVersionSummary,
  type RequestChanges,
  type SpecComparison,
  type VersionComparison,
} from "../shared/api-schemas";
import { canReadCatalog, canReadProduct, type UserPrincipal } from "./authz";
import { NotFoundError, ValidationError } from "./problems";
import type { RequestDetailRow } from "./requests";

/** A product the viewer may see (404 otherwise, like the product itself). */
export async function readableProductOrThrow(
  client: Db,
  viewer: UserPrincipal,
  domain: string,
  name: string,
) {
  const row = await client.dataProduct.findUnique({ where: { domain_name: { domain, name } } });
  if (row === null || !canReadProduct(viewer, row))
    throw new NotFoundError(`no product ${domain}/${name}`);
  return row;
}
export type ReadableProduct = Awaited<ReturnType<typeof readableProductOrThrow>>;

/**
 * The `withApi` options of a route that reads something of the product in its path: the product
 * (404 when the caller may not see it, like the product itself) for everyone signed in.
 */
export const productReadRoute = {
  auth: "user" as const,
  params: ProductParams,
  load: ({
    db,
    principal,
    params,
  }: {
    db: Db;
    principal: UserPrincipal;
    params: { domain: string; name: string };
  }) => readableProductOrThrow(db, principal, params.domain, params.name),
  authorize: canReadCatalog,
};

/** A change as the API shows it: its values masked (an artifact's signature). */
function shown(changes: readonly SpecChange[]): SpecComparison {
  return {
    changes: changes.map((change) => maskForDisplay(change)),
    severity: worstSeverity(changes) ?? null,
    bump: requiredBump(changes) ?? null,
  };
}

function summaryOf(version: StoredVersion, live: string | undefined): ProductVersionSummary {
  return {
    version: version.version,
    deployedAt: version.deployedAt.toISOString(),
    deploymentId: version.deploymentId,
    requestId: version.requestId,
    live: version.version === live,
  };
}

/** Every recorded version of the product (a product never deployed has none), newest first. */
export async function listVersions(
  client: Db,
  product: ReadableProduct,
): Promise<ProductVersionList> {
  const versions = await allVersions(client, product);
  const live = product.status === "live" ? versions[0]?.version : undefined;
  return { items: versions.map((version) => summaryOf(version, live)) };
}

/** The recorded versions, or the live spec as the first one when none was recorded. */
async function allVersions(client: Db, product: ReadableProduct): Promise<StoredVersion[]> {
  const versions = await productVersions(client, product.id);
  if (versions.length > 0) return versions;
  const live = await liveVersion(client, product);
  return live === undefined ? [] : [live];
}

async function versionOrThrow(
  client: Db,
  product: ReadableProduct,
  version: string,
): Promise<StoredVersion> {
  const found =
    (await productVersion(client, product.id, version)) ??
    (await allVersions(client, product)).find((v) => v.version === version);
  if (found === undefined)
    throw new NotFoundError(`${product.domain}/${product.name} has no version ${version}`);
  return found;
}

export async function getVersion(
  client: Db,
  product: ReadableProduct,
  version: string,
): Promise<ProductVersionDetail> {
  const found = await versionOrThrow(client, product, version);
  const live = product.status === "live" ? (await allVersions(client, product))[0] : undefined;
  return { ...summaryOf(found, live?.version), spec: maskForDisplay(found.spec) };
}

/** The spec of one version, as stored (for exports, which mask nothing secret themselves). */
export async function versionSpec(
  client: Db,
  product: ReadableProduct,
  version: string | undefined,
): Promise<{ version: string; spec: DataProductSpec }> {
  if (version !== undefined) return versionOrThrow(client, product, version);
  const newest = (await allVersions(client, product))[0];
  if (newest === undefined)
    throw new NotFoundError(`${product.domain}/${product.name} has no deployed version yet`);
  return newest;
}

/** What changed from one version to another, each change with its verdict. */
export async function compareVersions(
  client: Db,
  product: ReadableProduct,
  from: string,
  to: string,
): Promise<VersionComparison> {
  if (from === to)
    throw new ValidationError([{ path: "query.to", message: "compare two different versions" }]);
  const [older, newer] = await Promise.all([
    versionOrThrow(client, product, from),
    versionOrThrow(client, product, to),
  ]);
  return { from, to, ...shown(classifyChanges(older.spec, asProposal(older.spec, newer.spec))) };
}

/**
 * What the request changes: its current spec against the live version (for an update), with the
 * version it would deploy as or why it would be refused; and against the spec submitted before
 * it (the previous submission of a resubmitted request, or the last one of a reopened draft).
 */
export async function requestChanges(client: Db, row: RequestDetailRow): Promise<RequestChanges> {
  const parsed = parseDataProductSpec(row.spec);
  if (row.kind === "decommission" || !parsed.success)
    return { live: null, previousSubmission: null };
  const proposed = parsed.spec;
  let live: RequestChanges["live"] = null;
  if (row.kind === "update") {
    const product = await client.dataProduct.findUnique({
      where: { domain_name: { domain: row.domain, name: row.name } },
    });
    const current = product === null ? undefined : await liveVersion(client, product);
    if (product !== null && current !== undefined) {
      const history = (await productVersions(client, product.id)).map((v) => v.spec.table.columns);
      const verdict = judgeProposal({ live: current, history, proposed });
      live = {
        version: current.version,
        proposedVersion: verdict.ok ? verdict.version : null,
        issues: verdict.ok
          ? []
          : maskForDisplay(verdict.issues).map((issue) => ({
              path: `spec.${issue.path}`,
              message: issue.message,
            })),
        ...shown(verdict.changes),
      };
    }
  }
  const submissions = await requestSubmissions(client, row.id);
  // Once submitted, the newest submission is the current spec itself.
  const previous = row.status === "draft" ? submissions[0] : submissions[1];
  const before = previous === undefined ? undefined : parseDataProductSpec(previous.spec);
  return {
    live,
    previousSubmission:
      previous === undefined || before === undefined || !before.success
        ? null
        : {
            version: previous.version,
            submittedAt: previous.submittedAt.toISOString(),
            ...shown(classifyChanges(before.spec, asProposal(before.spec, proposed))),
          },
  };
}
