/**
 * Next.js start-up hook: the periodic SLA evaluation, the availability probes, the sunset task
 * (approved decommissions whose sunset has come are queued) and the access-expiry task (grants
 * past their end date expire, reminders to re-certify) run inside the portal's Node server.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [
    { portalConfig },
    { db },
    { startSlaTicker },
    { startProber },
    { startSunsetTask },
    { startAccessExpiryTask },
  ] = await Promise.all([
    import("#config"),
    import("./server/db"),
    import("./server/lineage/tick"),
    import("./server/lineage/prober"),
    import("./server/sunset-task"),
    import("./server/access-expiry-task"),
  ]);
  const env = portalConfig();
  if (env.databaseUrl === undefined) return;
  if (env.slaTickSeconds > 0) startSlaTicker(db, env.slaTickSeconds);
  if (env.probeSeconds > 0) startProber(db, env.probeSeconds);
  startSunsetTask(db);
  startAccessExpiryTask(db);
}
