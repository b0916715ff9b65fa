// @ts-check
/**
 * The layer rules (docs/architecture.md), checked by dependency-cruiser in `npm run check`: data
 * flows one way, downward, and nothing imports in a circle. Type-only imports count as imports:
 * a layer that needs another's types depends on it all the same.
 *
 *   contract, lib ─▶ core ─▶ config ─▶ db ─▶ workflow ─▶ infra | portal ─▶ tools, bench, test
 *   components ─▶ contract, lib
 */

/** The repository's top-level folders that hold code. */
const FOLDERS = [
  "contract",
  "lib",
  "core",
  "config",
  "db",
  "prisma",
  "workflow",
  "components",
  "infra",
  "portal",
  "tools",
  "bench",
  "test",
];

/** Files of the named top-level folders, as a path pattern. */
const layer = (...names) => `^(${names.join("|")})/`;

/** Files of every folder but the named ones (what those may not import). */
const otherThan = (...allowed) => layer(...FOLDERS.filter((name) => !allowed.includes(name)));

/** @type {import("dependency-cruiser").IConfiguration} */
export default {
  forbidden: [
    {
      name: "no-cycles",
      severity: "error",
      comment:
        "A cycle has no bottom: split the module or move the shared part into a lower layer.",
      from: {},
      to: { circular: true },
    },
    {
      name: "lib-is-self-contained",
      severity: "error",
      comment: "lib/ is pure, domain-agnostic helpers: it knows no Meshplane layer.",
      from: { path: layer("lib") },
      to: { path: otherThan("lib") },
    },
    {
      name: "contract-imports-only-lib",
      severity: "error",
      comment: "contract/ is the spec every layer validates with: it sits at the bottom.",
      from: { path: layer("contract") },
      to: { path: otherThan("contract", "lib") },
    },
    {
      name: "core-imports-only-contract-and-lib",
      severity: "error",
      comment:
        "core/ is pure Meshplane vocabulary (lifecycles, plan results) for every layer above.",
      from: { path: layer("core") },
      to: { path: otherThan("core", "contract", "lib") },
    },
    {
      name: "pure-layers-without-node",
      severity: "error",
      comment: "lib/ and core/ run in the browser too (the portal's pages): no Node built-ins.",
      from: { path: layer("lib", "core") },
      to: { dependencyTypes: ["core"] },
    },
    {
      name: "config-below-db",
      severity: "error",
      comment: "config/ is read by every process, the database module included.",
      from: { path: layer("config") },
      to: { path: otherThan("config", "core", "contract", "lib") },
    },
    {
      name: "db-below-workflow",
      severity: "error",
      comment: "db/ is the database module: it knows no workflow, portal or infra.",
      from: { path: layer("db") },
      to: { path: otherThan("db", "config", "core", "contract", "lib", "prisma") },
    },
    {
      name: "only-db-reaches-the-generated-client",
      severity: "error",
      comment: "The Prisma client is reached through #db (client, types, errors).",
      from: { pathNot: layer("db") },
      to: { path: "^prisma/generated/" },
    },
    {
      name: "workflow-below-portal-and-infra",
      severity: "error",
      comment: "workflow/ is shared by the portal's services and the worker: it imports neither.",
      from: { path: layer("workflow") },
      to: { path: otherThan("workflow", "db", "config", "core", "contract", "lib") },
    },
    {
      name: "components-import-only-contract-and-lib",
      severity: "error",
      comment: "Pulumi components build what the contract says; they know nothing of the platform.",
      from: { path: layer("components") },
      to: { path: otherThan("components", "contract", "lib") },
    },
    {
      name: "infra-never-imports-portal",
      severity: "error",
      comment: "The worker and the Pulumi program share only the layers below with the portal.",
      from: { path: layer("infra") },
      to: { path: layer("portal", "tools", "bench", "test") },
    },
    {
      name: "portal-never-imports-infra",
      severity: "error",
      comment:
        "The portal reaches the worker through workflow/ and db/ (the plan preview program is " +
        "started by its path, not imported); Pulumi code stays out of its bundle.",
      from: { path: layer("portal") },
      to: { path: layer("infra", "components", "tools", "bench", "test") },
    },
    {
      name: "browser-code-imports-no-server-code",
      severity: "error",
      comment:
        "portal/ui and portal/shared run in the browser: no server code, database, workflow or " +
        "configuration (Node-only).",
      from: { path: "^portal/(ui|shared)/" },
      to: { path: "^(portal/(server|app|bootstrap)|db|workflow|config|prisma)/" },
    },
  ],
  options: {
    // The generated Prisma client is a module others depend on, not code to check.
    doNotFollow: { path: "^node_modules/|^prisma/generated/" },
    // test/fixtures/layers holds the wrong imports test/unit/tools/layers.test.ts checks for.
    exclude: { path: "^(node_modules|\\.cache|\\.data|portal/\\.next|test/fixtures)/" },
    includeOnly: { path: "^(?!node_modules/)" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    combinedDependencies: false,
    enhancedResolveOptions: {
      exportsFields: ["exports"],
      conditionNames: ["import", "require", "node", "default", "types"],
      extensions: [".ts", ".tsx", ".mts", ".js", ".mjs", ".cjs", ".json"],
    },
  },
};
