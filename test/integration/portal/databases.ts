/** Runs a suite once per database target of test/support/database.ts, each with a fresh database. */
import { projectNow } from "#portal/server/lineage/projector";
import { DATABASE_TARGETS, freshDatabase } from "../../support/database";
import { createHarness, releaseHarness, type Harness } from "./harness";

export type OpenHarness = () => Promise<
  Harness & { close: () => Promise<void>; /** postgresql:// URL of the database. */ url: string }
>;

/** `env`: configuration variables the portal reads besides the harness's own. */
export function forEachDatabase(
  suite: (target: string, open: OpenHarness) => void,
  env: Record<string, string> = {},
): void {
  for (const target of DATABASE_TARGETS) {
    suite(target, async () => {
      const database = await freshDatabase(target);
      const harness = await createHarness(database.prisma, env);
      return {
        ...harness,
        url: database.url,
        close: async () => {
          // Projections a route started after answering finish before the database goes.
          await projectNow(database.prisma);
          releaseHarness();
          await database.close();
        },
      };
    });
  }
}
