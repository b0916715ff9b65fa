/**
 * Next.js start-up hook: the periodic SLA evaluation and the availability probes run inside the
 * portal's Node server.
 */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ portalConfig }, { db }, { startSlaTicker }, { startProber }] = await Promise.all([
    import("#config"),
    import("./server/db"),
    import("./server/lineage/tick"),
    import("./server/lineage/prober"),
  ]);
  const env = portalConfig();
  if (env.databaseUrl === undefined) return;
  if (env.slaTickSeconds > 0) startSlaTicker(db, env.slaTickSeconds);
  if (env.probeSeconds > 0) startProber(db, env.probeSeconds);
}
