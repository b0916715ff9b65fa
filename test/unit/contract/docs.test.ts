import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { TIER_POLICIES } from "#contract";
import { CONTRACT_DOC, contractDocSections, renderTierTable } from "#tools/contract/docs";
import { renderGeneratedDoc } from "#tools/docs/render";

const file = join(import.meta.dirname, "..", "..", "..", CONTRACT_DOC);

describe("docs/contract.md", () => {
  it("matches the contract (run `npm run docs:contract` after changing tiers, regions or names)", async () => {
    const current = readFileSync(file, "utf8");
    expect(await renderGeneratedDoc(file, current, contractDocSections())).toBe(current);
  });

  it("states each tier's default retention from TIER_POLICIES", () => {
    const row = renderTierTable()
      .split("\n")
      .find((line) => line.startsWith("| Default retention (days)"));
    expect(row).toBe(
      `| Default retention (days) | ${TIER_POLICIES.bronze.defaultRetentionDays} | ${TIER_POLICIES.silver.defaultRetentionDays} | ${TIER_POLICIES.gold.defaultRetentionDays} |`,
    );
  });
});
