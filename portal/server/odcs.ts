import "server-only";
/**
 * ODCS v3 at the API: a product version exported as an Open Data Contract Standard document
 * (YAML by default, JSON on request), and a document imported into a new draft request with the
 * list of what could not be mapped. The mapping is the contract's (contract/odcs-export.ts,
 * odcs-import.ts); this module chooses the version, its status and server, and the format.
 */
import { stringify as stringifyYaml } from "yaml";
import { parse as parseYaml } from "yaml";
import { fromOdcs, toOdcs, type DataProductOutputs, type OdcsImport } from "#contract";
import type { Db } from "#db/client";
import { maskForDisplay } from "#lib/masking";
import type { Audit } from "#workflow/audit";
import type { ApiResult } from "./api";
import type { UserPrincipal } from "./authz";
import { ValidationError } from "./problems";
import { createRequest } from "./requests";
import { versionSpec, type ReadableProduct } from "./versions";
import {
  DraftSpec,
  type ContractQuery,
  type OdcsImportBody,
  type OdcsImportResult,
} from "../shared/api-schemas";

/** An ODCS document read into a draft that names its product. */
export type ParsedOdcsImport = Extract<OdcsImport, { ok: true }> & { spec: DraftSpec };

export const ODCS_YAML = "application/yaml";

/** JSON when the query or the Accept header asks for it, YAML otherwise. */
export function wantsJson(query: { type?: "json" | "yaml" | undefined }, accept: string | null) {
  if (query.type !== undefined) return query.type === "json";
  return /\bapplication\/json\b/.test(accept ?? "") && !/\byaml\b/.test(accept ?? "");
}

/**
 * The product's version (`version`, else the newest) as an ODCS document: `active` while it is the
 * version the product runs, `deprecated` for an older one, `retired` once the product is
 * decommissioned; the live version carries the deployment as its server. Secrets in the spec (an
 * artifact's signature) are masked, as everywhere the portal shows a spec.
 */
export async function exportOdcs(
  client: Db,
  product: ReadableProduct,
  query: ContractQuery,
  accept: string | null,
): Promise<ApiResult> {
  const newest = await versionSpec(client, product, undefined);
  const chosen =
    query.version === undefined ? newest : await versionSpec(client, product, query.version);
  const current = chosen.version === newest.version;
  const status =
    product.status === "decommissioned"
      ? "retired"
      : current && product.status === "live"
        ? "active"
        : "deprecated";
  const deployment =
    current && product.status === "live" && product.outputs !== null && product.environment !== null
      ? {
          environment: product.environment,
          outputs: product.outputs as DataProductOutputs,
        }
      : undefined;
  const document = maskForDisplay(
    toOdcs(chosen.spec, {
      version: chosen.version,
      status,
      ...(deployment === undefined ? {} : { deployment }),
    }),
  );
  const filename = `${product.domain}.${product.name}-${chosen.version}.odcs`;
  if (wantsJson(query, accept)) {
    return {
      status: 200,
      body: document,
      headers: { "content-disposition": `inline; filename="${filename}.json"` },
    };
  }
  return {
    status: 200,
    text: stringifyYaml(document),
    headers: {
      "content-type": `${ODCS_YAML}; charset=utf-8`,
      "content-disposition": `inline; filename="${filename}.yaml"`,
    },
  };
}

/** YAML or JSON text (YAML reads both), or a document already parsed. */
function documentOf(body: OdcsImportBody): unknown {
  if (typeof body.document !== "string") return body.document;
  try {
    return parseYaml(body.document) as unknown;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new ValidationError([{ path: "document", message: `not YAML or JSON: ${message}` }]);
  }
}

/**
 * The document of an import body, read: 422 at `document…` when it is no ODCS contract, or when
 * it does not name the product (domain and dataProduct) a request is filed for.
 */
export function readOdcsImport(body: OdcsImportBody): ParsedOdcsImport {
  const read = fromOdcs(documentOf(body));
  if (!read.ok) {
    throw new ValidationError(
      read.issues.map((issue) => ({
        path: issue.path === "" ? "document" : `document.${issue.path}`,
        message: issue.message,
      })),
      "the document is not an ODCS v3 data contract",
    );
  }
  const spec = DraftSpec.safeParse(read.draft);
  if (!spec.success) {
    throw new ValidationError(
      spec.error.issues.map((issue) => ({
        path: `document.${issue.path.join(".") === "name" ? "dataProduct" : issue.path.join(".")}`,
        message: issue.message,
      })),
      "the document must name the product's domain and dataProduct",
    );
  }
  return { ...read, spec: spec.data };
}

/**
 * A new draft request from an ODCS document: an update when the product is live, a new product
 * otherwise. Answers the request, what the document held that has no place in a spec, and what the
 * spec still needs before it can be submitted.
 */
export async function importOdcs(
  client: Db,
  user: UserPrincipal,
  read: ParsedOdcsImport,
  audit: Audit,
): Promise<OdcsImportResult> {
  const { domain, name } = read.spec;
  const live = await client.dataProduct.findUnique({ where: { domain_name: { domain, name } } });
  const kind = live?.status === "live" ? "update" : "create";
  const request = await createRequest(client, user, { kind, spec: read.spec }, audit);
  return { request, unmapped: read.unmapped };
}
