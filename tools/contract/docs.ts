/**
 * The tables of docs/contract.md, rendered from the contract itself (tier policies, region pairs,
 * derived names, the verdicts on an example change) so the documentation cannot drift from the
 * code.
 */
import {
  REGION_PAIRS,
  TIERS,
  TIER_POLICIES,
  assertDataProductSpec,
  classifyChanges,
  defaultSecondaryRegion,
  illegalChangeIssues,
  knownRegions,
  parseDataProductSpec,
  proposeVersion,
  resourceNames,
  tiersIn,
  withColumnIds,
  type DataProductSpec,
  type TierPolicy,
} from "#contract";
import { loadExampleSpecs } from "#contract/examples";
import { markdownTable } from "../docs/generated-sections";

export const CONTRACT_DOC = "docs/contract.md";

const yesNo = (value: boolean) => (value ? "yes" : "no");

const TIER_ROWS: readonly (readonly [string, (policy: TierPolicy) => string])[] = [
  ["Summary", (p) => p.summary],
  ["Redundancy in the primary region", (p) => p.redundancy],
  ["Geo copy and backup in a second region", (p) => yesNo(p.geoBackup)],
  ["Point-in-time restore (where the cloud offers it)", (p) => yesNo(p.pointInTimeRestore)],
  ["Soft delete / noncurrent versions kept (days)", (p) => String(p.softDeleteDays)],
  ["Default retention (days)", (p) => String(p.defaultRetentionDays)],
  [
    "Default lifecycle: cool / archive / expire after (days)",
    ({ defaultLifecycle: l }) =>
      `${l.coolAfterDays} / ${l.archiveAfterDays} / ${l.expireAfterDays}`,
  ],
  ["Best RPO a spec may ask for (minutes)", (p) => String(p.minRpoMinutes)],
  ["Best RTO a spec may ask for (minutes)", (p) => String(p.minRtoMinutes)],
  ["Highest availability a spec may ask for (%)", (p) => String(p.maxAvailabilityPercent)],
  ["Data stores protected against `pulumi destroy`", (p) => yesNo(p.protectDataStores)],
];

export function renderTierTable(): string {
  return markdownTable(
    ["", ...TIERS],
    TIER_ROWS.map(([label, cell]) => [label, ...TIERS.map((tier) => cell(TIER_POLICIES[tier]))]),
  );
}

/** Every region of each cloud: its default pair (— when it has none) and the tiers it can hold. */
export function renderRegionPairs(): string {
  return (Object.keys(REGION_PAIRS) as (keyof typeof REGION_PAIRS)[])
    .map((cloud) => {
      const paired = Object.keys(REGION_PAIRS[cloud]);
      const regions = [...paired, ...knownRegions(cloud).filter((r) => !paired.includes(r))];
      const rows = regions.map((region) => {
        const secondary = defaultSecondaryRegion(cloud, region);
        return [
          `\`${region}\``,
          secondary === undefined ? "—" : `\`${secondary}\``,
          tiersIn(cloud, region).join(", "),
        ];
      });
      return `**${cloud}**\n\n${markdownTable(["Region", "Default secondary region", "Tiers"], rows)}`;
    })
    .join("\n\n");
}

const EXAMPLE_IDENTITY = { domain: "customer", name: "customer-events", environment: "prod" };

function flattenNames(value: unknown, prefix: string): [string, string][] {
  if (typeof value === "string") return [[prefix, value]];
  if (typeof value !== "object" || value === null) return [];
  return Object.entries(value).flatMap(([key, inner]) =>
    flattenNames(inner, prefix === "" ? key : `${prefix}.${key}`),
  );
}

export function renderNamingExample(): string {
  const rows = flattenNames(resourceNames(EXAMPLE_IDENTITY), "").map(([key, name]) => [
    `\`${key}\``,
    `\`${name}\``,
  ]);
  const identity = `domain \`${EXAMPLE_IDENTITY.domain}\`, name \`${EXAMPLE_IDENTITY.name}\`, environment \`${EXAMPLE_IDENTITY.environment}\`, organization \`mp\``;
  return `Names derived for ${identity}:\n\n${markdownTable(["Name", "Value"], rows)}`;
}

type Mistake = (spec: DataProductSpec) => unknown;

/** Typical mistakes, made on the customer-events example; their real messages go in the doc. */
const MISTAKES: readonly Mistake[] = [
  (spec) => ({ ...spec, name: "Customer_Events" }),
  (spec) => ({
    ...spec,
    lifecycle: { coolAfterDays: 30, archiveAfterDays: 20, expireAfterDays: 2555 },
  }),
  (spec) => ({ ...spec, retentionDays: 3650 }),
  (spec) => ({
    ...spec,
    table: { ...spec.table, partitionSpec: [{ column: "evnt_ts", transform: "day" }] },
  }),
  (spec) => ({
    ...spec,
    table: {
      ...spec.table,
      partitionSpec: [...spec.table.partitionSpec, { column: "event_ts", transform: "hour" }],
    },
  }),
  (spec) => ({ ...spec, classification: "internal" }),
  (spec) => ({ ...spec, tier: "silver" }),
];

function customerEvents(): DataProductSpec {
  const example = loadExampleSpecs().find(({ spec }) => spec.name === "customer-events");
  if (example === undefined) throw new Error("contract/examples/customer-events.yaml is missing");
  return example.spec;
}

export function renderErrorExamples(): string {
  const example = { spec: customerEvents() };
  const lines = MISTAKES.flatMap((mistake) => {
    const result = parseDataProductSpec(mistake(example.spec));
    if (result.success) throw new Error("a documented mistake parsed successfully");
    return result.issues.map((issue) => `${issue.path}: ${issue.message}`);
  });
  return ["```text", ...lines, "```"].join("\n");
}

/**
 * The issue's update of customer-events (a dropped column, string → long, a narrower decimal) with
 * a rename, a new column and a tighter SLA, as the compatibility check reports it.
 */
export function renderEvolutionExample(): string {
  const live = { ...customerEvents(), version: "1.4.0" };
  const columns = withColumnIds(live.table.columns).columns;
  const renamed = columns.map((column) => {
    if (column.name === "basket_value") return { ...column, type: "decimal(10,2)" };
    if (column.name === "country_code") return { ...column, type: "long" };
    if (column.name === "event_type") return { ...column, name: "interaction_type" };
    return column;
  });
  const proposed = assertDataProductSpec({
    ...live,
    version: undefined,
    sla: { ...live.sla, freshnessMinutes: 10 },
    table: {
      ...live.table,
      columns: [
        ...renamed.filter((column) => column.name !== "session_id"),
        { name: "channel", type: "string" },
      ],
    },
  });
  const changes = classifyChanges(live, proposed);
  const lines = changes.map((c) => `${c.severity} (${c.bump}) ${c.path}: ${c.reason}`);
  const next = proposeVersion(live.version, changes);
  const illegal = illegalChangeIssues(changes).length;
  return [
    "```text",
    ...lines,
    "```",
    "",
    `The ${illegal} illegal changes refuse the request; without them, the next version after ${live.version} is at least ${next}.`,
  ].join("\n");
}

export function contractDocSections(): Record<string, string> {
  return {
    errors: renderErrorExamples(),
    evolution: renderEvolutionExample(),
    tiers: renderTierTable(),
    "region-pairs": renderRegionPairs(),
    naming: renderNamingExample(),
  };
}
