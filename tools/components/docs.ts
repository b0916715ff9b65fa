/**
 * The generated sections of docs/components.md: the capability matrix (contract/capabilities.ts)
 * and where each mesh control is enforced (components/policy/applicability.ts), so the document
 * cannot drift from the code. Loads no provider SDK.
 */
import { CAPABILITIES, CAPABILITY_MATRIX, CLOUDS, TIERS, type CapabilityCell } from "#contract";
import { NOT_APPLICABLE, PENDING } from "../../components/policy/applicability";
import { CONTROLS, type ControlId } from "../../components/policy/controls";
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

/** A row per control: the policy enforcing it on each cloud, or why none applies (yet). */
export function renderControlTable(): string {
  const rows = (Object.keys(CONTROLS) as ControlId[]).map((control) => [
    `\`${control}\` ${CONTROLS[control]}`,
    ...CLOUDS.map((cloud) => {
      const reason = NOT_APPLICABLE[cloud][control];
      if (reason !== undefined) return `n/a: ${reason}`;
      if (PENDING[cloud].includes(control)) return "pending";
      return `\`${control.toLowerCase()}-${cloud}\``;
    }),
  ]);
  return markdownTable(["Control", ...CLOUDS], rows);
}

export function componentsDocSections(): Record<string, string> {
  return { capabilities: renderCapabilityMatrix(), controls: renderControlTable() };
}
