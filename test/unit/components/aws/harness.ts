/**
 * Test harness for the AWS components: Pulumi mocks that answer like AWS (ARNs in each service's
 * format and region, Lambda versions, Function URLs, the caller's account, the Glue databases
 * Cloud Control finds) and the spec of every tier × classification × inference case.
 */
import type * as pulumi from "@pulumi/pulumi";
import { resourceNames, type Classification, type Tier } from "#contract";
import { productContext, type ProductContext } from "#components/context";
import { matrixSpec } from "#test/support/matrix";
import { installMocks, type MockRecorder } from "#test/support/pulumi-mocks";

export const ACCOUNT = "123456789012";
export const DEFAULT_REGION = "us-east-1";

/** Glue databases that "exist" (Cloud Control finds them), by name. Tests may add or remove. */
export const databases = new Set<string>(
  ["payments", "customer"].map((domain) => databaseOf(domain)),
);

export function databaseOf(domain: string, environment = "prod"): string {
  return resourceNames({ domain, name: "any", environment }).aws.glueDatabase;
}

function text(value: unknown, fallback = ""): string {
  return typeof value === "string" ? value : fallback;
}

export function urlOf(functionName: string, region: string): string {
  return `https://${functionName}.lambda-url.${region}.on.aws/`;
}

export function metadataLocationOf(location: string): string {
  return `${location}/metadata/00000-mock.metadata.json`;
}

export const GLUE_METADATA_TYPE = "pulumi-nodejs:dynamic/meshplane/aws:GlueTableMetadata";

/** Outputs AWS computes, in the formats the components and policies read. */
function awsOutputs(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
  const inputs = args.inputs as Record<string, unknown>;
  // GlueTableMetadata's provider adopts the file Glue wrote when the spec asks for nothing new.
  if (args.type === GLUE_METADATA_TYPE) {
    return {
      metadataLocation: metadataLocationOf(text(inputs.location)),
      tableUuid: "00000000-0000-4000-8000-0000000000aa",
    };
  }
  const region = text(inputs.region, DEFAULT_REGION);
  const name = text(inputs.name, args.name);
  switch (args.type) {
    case "aws:s3/bucket:Bucket":
      return { arn: `arn:aws:s3:::${text(inputs.bucket)}` };
    case "aws:kms/key:Key":
      return { arn: `arn:aws:kms:${region}:${ACCOUNT}:key/${args.name}`, keyId: args.name };
    case "aws:backup/vault:Vault":
      return { arn: `arn:aws:backup:${region}:${ACCOUNT}:backup-vault:${name}` };
    case "aws:iam/role:Role":
      return { arn: `arn:aws:iam::${ACCOUNT}:role/${name}` };
    case "aws:cloudwatch/logGroup:LogGroup":
      return { arn: `arn:aws:logs:${region}:${ACCOUNT}:log-group:${name}` };
    case "aws:lambda/function:Function":
      return { arn: `arn:aws:lambda:${region}:${ACCOUNT}:function:${name}`, version: "1" };
    case "aws:lambda/alias:Alias":
      return {
        arn: `arn:aws:lambda:${region}:${ACCOUNT}:function:${text(inputs.functionName)}:${name}`,
      };
    case "aws:lambda/functionUrl:FunctionUrl":
      return { functionUrl: urlOf(text(inputs.functionName), region) };
    case "aws:sns/topic:Topic":
      return { arn: `arn:aws:sns:${region}:${ACCOUNT}:${name}` };
    case "aws:sqs/queue:Queue":
      return {
        arn: `arn:aws:sqs:${region}:${ACCOUNT}:${name}`,
        url: `https://sqs.${region}.amazonaws.com/${ACCOUNT}/${name}`,
      };
    case "aws:glue/catalogTable:CatalogTable": {
      const format = inputs.openTableFormatInput as {
        icebergInput: { icebergTableInput: { location: unknown } };
      };
      const location = text(format.icebergInput.icebergTableInput.location);
      return {
        parameters: { table_type: "ICEBERG", metadata_location: metadataLocationOf(location) },
      };
    }
    default:
      return {};
  }
}

export function installAwsMocks(): MockRecorder {
  return installMocks({
    outputs: awsOutputs,
    invokes: {
      "aws:index/getCallerIdentity:getCallerIdentity": () => ({
        accountId: ACCOUNT,
        arn: `arn:aws:iam::${ACCOUNT}:user/deployer`,
        id: ACCOUNT,
        userId: "AIDAEXAMPLE",
      }),
      "aws:cloudcontrol/getResource:getResource": (inputs) => {
        const identifier = text(inputs.identifier);
        if (inputs.typeName !== "AWS::Glue::Database" || !databases.has(identifier)) {
          throw new Error(
            `ResourceNotFoundException: AWS::Glue::Database with identifier '${identifier}' was not found`,
          );
        }
        return {
          id: identifier,
          identifier,
          typeName: inputs.typeName,
          region: text(inputs.region),
          properties: JSON.stringify({ CatalogId: ACCOUNT, DatabaseName: identifier }),
        };
      },
    },
  });
}

export type InferenceKind = "none" | "zip" | "image";

export const IMAGE = `${ACCOUNT}.dkr.ecr.us-east-1.amazonaws.com/fraud/scorer:1.4.2`;

/**
 * card-transactions (gold, restricted, zip function with both triggers) turned into any case of
 * the matrix. The image function is the other shape: object-created only, no reserved or
 * provisioned concurrency (so the defaults apply).
 */
export function caseSpec(
  tier: Tier,
  classification: Classification,
  inference: InferenceKind,
): unknown {
  return matrixSpec("card-transactions.yaml", tier, classification, (s) => {
    if (inference === "none") delete s.inference;
    if (inference === "image") {
      s.inference = {
        image: IMAGE,
        memoryMb: 2048,
        timeoutSeconds: 60,
        triggers: ["object-created"],
      };
    }
  });
}

export function caseContext(
  tier: Tier,
  classification: Classification,
  inference: InferenceKind,
): ProductContext {
  return productContext({ spec: caseSpec(tier, classification, inference), environment: "prod" });
}

/** Inputs of the one recorded resource of a type with this logical name. */
export function inputsOf(
  recorder: MockRecorder,
  type: string,
  name: string,
): Record<string, unknown> {
  const found = recorder.ofType(type).filter((r) => r.name === name);
  if (found.length !== 1)
    throw new Error(`expected one ${type} named ${name}, found ${found.length}`);
  return (found[0] as { inputs: Record<string, unknown> }).inputs;
}
