/**
 * Cloud targets through the real worker and CLI, on a machine with no cloud credentials and no
 * way to download provider plugins: a deploy fails cleanly, as `failed` with the CLI's own message
 * (which names what is missing), the request and product marked failed, no secret in the message.
 * The plans of cloud stacks under mocks are in test/unit/infra/program.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as deploy from "#portal/app/api/v1/requests/[id]/deploy/route";
import type { DeploymentSummary } from "#portal/shared/deployment-schemas";
import { Worker } from "#infra/automation/worker";
import { exampleInput } from "../../support/specs";
import { PLATFORM_TOKEN, json } from "../portal/harness";
import {
  approvedRequest,
  cliMissing,
  openWorld,
  uniqueEnvironment,
  waitFor,
  type AutomationWorld,
} from "./support";

vi.mock("server-only", () => ({}));

const ENVIRONMENT = uniqueEnvironment();

describe.skipIf(cliMissing())(
  "deploying to a cloud without credentials",
  { timeout: 300_000 },
  () => {
    let world: AutomationWorld;
    let worker: Worker;

    beforeAll(async () => {
      for (const name of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_PROFILE"])
        vi.stubEnv(name, undefined);
      world = await openWorld(ENVIRONMENT);
      worker = new Worker(world.h.prisma, world.settings, { log: () => {} });
      await worker.start();
    });
    afterAll(async () => {
      await worker.stop();
      await world.close();
      vi.unstubAllEnvs();
    });

    it("fails with the CLI's message naming the missing AWS provider", async () => {
      const spec = {
        ...exampleInput("customer-events.yaml"),
        domain: "payments",
        name: "aws-feed",
      };
      const id = await approvedRequest(world.h, { kind: "create", spec });
      const { deployment } = await json<{ deployment: DeploymentSummary }>(
        await world.h.call(deploy.POST, "POST", "/", { as: "admin", params: { id } }),
      );
      const failed = await waitFor(world.h, deployment.id);
      expect(failed.status).toBe("failed");
      // The error the CLI reports on the AWS provider resource (a bare /aws/ also matched the
      // product's name, aws-feed): here, that the provider's plugin could not be installed.
      expect(failed.error).toMatch(/^ *pulumi:providers:aws \([\w-]+\):\n +error: /m);
      expect(failed.error).toContain("resource plugin 'pulumi-resource-aws'");
      expect(failed.error).not.toContain(PLATFORM_TOKEN);
      expect(failed.error).not.toContain("Command failed with exit code");
      expect(
        (await world.h.prisma.productRequest.findUniqueOrThrow({ where: { id } })).status,
      ).toBe("failed");
      const product = await world.h.prisma.dataProduct.findUniqueOrThrow({
        where: { id: failed.productId },
      });
      expect(product.status).toBe("failed");
    });
  },
);
