/**
 * The stack of a product (or domain) over the repository's Pulumi project: the same Pulumi.yaml,
 * program and backend the CLI uses from the repository root. Runs inside the operation child
 * process only (see run-operation.ts).
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { LocalWorkspace, StackAlreadyExistsError, type Stack } from "@pulumi/pulumi/automation";
import { z } from "zod";
import type { WorkerConfig } from "#config";
import { isUserResource } from "#core/deployment-progress";
import type { ConfigEntry } from "../stack-config";
import { cliEnvironment, ensurePassphraseFile } from "./cli-environment";

export type StackSettings = Pick<
  WorkerConfig,
  "projectDir" | "backendUrl" | "secretsProvider" | "passphraseFile"
>;

/**
 * Selects the stack, creating it when it does not exist. `fresh`: it most likely does not, so
 * create first. Returns whether it was created (it then holds no resources).
 */
export async function openStack(
  stackName: string,
  settings: StackSettings,
  config: Record<string, ConfigEntry> | undefined,
  fresh = false,
): Promise<{ stack: Stack; created: boolean }> {
  if (settings.backendUrl.startsWith("file://"))
    mkdirSync(fileURLToPath(settings.backendUrl), { recursive: true });
  if (settings.passphraseFile !== undefined) ensurePassphraseFile(settings.passphraseFile);
  const args = { stackName, workDir: settings.projectDir };
  const options = { envVars: cliEnvironment(settings), secretsProvider: settings.secretsProvider };
  const { stack, created } = fresh
    ? await LocalWorkspace.createStack(args, options).then(
        (stack) => ({ stack, created: true }),
        async (error: unknown) => {
          if (!(error instanceof StackAlreadyExistsError)) throw error;
          return { stack: await LocalWorkspace.selectStack(args, options), created: false };
        },
      )
    : { stack: await LocalWorkspace.createOrSelectStack(args, options), created: false };
  if (config !== undefined) await stack.setAllConfig(config);
  return { stack, created };
}

const StateResources = z.object({ resources: z.array(z.object({ type: z.string() })).default([]) });

/** Resources in the stack's current state that the user deployed (no stack, no providers). */
export async function resourceCount(stack: Stack): Promise<number> {
  const state = StateResources.safeParse((await stack.exportStack()).deployment);
  if (!state.success) return 0;
  return state.data.resources.filter((resource) => isUserResource(resource.type)).length;
}
