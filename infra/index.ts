/**
 * The Meshplane Pulumi program (Pulumi.yaml `main: infra/`). Reads and validates the stack config
 * (infra/stack-config.ts) and builds either a data product or a domain's shared resources.
 */
import * as pulumi from "@pulumi/pulumi";
import { CONFIG_NAMESPACE, parseStackConfig } from "./stack-config";

const config = new pulumi.Config(CONFIG_NAMESPACE);
const stackConfig = parseStackConfig((key) => config.get(key));

const program =
  stackConfig.kind === "domain"
    ? await (await import("./domain-stack")).domainStack(stackConfig)
    : (await import("./product-stack")).productStack(stackConfig);

export const outputs = program;
