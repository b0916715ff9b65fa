import "server-only";
/**
 * Ends access grants by the calendar (workflow/access-expiry.ts): once a minute, approved grants
 * past their end date expire (a cloud product's `up` is queued to remove them) and grants ending
 * within 14 days get their one reminder to re-certify. Safe with several portal replicas: each
 * change is a conditional update, so a grant is expired and reminded once.
 */
import type { Database } from "#db/client";
import { runAccessExpiry } from "#workflow/access-expiry";
import { every } from "./schedule";

export const ACCESS_EXPIRY_TASK_SECONDS = 60;

export function startAccessExpiryTask(db: () => Database): () => void {
  return every({
    label: "access-expiry",
    intervalSeconds: ACCESS_EXPIRY_TASK_SECONDS,
    run: () => runAccessExpiry(db()),
  });
}
