/**
 * The generated sections of docs/components.md: the capability matrix (contract/capabilities.ts),
 * the encryption policy by classification (contract/encryption.ts) and the control table with the
 * setting and status of each control on each cloud (components/policy/controls.ts), so the
 * document cannot drift from the code. Loads no provider SDK.
 */
import {
  CAPABILITIES,
  CAPABILITY_MATRIX,
  CLOUDS,
  ENCRYPTION_TABLE,
  TIERS,
  type CapabilityCell,
} from "#contract";
import {
  CONTROLS,
  CONTROL_IDS,
  coverageOf,
  policyName,
  type Coverage,
} from "../../components/policy/controls";
import { markdownTable } from "../docs/generated-sections";

export const COMPONENTS_DOC = "docs/components.md";

function cell({ supported, detail }: CapabilityCell): string {
  return `${supported ? "✅" : "—"} ${detail}`;
}

/** One table per capability: a row per cloud, a column per tier. */
export function renderCapabilityMatrix(): string {
  return CAPABILITIES.map((capability) => {
    const rows = CLOUDS.map((cloud) => [
      `**${cloud}**`,
      ...TIERS.map((tier) => cell(CAPABILITY_MATRIX[cloud][capability][tier])),
    ]);
    return `#### ${capability}\n\n${markdownTable(["", ...TIERS], rows)}`;
  }).join("\n\n");
}

function coverageCell(coverage: Coverage, policy: string): string {
  switch (coverage.status) {
    case "met":
      return `${coverage.setting} → \`${policy}\``;
    case "n/a":
      return `n/a: ${coverage.reason}`;
    case "limit":
      return `platform limit: ${coverage.reason}`;
  }
}

/** A row per control: on each cloud the setting and the policy that checks it, or why none. */
export function renderControlTable(): string {
  const rows = CONTROL_IDS.map((control) => [
    `\`${control}\` ${CONTROLS[control]}`,
    ...CLOUDS.map((cloud) =>
      coverageCell(coverageOf(control, cloud), cloud === "local" ? "" : policyName(control, cloud)),
    ),
  ]);
  return markdownTable(["Control", ...CLOUDS], rows);
}

/** A row per classification group: what each cloud encrypts its data with. */
export function renderEncryptionTable(): string {
  const clouds = ["aws", "azure", "gcp"] as const;
  const rows = ENCRYPTION_TABLE.map((row) => [row.covers, ...clouds.map((c) => row.at[c])]);
  return markdownTable(["Data", ...clouds], rows);
}

export function componentsDocSections(): Record<string, string> {
  return {
    capabilities: renderCapabilityMatrix(),
    encryption: renderEncryptionTable(),
    controls: renderControlTable(),
  };
}
