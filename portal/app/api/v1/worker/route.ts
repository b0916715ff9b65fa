import { ok, withApi } from "../../../../server/api";
import { canReadWorkerStatus } from "../../../../server/authz";
import { getWorkerStatus } from "../../../../server/worker-status";

export const GET = withApi({ auth: "user", authorize: canReadWorkerStatus }, async ({ db }) =>
  ok(await getWorkerStatus(db)),
);
