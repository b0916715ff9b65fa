/**
 * Next.js start-up hook: the periodic SLA evaluation, the availability probes and the sunset task
 * (approved decommissions whose sunset has come are queued) run inside the portal's Node server.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ portalConfig }, { db }, { startSlaTicker }, { startProber }, { startSunsetTask }] =
    await Promise.all([
      import("#config"),
      import("./server/db"),
      import("./server/lineage/tick"),
      import("./server/lineage/prober"),
      import("./server/sunset-task"),
    ]);
  const env = portalConfig();
  if (env.databaseUrl === undefined) return;
  if (env.slaTickSeconds > 0) startSlaTicker(db, env.slaTickSeconds);
  if (env.probeSeconds > 0) startProber(db, env.probeSeconds);
  startSunsetTask(db);
}
