import "server-only";
/**
 * Carries out decommissions at their sunset (core/sunset.ts): once a minute, the approved ones
 * whose sunset has come are moved to deploying and their destroy is queued for the worker. That
 * transition tells the product's consumers `consumed.sunset-reached` (workflow/request-notifications.ts).
 */
import type { Database } from "#db/client";
import { deployDueSunsets } from "./deployments";
import { every } from "./schedule";

export const SUNSET_TASK_SECONDS = 60;

export function startSunsetTask(db: () => Database): () => void {
  return every({
    label: "sunset",
    intervalSeconds: SUNSET_TASK_SECONDS,
    run: () => deployDueSunsets(db()),
  });
}
