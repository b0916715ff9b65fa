/** Runs a suite once per database target of test/support/database.ts, each with a fresh database. */
import { DATABASE_TARGETS, freshDatabase } from "../../support/database";
import { createHarness, releaseHarness, type Harness } from "./harness";

export type OpenHarness = () => Promise<Harness & { close: () => Promise<void> }>;

export function forEachDatabase(suite: (target: string, open: OpenHarness) => void): void {
  for (const target of DATABASE_TARGETS) {
    suite(target, async () => {
      const database = await freshDatabase(target);
      const harness = await createHarness(database.prisma);
      return {
        ...harness,
        close: async () => {
          releaseHarness();
          await database.close();
        },
      };
    });
  }
}
