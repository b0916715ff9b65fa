/** Messages between the worker and the child process that runs one Pulumi operation. */
import type { EngineEvent } from "@pulumi/pulumi/automation";
import type { WorkerConfig } from "#config";
import type { DeploymentOperation } from "#core/deployment-lifecycle";
import type { ConfigEntry } from "../stack-config";

/** Worker → child. */
export type ParentMessage =
  | {
      kind: "run";
      operation: DeploymentOperation;
      stackName: string;
      /** Absent: leave the stack's config as it is (destroy, refresh of a stack set up earlier). */
      config: Record<string, ConfigEntry> | undefined;
      /**
       * No operation ever started on this stack through the portal: it is most likely new, so the
       * child creates it straight away (one CLI call instead of a failed select and a create) and
       * knows it holds no resources (no state export). Wrong guesses fall back to selecting it.
       */
      fresh?: boolean;
      settings: Pick<
        WorkerConfig,
        "projectDir" | "backendUrl" | "secretsProvider" | "passphraseFile" | "policyPacks"
      >;
    }
  | { kind: "cancel" }
  /** Releases the stack's lock (`pulumi cancel`) instead of running an operation. */
  | {
      kind: "release-lock";
      stackName: string;
      settings: Pick<
        WorkerConfig,
        "projectDir" | "backendUrl" | "secretsProvider" | "passphraseFile"
      >;
    };

export interface OperationOutcome {
  /** Resource changes by kind (`same` dropped), from the engine's summary. */
  changes: Record<string, number>;
  /** Stack outputs after `up` (secret values masked by the CLI as `[secret]`). */
  outputs: Record<string, unknown> | undefined;
}

/** Child → worker. */
export type ChildMessage =
  | { kind: "baseline"; resources: number }
  | { kind: "event"; event: EngineEvent }
  | { kind: "succeeded"; outcome: OperationOutcome }
  | { kind: "failed"; message: string; cancelled: boolean; locked: boolean };
