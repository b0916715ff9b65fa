/**
 * The compatibility check: every change from the live spec to a proposed one, field by field, each
 * judged compatible, breaking or illegal (see changes.ts). Guarantees are compared as they take
 * effect (a retention left to the tier's default is that default), so a tier downgrade that
 * shortens the default retention is reported as the retention it is. The table's rules are in
 * compatibility-table.ts. `version` is not compared here: versions.ts checks it against the
 * changes.
 */
import {
  breaking,
  change,
  higherIsStronger,
  illegal,
  lowerIsStronger,
  minor,
  patch,
  valueChange,
  type SpecChange,
} from "./changes";
import { tableChanges, type TableChangeOptions } from "./compatibility-table";
import { InferenceSpec } from "./inference";
import { resolveDataProduct } from "./resolve";
import { CLASSIFICATIONS, effectiveRetention, type DataProductSpec } from "./spec";
import { TIERS, TIER_POLICIES, type Tier, type TierPolicy } from "./tiers";

export type CompatibilityOptions = TableChangeOptions;

export function classifyChanges(
  live: DataProductSpec,
  proposed: DataProductSpec,
  options: CompatibilityOptions = {},
): SpecChange[] {
  return [
    ...identityChanges(live, proposed),
    ...targetChanges(live, proposed),
    ...descriptionChanges(live, proposed),
    ...ownerChanges(live, proposed),
    ...tierChange(live.tier, proposed.tier),
    ...classificationChange(live, proposed),
    ...retentionChanges(live, proposed),
    ...slaChanges(live.sla, proposed.sla),
    ...inferenceChanges(live.inference, proposed.inference),
    ...listChanges("inputs", live.inputs, proposed.inputs, (ref, added) =>
      minor(`${added ? "declares" : "no longer declares"} ${ref} as an upstream product`),
    ),
    ...tagChanges(live.tags, proposed.tags),
    ...tableChanges(live.table, proposed.table, options),
  ];
}

type Spec = DataProductSpec;

function identityChanges(live: Spec, proposed: Spec): SpecChange[] {
  const identity = (field: "domain" | "name") =>
    valueChange(field, live[field], proposed[field], () =>
      illegal(
        `the ${field} is part of the product's identity (its address, Pulumi stack and cloud resource names): publish a new product as ${proposed.domain}/${proposed.name} and decommission ${live.domain}/${live.name} once its consumers have moved`,
      ),
    );
  return [...identity("domain"), ...identity("name")];
}

function targetChanges(live: Spec, proposed: Spec): SpecChange[] {
  const moveInstead = `create a new product on the new target, copy the data, and decommission this one once its consumers have moved`;
  const liveSecondary = resolveDataProduct(live).secondaryRegion;
  const proposedSecondary = resolveDataProduct(proposed).secondaryRegion;
  return [
    ...valueChange("target.cloud", live.target.cloud, proposed.target.cloud, () =>
      illegal(
        `a product cannot move between clouds in place: its storage, catalog and keys are resources of ${live.target.cloud}; ${moveInstead}`,
      ),
    ),
    ...valueChange("target.region", live.target.region, proposed.target.region, () =>
      illegal(
        `a bucket's or storage account's region is fixed when it is created, so moving would start from an empty table; ${moveInstead}`,
      ),
    ),
    // Appearing or disappearing with a tier change is part of that change.
    ...(liveSecondary !== undefined && proposedSecondary !== undefined
      ? valueChange("target.secondaryRegion", liveSecondary, proposedSecondary, () =>
          illegal(
            `the geo copy and its backups live in ${liveSecondary} and cannot move in place; keep secondaryRegion ${liveSecondary}`,
          ),
        )
      : []),
  ];
}

function descriptionChanges(live: Spec, proposed: Spec): SpecChange[] {
  const text = (field: "displayName" | "description") =>
    valueChange(field, live[field], proposed[field], () => patch("documentation only"));
  return [...text("displayName"), ...text("description")];
}

function ownerChanges(live: Spec, proposed: Spec): SpecChange[] {
  const owners = () => patch("who owns and answers for the product; the data is unchanged");
  return [
    ...valueChange("owners.team", live.owners.team, proposed.owners.team, owners),
    ...listChanges("owners.emails", live.owners.emails, proposed.owners.emails, owners),
  ];
}

/** Added and removed entries of a list of strings (order does not matter). */
function listChanges(
  path: string,
  live: readonly string[],
  proposed: readonly string[],
  judge: (entry: string, added: boolean) => ReturnType<typeof patch>,
): SpecChange[] {
  const removed = live.filter((entry) => !proposed.includes(entry));
  const added = proposed.filter((entry) => !live.includes(entry));
  return [
    ...removed.map((entry) =>
      change(`${path}[${live.indexOf(entry)}]`, "removed", entry, undefined, judge(entry, false)),
    ),
    ...added.map((entry) =>
      change(`${path}[${proposed.indexOf(entry)}]`, "added", undefined, entry, judge(entry, true)),
    ),
  ];
}

function tagChanges(live: Record<string, string>, proposed: Record<string, string>): SpecChange[] {
  const keys = [...new Set([...Object.keys(live), ...Object.keys(proposed)])];
  return keys.flatMap((key) => {
    const before = live[key];
    const after = proposed[key];
    if (before === after) return [];
    const kind = before === undefined ? "added" : after === undefined ? "removed" : "changed";
    return [change(`tags.${key}`, kind, before, after, patch("a label only"))];
  });
}

const yesNo = (value: boolean) => (value ? "yes" : "no");

/** What differs between two tiers' promises, for a reviewer. */
const TIER_FACTS: readonly [string, (policy: TierPolicy) => string][] = [
  ["storage redundancy", (p) => p.redundancy],
  ["copy and backups in a second region", (p) => yesNo(p.geoBackup)],
  ["point-in-time restore", (p) => yesNo(p.pointInTimeRestore)],
  ["deleted data recoverable for", (p) => `${p.softDeleteDays} days`],
  ["best RPO", (p) => `${p.minRpoMinutes} min`],
  ["best RTO", (p) => `${p.minRtoMinutes} min`],
  ["highest availability", (p) => `${p.maxAvailabilityPercent}%`],
  ["data stores protected against destroy", (p) => yesNo(p.protectDataStores)],
];

function tierDifferences(from: Tier, to: Tier): string {
  return TIER_FACTS.flatMap(([label, fact]) => {
    const before = fact(TIER_POLICIES[from]);
    const after = fact(TIER_POLICIES[to]);
    return before === after ? [] : [`${label}: ${before} → ${after}`];
  }).join("; ");
}

function tierChange(live: Tier, proposed: Tier): SpecChange[] {
  return valueChange("tier", live, proposed, () =>
    TIERS.indexOf(proposed) > TIERS.indexOf(live)
      ? minor(`more protection (${tierDifferences(live, proposed)})`)
      : breaking(
          `less protection than consumers were promised (${tierDifferences(live, proposed)})`,
        ),
  );
}

function classificationChange(live: Spec, proposed: Spec): SpecChange[] {
  return valueChange("classification", live.classification, proposed.classification, (a, b) =>
    CLASSIFICATIONS.indexOf(b) > CLASSIFICATIONS.indexOf(a)
      ? minor(`stricter handling: the data is treated as ${b}`)
      : breaking(
          `the data was promised ${a} handling and would get ${b}: less protection than its consumers and auditors rely on`,
        ),
  );
}

function retentionChanges(live: Spec, proposed: Spec): SpecChange[] {
  const before = effectiveRetention(live);
  const after = effectiveRetention(proposed);
  const days = (n: number) => `${n} days`;
  return [
    ...higherIsStronger("retentionDays", before.retentionDays, after.retentionDays, {
      label: "data kept for",
      format: days,
    }),
    // Without an explicit lifecycle on either side it follows tier and retention, reported above.
    ...(live.lifecycle === undefined && proposed.lifecycle === undefined
      ? []
      : [
          ...higherIsStronger(
            "lifecycle.expireAfterDays",
            before.lifecycle.expireAfterDays,
            after.lifecycle.expireAfterDays,
            { label: "data deleted after", format: days },
          ),
          ...tieringChange(
            "lifecycle.coolAfterDays",
            before.lifecycle.coolAfterDays,
            after.lifecycle.coolAfterDays,
          ),
          ...tieringChange(
            "lifecycle.archiveAfterDays",
            before.lifecycle.archiveAfterDays,
            after.lifecycle.archiveAfterDays,
          ),
        ]),
  ];
}

function tieringChange(path: string, before: number, after: number): SpecChange[] {
  return valueChange(path, before, after, () =>
    minor(
      "storage tiering only: the data stays readable in place; reads of older data may be slower or cost more",
    ),
  );
}

const minutes = (n: number) => `${n} min`;

function slaChanges(live: Spec["sla"], proposed: Spec["sla"]): SpecChange[] {
  return [
    ...lowerIsStronger("sla.freshnessMinutes", live.freshnessMinutes, proposed.freshnessMinutes, {
      label: "data at most",
      format: (n) => `${n} min old`,
    }),
    ...higherIsStronger(
      "sla.availabilityPercent",
      live.availabilityPercent,
      proposed.availabilityPercent,
      { label: "available", format: (n) => `${n}% of the time` },
    ),
    ...lowerIsStronger("sla.rpoMinutes", live.rpoMinutes, proposed.rpoMinutes, {
      label: "data lost in a disaster: at most",
      format: minutes,
    }),
    ...lowerIsStronger("sla.rtoMinutes", live.rtoMinutes, proposed.rtoMinutes, {
      label: "service restored within",
      format: minutes,
    }),
  ];
}

/** Every setting of the function but its triggers, which have their own rule. */
const INFERENCE_SETTINGS = (Object.keys(InferenceSpec.shape) as (keyof InferenceSpec)[]).filter(
  (key): key is Exclude<keyof InferenceSpec, "triggers"> => key !== "triggers",
);

function inferenceChanges(
  live: InferenceSpec | undefined,
  proposed: InferenceSpec | undefined,
): SpecChange[] {
  if (live === undefined && proposed === undefined) return [];
  if (live === undefined) {
    return [change("inference", "added", undefined, proposed, minor("adds an inference function"))];
  }
  if (proposed === undefined) {
    return [
      change(
        "inference",
        "removed",
        live,
        undefined,
        breaking(
          `the inference function is removed: ${live.triggers.includes("http") ? "callers of its HTTP endpoint fail and " : ""}what it computes as data lands stops`,
        ),
      ),
    ];
  }
  return [
    ...INFERENCE_SETTINGS.flatMap((setting) => {
      const before = live[setting];
      const after = proposed[setting];
      if (before === after) return [];
      return [
        change(
          `inference.${setting}`,
          "changed",
          before,
          after,
          minor("a new deployment of the function; its endpoint and triggers stay"),
        ),
      ];
    }),
    ...listChanges("inference.triggers", live.triggers, proposed.triggers, (trigger, added) =>
      added
        ? minor(`the function also runs on ${trigger}`)
        : breaking(
            trigger === "http"
              ? "the HTTP endpoint goes away: its callers fail"
              : "the function no longer runs as data lands: what it computes stops",
          ),
    ),
  ];
}
