/**
 * A Pulumi program under the plan preview's own mocks (infra/plan/mocks.ts) in a fresh process,
 * like infra/plan/preview-program.ts: `count` DataProducts, or none for the empty baseline. Gets
 * `{ specs }` over IPC, answers `{ resources }` once every output has resolved, and exits.
 */
import { DataProductSpec } from "#contract";
import { messageOf } from "#lib/errors";
import { installPlanMocks } from "../../infra/plan/mocks";
import { z } from "zod";

const Message = z.object({ specs: z.array(z.unknown()), region: z.string() });

async function build(message: z.infer<typeof Message>): Promise<number> {
  const recorded = installPlanMocks(message.region);
  if (message.specs.length === 0) return 0;
  const { DataProduct } = await import("../../components/data-product");
  const products = message.specs.map((raw) => {
    const spec = DataProductSpec.parse(raw);
    return new DataProduct(`${spec.domain}-${spec.name}`, {
      spec,
      environment: "bench",
      catalog: {
        url: "http://localhost:3000",
        platformToken: "bench-token-not-a-secret-000000000000",
      },
    });
  });
  for (const product of products) {
    await new Promise((resolve) => product.urn.apply(resolve));
    await new Promise((resolve) => product.outputs.apply(resolve));
  }
  return recorded.length;
}

process.once("message", (raw: unknown) => {
  build(Message.parse(raw)).then(
    (resources) => process.send?.({ resources }, () => process.exit(0)),
    (error: unknown) => process.send?.({ error: messageOf(error) }, () => process.exit(1)),
  );
});
