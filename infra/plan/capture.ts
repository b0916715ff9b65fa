/**
 * A root component whose transformation sees every resource created beneath it with the options
 * it was registered with (parent, protect, retainOnDelete): what the mocks alone do not record.
 */
import * as pulumi from "@pulumi/pulumi";

export interface CapturedResource {
  type: string;
  name: string;
  /** Logical name of the parent; null when the parent is the capture root itself. */
  parent: string | null;
  protect: boolean;
  retainOnDelete: boolean;
  resource: pulumi.Resource;
}

const ROOT_TYPE = "meshplane:plan:Preview";

export interface Capture {
  root: pulumi.ComponentResource;
  captured: CapturedResource[];
  /** Resolves once every resource created so far, and any they create meanwhile, is registered. */
  settle: () => Promise<void>;
}

export function captureRoot(): Capture {
  const captured: CapturedResource[] = [];
  const names = new Map<pulumi.Resource, string>();
  const root: pulumi.ComponentResource = new pulumi.ComponentResource(
    ROOT_TYPE,
    "plan",
    {},
    {
      transformations: [
        (args) => {
          // A component's transformations also see the component itself.
          if (args.type === ROOT_TYPE) return undefined;
          names.set(args.resource, args.name);
          const parent = args.opts.parent;
          captured.push({
            type: args.type,
            name: args.name,
            parent: parent === undefined || parent === root ? null : (names.get(parent) ?? null),
            protect: args.opts.protect === true,
            retainOnDelete: args.opts.retainOnDelete === true,
            resource: args.resource,
          });
          return undefined;
        },
      ],
    },
  );
  const urnOf = (resource: pulumi.Resource) =>
    new Promise<string>((resolve) => resource.urn.apply((urn) => (resolve(urn), urn)));
  const settle = async (): Promise<void> => {
    let seen = -1;
    // Resources created inside `apply` callbacks appear only after earlier ones resolve.
    while (seen !== captured.length) {
      seen = captured.length;
      await Promise.all(captured.map(({ resource }) => urnOf(resource)));
    }
  };
  return { root, captured, settle };
}
