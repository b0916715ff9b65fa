/**
 * The stack of a product (or domain) over the repository's Pulumi project: the same Pulumi.yaml,
 * program and backend the CLI uses from the repository root. Runs inside the operation child
 * process only (see run-operation.ts).
 */
import { mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { LocalWorkspace, type Stack } from "@pulumi/pulumi/automation";
import { z } from "zod";
import type { ConfigEntry } from "../stack-config";
import { isUserResource } from "./events";
import { cliEnvironment, ensurePassphraseFile, type AutomationSettings } from "./settings";

export type StackSettings = Pick<
  AutomationSettings,
  "projectDir" | "backendUrl" | "secretsProvider" | "passphraseFile"
>;

export async function openStack(
  stackName: string,
  settings: StackSettings,
  config: Record<string, ConfigEntry> | undefined,
): Promise<Stack> {
  if (settings.backendUrl.startsWith("file://"))
    mkdirSync(fileURLToPath(settings.backendUrl), { recursive: true });
  if (settings.passphraseFile !== undefined) ensurePassphraseFile(settings.passphraseFile);
  const stack = await LocalWorkspace.createOrSelectStack(
    { stackName, workDir: settings.projectDir },
    {
      envVars: cliEnvironment(settings),
      secretsProvider: settings.secretsProvider,
    },
  );
  if (config !== undefined) await stack.setAllConfig(config);
  return stack;
}

const StateResources = z.object({ resources: z.array(z.object({ type: z.string() })).default([]) });

/** Resources in the stack's current state that the user deployed (no stack, no providers). */
export async function resourceCount(stack: Stack): Promise<number> {
  const state = StateResources.safeParse((await stack.exportStack()).deployment);
  if (!state.success) return 0;
  return state.data.resources.filter((resource) => isUserResource(resource.type)).length;
}
