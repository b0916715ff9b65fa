/**
 * The plan-preview child process (spawned by workflow/plan-preview.ts with tsx): receives one PreviewInput
 * message, builds `DataProduct` under Pulumi mocks, runs the target cloud's mesh policies over
 * what it registered, sends back one PreviewOutcome and exits. A process per preview because
 * Pulumi's runtime state (mocks, stack, settings) is global to the process.
 */
import { parseDataProductSpec, type DataProductSpec } from "#contract";
import { PreviewInput, type PlannedResource, type PreviewOutcome } from "#core/plan-result";
import { messageOf } from "#lib/errors";
import { captureRoot, type CapturedResource } from "./capture";
import { keyInputs } from "./inputs";
import { installPlanMocks, type RecordedResource } from "./mocks";
import { notApplicableResults, runPolicies, type GraphResource } from "./policy-runner";

/** Placeholder token: the catalog entry's token is a stack secret, never in a preview. */
const PREVIEW_TOKEN = "plan-preview-token-not-a-secret-0000000000";

type Planned = CapturedResource & { custom: boolean; props: Record<string, unknown> };

function withInputs(captured: readonly CapturedResource[], recorded: readonly RecordedResource[]) {
  const byKey = new Map(recorded.map((r) => [`${r.type}::${r.name}`, r]));
  return captured.map((resource): Planned => {
    const registered = byKey.get(`${resource.type}::${resource.name}`);
    return { ...resource, custom: registered?.custom ?? true, props: registered?.inputs ?? {} };
  });
}

async function build(spec: DataProductSpec, input: PreviewInput): Promise<Planned[]> {
  const recorded = installPlanMocks(spec.target.region);
  // Imported after the mocks are installed: the runtime reads them when resources register.
  const { DataProduct } = await import("../../components/data-product");
  const capture = captureRoot();
  const product = new DataProduct(
    spec.name,
    {
      spec,
      environment: input.environment,
      catalog: { url: input.catalogUrl, platformToken: PREVIEW_TOKEN },
    },
    { parent: capture.root },
  );
  // The cloud's children are created in the component's async initialize.
  await new Promise((resolve) => product.urn.apply(resolve));
  await new Promise((resolve) => product.outputs.apply(resolve));
  await capture.settle();
  return withInputs(capture.captured, recorded);
}

async function policyResults(spec: DataProductSpec, graph: readonly Planned[]) {
  const { loadPolicies } = await import("../../components/policy/load");
  const { CONTROLS, NOT_APPLICABLE } = await import("../../components/policy/controls");
  const cloud = spec.target.cloud;
  const evaluated = await runPolicies({
    policies: await loadPolicies(cloud),
    resources: graph.map((resource): GraphResource => ({
      type: resource.type,
      name: resource.name,
      parent: resource.parent,
      props: resource.props,
      protect: resource.protect,
    })),
    controls: CONTROLS,
    project: "meshplane",
    stack: "preview",
  });
  return [...evaluated, ...notApplicableResults(NOT_APPLICABLE[cloud], CONTROLS)];
}

async function preview(input: PreviewInput): Promise<PreviewOutcome> {
  const parsed = parseDataProductSpec(input.spec);
  if (!parsed.success) {
    const issues = parsed.issues.map((issue) => `${issue.path || "spec"}: ${issue.message}`);
    return { ok: false, error: `the spec is not valid: ${issues.join("; ")}` };
  }
  const graph = await build(parsed.spec, input);
  const resources: PlannedResource[] = graph.map((resource) => ({
    type: resource.type,
    name: resource.name,
    parent: resource.parent,
    custom: resource.custom,
    inputs: keyInputs(resource.props),
    protect: resource.protect,
    retainOnDelete: resource.retainOnDelete,
  }));
  return { ok: true, resources, policies: await policyResults(parsed.spec, graph) };
}

function send(outcome: PreviewOutcome): void {
  process.send?.(outcome, () => process.exit(0));
}

function fail(error: unknown): void {
  send({ ok: false, error: messageOf(error) });
}

process.on("uncaughtException", fail);
process.on("unhandledRejection", fail);
process.once("message", (message: unknown) => {
  const input = PreviewInput.safeParse(message);
  if (!input.success) {
    fail(new Error("the preview child expects { spec, environment, catalogUrl }"));
    return;
  }
  preview(input.data).then(send, fail);
});
