import { ok, withApi } from "#portal/server/api";
import { canReadWorkerStatus } from "#portal/server/authz";
import { getWorkerStatus } from "#portal/server/worker-status";

export const GET = withApi({ auth: "user", authorize: canReadWorkerStatus }, async ({ db }) =>
  ok(await getWorkerStatus(db)),
);
