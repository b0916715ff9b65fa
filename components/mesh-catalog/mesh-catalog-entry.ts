/**
 * MeshCatalogEntry: registers a deployed product in Meshplane's own catalog through the portal's
 * API (`PUT/DELETE /api/v1/catalog/products/{domain}/{name}`, contract/outputs.ts), as part of the
 * product's stack, so a CLI deployment registers exactly like a portal one. Type token
 * `pulumi-nodejs:dynamic/meshplane/catalog:MeshCatalogEntry`.
 */
import * as pulumi from "@pulumi/pulumi";
import { CatalogRegistration, catalogProductPath, type CatalogRegistrationInput } from "#contract";
import {
  DEFAULT_RETRY,
  meshCatalogProvider,
  type MeshCatalogInputs,
  type RetryPolicy,
} from "./catalog-provider";

export interface MeshCatalogEntryArgs {
  /** Base URL of the portal, e.g. `http://localhost:3000`. */
  catalogUrl: pulumi.Input<string>;
  /** The portal's platform token (MESHPLANE_PLATFORM_TOKEN); kept secret in state. */
  platformToken: pulumi.Input<string>;
  registration: pulumi.Input<CatalogRegistrationInput>;
  retry?: RetryPolicy;
}

/** Validates the body against the contract, so a bad one fails here with the path, not at the portal. */
export function validRegistration(body: unknown): CatalogRegistration {
  const parsed = CatalogRegistration.safeParse(body);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map(
    (issue) => `${issue.path.join(".") || "(body)"}: ${issue.message}`,
  );
  throw new Error(`MeshCatalogEntry: the catalog registration is not valid: ${issues.join("; ")}`);
}

export function productUrl(catalogUrl: string, registration: CatalogRegistration): string {
  const base = new URL(catalogUrl);
  if (base.protocol !== "http:" && base.protocol !== "https:") {
    throw new Error(`MeshCatalogEntry: catalogUrl must be http(s), got ${base.protocol}`);
  }
  const path = catalogProductPath(registration.spec.domain, registration.spec.name);
  return `${base.origin}${base.pathname.replace(/\/+$/, "")}${path}`;
}

export class MeshCatalogEntry extends pulumi.dynamic.Resource {
  declare readonly url: pulumi.Output<string>;

  constructor(name: string, args: MeshCatalogEntryArgs, opts?: pulumi.CustomResourceOptions) {
    const registration = pulumi.output(args.registration).apply(validRegistration);
    const inputs: Record<keyof MeshCatalogInputs, pulumi.Input<unknown>> = {
      url: pulumi
        .all([args.catalogUrl, registration])
        .apply(([url, body]) => productUrl(url, body)),
      platformToken: pulumi.secret(args.platformToken),
      registration,
      retry: args.retry ?? DEFAULT_RETRY,
    };
    super(
      meshCatalogProvider,
      name,
      inputs,
      {
        ...opts,
        additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "platformToken"],
      },
      "meshplane/catalog",
      "MeshCatalogEntry",
    );
  }
}
