/**
 * The stack configuration of the Meshplane program (`infra/`), one schema for both sides: the
 * program validates what it reads with it, and the automation backend writes exactly these keys.
 * Pure (no Pulumi), so it is tested on its own.
 */
import { z } from "zod";
import {
  AccessGrant,
  DataProductSpec,
  DomainSlug,
  Environment,
  Organization,
  knownRegions,
} from "#contract";
import { ipRangeProblem } from "../components/azure/planning/storage";
import type { AzureDeploymentOptions } from "../components/types";

/** Config namespace of every key below (`meshplane:spec`, `meshplane:environment`, …). */
export const CONFIG_NAMESPACE = "meshplane";

const HttpUrl = z.url({ protocol: /^https?$/, error: "must be an http(s) URL" });

/** A public IPv4 address or CIDR range, as Azure's storage firewall and access restrictions take it. */
const PublicIpRange = z.string().superRefine((range, ctx) => {
  const problem = ipRangeProblem(range);
  if (problem !== undefined) ctx.addIssue({ code: "custom", message: problem });
});

const AZURE_ID_EXAMPLE = "/subscriptions/<id>/resourceGroups/<group>/providers/Microsoft.Network/";

/** An Azure resource id whose part after `/providers/Microsoft.Network/` matches `pattern`. */
function networkResourceId(pattern: string, example: string) {
  const id = new RegExp(
    `^/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.Network/${pattern}$`,
    "i",
  );
  return z.string().regex(id, `must be an Azure resource id like ${AZURE_ID_EXAMPLE}${example}`);
}

const SubnetId = networkResourceId(
  "virtualNetworks/[^/]+/subnets/[^/]+",
  "virtualNetworks/<vnet>/subnets/<subnet>",
);

function privateDnsZoneId(service: "dfs" | "blob") {
  const zone = `privatelink.${service}.core.windows.net`;
  return networkResourceId(
    `privateDnsZones/${zone.replaceAll(".", "\\.")}`,
    `privateDnsZones/${zone}`,
  );
}

/**
 * The platform's Azure settings of a product stack, which the spec does not hold (they belong to
 * the platform team, not the product's owners): who reaches the storage over the network, and
 * who may call the inference function (components/types.ts `AzureDeploymentOptions`). Without
 * them the storage firewall lets only trusted Azure services (and the function's subnet) through,
 * and the function answers 401 to every call: App Service authentication accepts no token until
 * an Entra app registration is named.
 */
export const AzureStackOptions = z.strictObject({
  network: z
    .strictObject({
      /** Public addresses allowed through the data lake's firewall (e.g. pipelines' egress). */
      allowedIpRanges: z.array(PublicIpRange).optional(),
      /** Subnets allowed through (their Microsoft.Storage service endpoint on). */
      allowedSubnetIds: z.array(SubnetId).optional(),
      /** Private endpoints (dfs and blob) of the data lake in this subnet. */
      privateEndpoint: z
        .strictObject({
          subnetId: SubnetId,
          privateDnsZoneIds: z
            .strictObject({ dfs: privateDnsZoneId("dfs"), blob: privateDnsZoneId("blob") })
            .optional(),
        })
        .optional(),
    })
    .optional(),
  functionAccess: z
    .strictObject({
      /** The Entra app registration whose tokens the function accepts (its allowed audiences are `api://<clientId>` and `<clientId>`). */
      entra: z
        .strictObject({
          clientId: z.guid("must be the app registration's application (client) id, a GUID"),
          tenantId: z.guid("must be a tenant id, a GUID").optional(),
          allowedApplications: z.array(z.guid("must be a client id, a GUID")).optional(),
          allowedPrincipalObjectIds: z.array(z.guid("must be an object id, a GUID")).optional(),
        })
        .optional(),
      /** Public addresses allowed to reach the function at all (App Service access restrictions). */
      allowedIpRanges: z.array(PublicIpRange).optional(),
    })
    .optional(),
}) satisfies z.ZodType<AzureDeploymentOptions>;

/** A product stack: one per data product and environment. */
export const ProductStackConfig = z
  .strictObject({
    kind: z.literal("product").default("product"),
    spec: DataProductSpec,
    environment: Environment,
    organization: Organization.optional(),
    /** Base URL of the portal whose catalog the MeshCatalogEntry registers the product in. */
    catalogUrl: HttpUrl,
    /** The portal's platform token (a stack secret). */
    platformToken: z.string().min(32, "the platform token is at least 32 characters"),
    /** Local target only: the directory that holds every local warehouse. */
    warehouseRoot: z.string().min(1).optional(),
    /** Azure target only: the platform's network and function-access settings. */
    azure: AzureStackOptions.optional(),
    /** Approved access grants the stack provisions (components/access-grants.ts checks them). */
    grants: z.array(AccessGrant).optional(),
    /**
     * The product's table is in Meshplane's Iceberg REST catalog when the operation starts: the
     * catalog is its only writer, so the program writes no table metadata on update.
     */
    catalogOwned: z.boolean().optional(),
  })
  .refine((config) => config.azure === undefined || config.spec.target.cloud === "azure", {
    path: ["azure"],
    error: "applies to Azure products only",
  })
  .refine(
    (config) =>
      config.catalogOwned !== true || ["local", "azure"].includes(config.spec.target.cloud),
    {
      path: ["catalogOwned"],
      error: "applies to local and Azure products only (the catalog writes no other cloud's table)",
    },
  );
export type ProductStackConfig = z.infer<typeof ProductStackConfig>;

const domainStackKeys = {
  kind: z.literal("domain"),
  domain: DomainSlug,
  environment: Environment,
  organization: Organization.optional(),
  owner: z.string().min(1),
};

/** GCP: the domain's BigQuery dataset (components/gcp/domain-catalog.ts) in `location`. */
const GcpDomainStackConfig = z.strictObject({
  ...domainStackKeys,
  cloud: z.literal("gcp"),
  /** BigQuery location of the dataset: a multi-region (`EU`, `US`) or a region. */
  location: z.string().min(1),
});

const AWS_REGIONS = knownRegions("aws");

/** AWS: the domain's Glue database (components/aws/domain-catalog.ts) in `region`. */
const AwsDomainStackConfig = z.strictObject({
  ...domainStackKeys,
  cloud: z.literal("aws"),
  /** Glue databases are regional: the region of the domain's products. */
  region: z.string().refine((region) => AWS_REGIONS.includes(region), {
    error: `must be an AWS region products deploy to (${AWS_REGIONS.join(", ")})`,
  }),
});

/**
 * A domain stack: what a domain owns once per environment and its product stacks share, the
 * domain's catalog (DomainCatalog) on the clouds whose products look one up: GCP and AWS.
 */
export const DomainStackConfig = z.discriminatedUnion("cloud", [
  GcpDomainStackConfig,
  AwsDomainStackConfig,
]);
export type DomainStackConfig = z.infer<typeof DomainStackConfig>;

/** Every key a domain stack of any cloud may set; the schema refuses the other clouds' keys. */
const DOMAIN_STACK_KEYS = [
  ...new Set(DomainStackConfig.options.flatMap((option) => Object.keys(option.shape))),
];

export const StackConfig = z.union([ProductStackConfig, DomainStackConfig]);
export type StackConfig = z.infer<typeof StackConfig>;

/** Keys whose values are stack secrets (encrypted by the stack's secrets provider). */
const SECRET_KEYS: ReadonlySet<string> = new Set(["platformToken"]);

/** Keys whose values are objects or booleans, stored as JSON text in the stack config. */
const JSON_KEYS: ReadonlySet<string> = new Set(["spec", "azure", "grants", "catalogOwned"]);

export interface ConfigEntry {
  value: string;
  secret: boolean;
}

/** The stack config map (`meshplane:<key>` → value) the automation backend writes. */
export function toConfigMap(config: StackConfig): Record<string, ConfigEntry> {
  const map: Record<string, ConfigEntry> = {};
  for (const [key, value] of Object.entries<unknown>(config)) {
    if (value === undefined) continue;
    map[`${CONFIG_NAMESPACE}:${key}`] = {
      // Objects (the spec) and booleans are stored as JSON; the program parses them back (parseStackConfig).
      value: typeof value === "string" ? value : JSON.stringify(value),
      secret: SECRET_KEYS.has(key),
    };
  }
  return map;
}

/**
 * Reads the raw values the program finds in its config (`get` returns a key's string or
 * undefined) into the validated config; a bad value fails naming the key.
 */
export function parseStackConfig(get: (key: string) => string | undefined): StackConfig {
  const kind = get("kind") ?? "product";
  const keys = kind === "domain" ? DOMAIN_STACK_KEYS : Object.keys(ProductStackConfig.shape);
  const raw: Record<string, unknown> = {};
  for (const key of keys) {
    const value = get(key);
    if (value === undefined) continue;
    raw[key] = JSON_KEYS.has(key) ? parseJson(key, value) : value;
  }
  const schema = kind === "domain" ? DomainStackConfig : ProductStackConfig;
  const result = schema.safeParse(raw);
  if (!result.success) {
    const issues = result.error.issues.map((issue) =>
      issue.path.length === 0
        ? `${CONFIG_NAMESPACE}: ${issue.message}`
        : `${CONFIG_NAMESPACE}:${issue.path.map(String).join(".")}: ${issue.message}`,
    );
    throw new Error(`invalid stack config:\n  ${issues.join("\n  ")}`);
  }
  return result.data;
}

function parseJson(key: string, value: string): unknown {
  try {
    return JSON.parse(value) as unknown;
  } catch {
    throw new Error(`invalid stack config: ${CONFIG_NAMESPACE}:${key} is not valid JSON`);
  }
}
