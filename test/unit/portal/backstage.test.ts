/**
 * The Backstage entities of the mesh, checked by Backstage's own catalog model
 * (`@backstage/catalog-model`): the envelope and field formats every entity must meet, and the
 * schema of each kind.
 */
import {
  DefaultNamespaceEntityPolicy,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  apiEntityV1alpha1Validator,
  domainEntityV1alpha1Validator,
  groupEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  type Entity,
  type KindValidator,
} from "@backstage/catalog-model";
import { parseAllDocuments } from "yaml";
import { describe, expect, it } from "vitest";
import { DataProductSpec } from "#contract";
import {
  domainEntities,
  productEntities,
  toCatalogInfo,
  type BackstageEntity,
} from "#portal/shared/backstage";
import { exampleInput } from "../../support/specs";

const KIND_VALIDATORS: Record<BackstageEntity["kind"], KindValidator> = {
  Domain: domainEntityV1alpha1Validator,
  Group: groupEntityV1alpha1Validator,
  System: systemEntityV1alpha1Validator,
  Resource: resourceEntityV1alpha1Validator,
  API: apiEntityV1alpha1Validator,
};

const policy = EntityPolicies.allOf([
  new DefaultNamespaceEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new SchemaValidEntityPolicy(),
]);

/** What Backstage's catalog does with an entity it ingests: the policies, then its kind's schema. */
async function validate(entity: BackstageEntity): Promise<void> {
  const checked = await policy.enforce(entity as unknown as Entity);
  expect(checked).toBeDefined();
  expect(await KIND_VALIDATORS[entity.kind].check(entity as unknown as Entity)).toBe(true);
}

const fraud = {
  domain: "payments",
  name: "fraud-scores",
  spec: DataProductSpec.parse(exampleInput("fraud-scores.yaml")),
  storageUri: "s3://payments-lake/fraud/scores",
};

describe("Backstage entities", () => {
  const entities = [
    ...domainEntities({ slug: "payments", name: "Payments", description: "Card payments." }),
    ...productEntities(fraud, "https://portal.example.test"),
  ];

  it("are valid for Backstage's catalog, each by its kind's schema", async () => {
    expect(entities.map((e) => `${e.kind}:${e.metadata.name}`)).toEqual([
      "Group:payments",
      "Domain:payments",
      "System:payments-fraud-scores",
      "Resource:payments-fraud-scores-table",
      "API:payments-fraud-scores-contract",
    ]);
    for (const entity of entities) await validate(entity);
  });

  it("owns everything by the domain's group and depends on the declared inputs", () => {
    const [, domain, system, resource, api] = entities;
    expect(domain?.spec).toEqual({ owner: "group:default/payments" });
    expect(system?.spec).toMatchObject({ owner: "group:default/payments", domain: "payments" });
    expect(fraud.spec.inputs).toContain("payments/card-transactions");
    expect(system?.spec.dependsOn).toContain("resource:default/payments-card-transactions-table");
    expect(resource?.spec).toMatchObject({ type: "table", system: "payments-fraud-scores" });
    expect(resource?.spec.dependsOn).toEqual(system?.spec.dependsOn);
    expect(api?.spec).toMatchObject({ type: "meshplane-data-product", lifecycle: "production" });
    expect(String(api?.spec.definition)).toContain("name: fraud-scores");
    expect(resource?.metadata.description).toBe("Stored at s3://payments-lake/fraud/scores");
  });

  it("fails Backstage's validation when an entity breaks its kind's schema", async () => {
    const [, , system] = entities;
    const broken = { ...system, spec: { domain: "payments" } } as unknown as Entity;
    await expect(systemEntityV1alpha1Validator.check(broken)).rejects.toThrow(/owner/);
  });

  it("writes a catalog-info.yaml of one document per entity", async () => {
    const documents = parseAllDocuments(toCatalogInfo(entities)).map(
      (document) => document.toJS() as BackstageEntity,
    );
    expect(documents).toEqual(entities);
    for (const entity of documents) await validate(entity);
  });

  it("keeps entity names within Backstage's 63 characters", async () => {
    for (const name of ["a".repeat(63), `${"a".repeat(53)}-b`]) {
      const long = { ...fraud, name };
      for (const entity of productEntities(long, "https://portal.example.test"))
        await validate(entity);
    }
  });
});
