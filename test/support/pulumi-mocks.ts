/**
 * Pulumi mocks that record every resource the program registers, so tests can assert exact types
 * and inputs. Call `installMocks()` BEFORE importing any module that creates resources (use a
 * dynamic `await import()` after it): the Pulumi runtime reads the mocks when resources register.
 */
import * as pulumi from "@pulumi/pulumi";

export interface RecordedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** Provider reference (URN::id) when the resource was given an explicit provider. */
  provider: string | undefined;
}

export interface MockRecorder {
  resources: RecordedResource[];
  ofType(type: string): RecordedResource[];
  one(type: string): RecordedResource;
  reset(): void;
}

export interface MockOptions {
  /** Extra outputs per resource type, merged over the inputs (e.g. an `arn`). */
  outputs?: (args: pulumi.runtime.MockResourceArgs) => Record<string, unknown>;
  /** Results of provider functions (invokes), by token. */
  invokes?: Record<string, (inputs: Record<string, unknown>) => Record<string, unknown>>;
  preview?: boolean;
}

export function installMocks(options: MockOptions = {}): MockRecorder {
  const resources: RecordedResource[] = [];
  void pulumi.runtime.setMocks(
    {
      newResource(args) {
        const inputs = args.inputs as Record<string, unknown>;
        resources.push({ type: args.type, name: args.name, inputs, provider: args.provider });
        const id = `${args.name}-id`;
        return {
          id,
          state: { ...defaultOutputs(args), ...inputs, ...options.outputs?.(args) },
        };
      },
      call(args) {
        const handler = options.invokes?.[args.token];
        if (!handler) throw new Error(`unmocked invoke ${args.token}`);
        return handler(args.inputs as Record<string, unknown>);
      },
    },
    "meshplane",
    "test",
    options.preview ?? false,
  );
  return {
    resources,
    ofType: (type) => resources.filter((r) => r.type === type),
    one(type) {
      const found = resources.filter((r) => r.type === type);
      if (found.length !== 1) {
        throw new Error(`expected exactly one ${type}, found ${found.length}`);
      }
      return found[0] as RecordedResource;
    },
    reset: () => resources.splice(0, resources.length),
  };
}

/** Plausible computed attributes so dependent resources get realistic inputs. */
function defaultOutputs(args: pulumi.runtime.MockResourceArgs): Record<string, unknown> {
  const name = typeof args.inputs.name === "string" ? args.inputs.name : args.name;
  const bucket = typeof args.inputs.bucket === "string" ? args.inputs.bucket : name;
  return {
    arn: `arn:aws:mock:::${args.type}/${name}`,
    id: `${args.name}-id`,
    name,
    bucket,
  };
}

/** Resolves a Pulumi Output in tests (outputs are not promises). */
export function valueOf<T>(output: pulumi.Output<T> | pulumi.Input<T>): Promise<T> {
  return new Promise((resolve) => {
    pulumi.output(output).apply((value) => {
      resolve(value as T);
      return value;
    });
  });
}

/** Types of the recorded cloud resources, sorted (components are recorded too; they are left out). */
export function cloudTypes(recorder: MockRecorder): string[] {
  return recorder.resources
    .map((r) => r.type)
    .filter((type) => !type.startsWith("meshplane:"))
    .sort();
}
