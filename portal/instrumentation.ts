/** Next.js start-up hook: the periodic SLA evaluation runs inside the portal's Node server. */
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const [{ portalEnv }, { db }, { startSlaTicker }] = await Promise.all([
    import("./server/config"),
    import("./server/db"),
    import("./server/lineage/tick"),
  ]);
  const seconds = portalEnv().slaTickSeconds;
  if (seconds > 0 && portalEnv().databaseUrl !== undefined) startSlaTicker(db, seconds);
}
