/**
 * pyiceberg (PyPI, the venv of tools/python/venv.sh) against the Iceberg REST catalog's real
 * handlers over HTTP: lists namespaces and tables, loads a local product deployed as the workflow
 * registers it, appends rows (pyarrow), adds a column and reads back, loses a race with 409 and
 * retries, and is refused another domain's commit and restricted table (403); once more through
 * the OAuth client-credentials flow. The steps are in pyiceberg_session.py beside this file (not pyiceberg.py: that would shadow the package).
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as apiKeys from "#portal/app/api/v1/domains/[slug]/api-keys/route";
import { deployLocalProduct } from "../../support/iceberg-catalog";
import { serveIcebergCatalog, type IcebergServer } from "../../support/iceberg-server";
import { pythonVenvMissing, runPythonToolAsync } from "../../support/python";
import { freshDatabase } from "../../support/database";
import { createHarness, json, releaseHarness, type Harness } from "../portal/harness";

vi.mock("server-only", () => ({}));

const TABLE = "churn-pyiceberg";
const RESTRICTED = "churn-pyiceberg-restricted";

interface Step {
  step: string;
  [fact: string]: unknown;
}

describe.skipIf(pythonVenvMissing("pyiceberg against the Iceberg REST catalog"))(
  "pyiceberg against the Iceberg REST catalog",
  () => {
    let h: Harness;
    let close: () => Promise<void>;
    let server: IcebergServer;
    let steps: Map<string, Step>;
    let stderr = "";

    async function keyOf(domain: string, as: "owner" | "otherMember") {
      const response = await h.call(apiKeys.POST, "POST", "/", {
        as,
        params: { slug: domain },
        body: { label: "pyiceberg" },
      });
      return json<{ key: string; id: string }>(response);
    }

    beforeAll(async () => {
      const database = await freshDatabase("pglite");
      server = await serveIcebergCatalog();
      // The config endpoint hands engines the token endpoint under the portal's public URL.
      h = await createHarness(database.prisma, {
        MESHPLANE_PUBLIC_URL: server.uri.replace(/\/api\/iceberg$/, ""),
      });
      close = () => database.close();
      await deployLocalProduct(h, "payments", TABLE);
      await deployLocalProduct(h, "payments", RESTRICTED, { classification: "restricted" });
      const payments = await keyOf("payments", "owner");
      const customer = await keyOf("customer", "otherMember");
      const run = await runPythonToolAsync(
        "python",
        [
          join(import.meta.dirname, "pyiceberg_session.py"),
          server.uri,
          payments.key,
          payments.id,
          customer.key,
          TABLE,
          RESTRICTED,
        ],
        180_000,
      );
      stderr = run.stderr;
      expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
      steps = new Map(
        run.stdout
          .trim()
          .split("\n")
          .map((line) => JSON.parse(line) as Step)
          .map((step) => [step.step, step]),
      );
    }, 240_000);
    afterAll(async () => {
      await server.close();
      releaseHarness();
      await close();
    });

    it("lists the domains as namespaces and the domain's tables", () => {
      expect(steps.get("namespaces")?.namespaces).toContainEqual(["payments"]);
      expect(steps.get("tables")?.tables).toContainEqual(["payments", TABLE]);
    });

    it("appends rows to a deployed local product and reads them back", () => {
      expect(steps.get("appended")?.rows).toBe(3);
    });

    it("adds a column with a new field id and keeps the old ones", () => {
      const evolved = steps.get("evolved");
      expect(evolved?.rows).toBe(5);
      expect(evolved?.columns).toContain("score");
      expect(evolved?.field_ids).toEqual([1, 2, 3, 4, 5, 6]);
    });

    it("fails the stale of two concurrent appends with CommitFailedException, then retries", () => {
      const race = steps.get("race");
      expect(race?.conflict, stderr).toBe(true);
      expect(race?.rows).toBe(7);
    });

    it("refuses another domain's key a commit and a restricted table (403)", () => {
      expect(steps.get("foreign-commit")?.refused).toBe(true);
      expect(steps.get("foreign-restricted")?.refused).toBe(true);
    });

    it("works the same with an OAuth token from the client-credentials flow", () => {
      expect(steps.get("oauth")?.rows).toBe(7);
    });
  },
);
