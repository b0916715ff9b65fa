/**
 * Schemathesis (the OpenAPI fuzzer, from the Python venv) against /api/v1/openapi.json of the
 * portal's API over HTTP on a throw-away database, with every check (`--checks all`: no 5xx,
 * documented statuses, content types and headers, response schemas, rejection of invalid data
 * and acceptance of valid data, 405 + Allow for other methods, auth really checked, …), three
 * times: as a domain member's session, as a platform admin's session and with a domain API key
 * (the operations that take one: OpenLineage ingestion and probes). Bounded by examples per
 * operation and a time budget per run; any failure fails the test with schemathesis' report.
 * Fails in CI when the venv is missing (test/support/python.ts).
 *
 * Nothing is excluded from the document. The plan preview's Pulumi child process is replaced
 * (as in the authorization table): fuzzing would start a Pulumi program per generated draft on
 * two cores, and what is fuzzed here is the API around it, which still runs in full.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { DATABASE_TARGETS } from "../../support/database";
import { serveApi } from "../../support/api-server";
import { pythonVenvMissing, runPythonToolAsync } from "../../support/python";
import { runArgs, semanticRules } from "../../support/schemathesis";

import { exampleInput } from "../../support/specs";
import { forEachDatabase } from "./databases";
import { registrationOf, type Harness, issueApiKey } from "./harness";

/** Reads YAML bodies as the text the document describes (see the file). */
const HOOKS = join(import.meta.dirname, "../../support/schemathesis_hooks.py");

vi.mock("server-only", () => ({}));
vi.mock("#workflow/plan-preview", async (original) => ({
  ...(await original<typeof import("#workflow/plan-preview")>()),
  runPreview: () => Promise.resolve({ ok: false, error: "no Pulumi program while fuzzing" }),
}));

/** Cases per operation, and seconds per run: the three runs take about 100 s together. */
const MAX_EXAMPLES = process.env.MESHPLANE_FUZZ_EXAMPLES ?? "8";
const MAX_SECONDS = Number(process.env.MESHPLANE_FUZZ_SECONDS ?? "40");
/** A fixed seed keeps CI reproducible; set MESHPLANE_FUZZ_SEED to explore further. */
const SEED = process.env.MESHPLANE_FUZZ_SEED ?? "1515";

/** The operations a domain API key authenticates (auth: "lineage-key" in their route files). */
const KEY_OPERATIONS = "^/api/v1/(lineage|lineage/batch|sla/probes)$";

/**
 * Rules OpenAPI cannot state, where a schema-valid request may be refused with a documented 422
 * (only there, and only that status; every other check stays on for them):
 * - the lineage graph needs `domain` when node=product and `namespace` otherwise (one parameter
 *   required depending on another's value; the parameters' descriptions say it);
 * - an ODCS import's `document` is YAML text that must parse to an ODCS v3 contract;
 * - a new domain's `owner` must be the email of a user who has signed in once;
 * - a decommission's `sunsetAt` must lie in the future (relative to the time of the call);
 * - a domain's PATCH must change something: the document generator (zod-openapi) does not emit
 *   the body's `minProperties: 1`, so `{}` looks valid to the fuzzer.
 * A draft's `spec` is free-form (drafts may be incomplete): a NUL in any of its texts is refused
 * with 400 as everywhere, which the document states on every string schema but cannot on
 * free-form values.
 */
const SEMANTIC_422 = [
  "/api/v1/lineage/graph",
  "/api/v1/requests/import-odcs",
  "/api/v1/domains",
  "/api/v1/domains/{slug}",
];
const SEMANTIC_RULES = [
  ...semanticRules(SEMANTIC_422, ["422"]),
  ...semanticRules(["/api/v1/requests"], ["400", "422"]),
];

/** The session token out of a Cookie header (`meshplane.session_token=…; …`). */
function sessionToken(cookie: string): string {
  const token = /(?:^|;\s*)meshplane\.session_token=([^;]+)/.exec(cookie)?.[1];
  if (token === undefined) throw new Error(`no session token in ${cookie}`);
  return decodeURIComponent(token);
}

const missing = pythonVenvMissing("schemathesis against /api/v1");
// One database is enough for the fuzzer (the route tests run both): PostgreSQL when the run has it.
const target = DATABASE_TARGETS.at(-1);

forEachDatabase((name, open) => {
  describe.skipIf(missing || name !== target)(`schemathesis (${name})`, () => {
    let h: Harness & { close: () => Promise<void> };
    let server: Awaited<ReturnType<typeof serveApi>>;
    let key = "";
    beforeAll(async () => {
      h = await open();
      await h.register(registrationOf(exampleInput("fraud-scores.yaml")));
      await h.register(registrationOf(exampleInput("customer-events.yaml")));
      key = (await issueApiKey(h, "owner", "payments", "schemathesis")).key;
      server = await serveApi();
    });
    afterAll(async () => {
      await server.close();
      await h.close();
    });

    /**
     * Credentials go through the security schemes of the document (schemathesis.toml), not a
     * fixed header, so the fuzzer can leave them out to check that they are really required.
     */
    async function fuzz(
      scheme: string,
      credential: string,
      filter: string[] = [],
      seconds = MAX_SECONDS,
    ): Promise<void> {
      const dir = mkdtempSync(join(tmpdir(), "meshplane-schemathesis-"));
      const value = JSON.stringify(credential);
      writeFileSync(
        join(dir, "schemathesis.toml"),
        [
          `hooks = ${JSON.stringify(HOOKS)}`,
          `[auth.openapi.${scheme}]`,
          `${scheme === "session" ? "api_key" : "bearer"} = ${value}`,
          ...SEMANTIC_RULES,
        ].join("\n"),
      );
      // Run in `dir`: schemathesis reads schemathesis.toml from there and keeps its cache there.
      const run = await runPythonToolAsync(
        "schemathesis",
        [
          ...runArgs({
            document: `${server.url}/api/v1/openapi.json`,
            url: server.url,
            examples: MAX_EXAMPLES,
            seconds,
            seed: SEED,
          }),
          ...filter,
        ],
        (seconds + 60) * 1000,
        dir,
      );
      rmSync(dir, { recursive: true, force: true });
      const output = `${run.stdout}\n${run.stderr}`;
      expect(run.status, output.slice(-12_000)).toBe(0);
    }

    it("finds nothing as a domain member", async () => {
      await fuzz("session", sessionToken(await h.cookie("member")));
    });

    it("finds nothing as a platform admin", async () => {
      await fuzz("session", sessionToken(await h.cookie("admin")));
    });

    it("finds nothing with a domain API key", async () => {
      // Three operations: half the time covers them as often as the sessions cover theirs.
      await fuzz("lineageKey", key, ["--include-path-regex", KEY_OPERATIONS], MAX_SECONDS / 2);
    });
  });
});
