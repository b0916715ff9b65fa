/** Semantic versions and the bump each kind of change needs. */
import { describe, expect, it } from "vitest";
import {
  bumpVersion,
  compareVersions,
  parseDataProductSpec,
  proposeVersion,
  requiredBump,
  versionIssue,
  type VersionedChange,
} from "#contract";
import { variant } from "../../support/specs";

const docs: VersionedChange = { path: "description", bump: "patch" };
const column: VersionedChange = { path: "table.columns[8]", bump: "minor" };
const drop: VersionedChange = { path: "table.columns[4]", bump: "major" };

describe("versions", () => {
  it("compare numerically, part by part", () => {
    expect(compareVersions("1.10.0", "1.9.9")).toBeGreaterThan(0);
    expect(compareVersions("2.0.0", "10.0.0")).toBeLessThan(0);
    expect(compareVersions("1.2.3", "1.2.3")).toBe(0);
  });

  it("bump the right part and reset the ones below it", () => {
    expect(bumpVersion("1.4.2", "major")).toBe("2.0.0");
    expect(bumpVersion("1.4.2", "minor")).toBe("1.5.0");
    expect(bumpVersion("1.4.2", "patch")).toBe("1.4.3");
  });

  it("need the largest bump among the changes", () => {
    expect(requiredBump([])).toBeUndefined();
    expect(requiredBump([docs])).toBe("patch");
    expect(requiredBump([docs, column])).toBe("minor");
    expect(requiredBump([column, drop, docs])).toBe("major");
  });

  it("are proposed from the live version and the changes", () => {
    expect(proposeVersion(undefined, [])).toBe("1.0.0");
    expect(proposeVersion("1.4.2", [docs, column])).toBe("1.5.0");
    expect(proposeVersion("1.4.2", [drop])).toBe("2.0.0");
    expect(proposeVersion("1.4.2", [])).toBe("1.4.3");
  });

  it("must be greater than the live one and satisfy the bump, reported at version", () => {
    expect(versionIssue("1.4.2", "1.4.2", [docs])).toEqual({
      path: "version",
      message: "version 1.4.2 must be greater than the live version 1.4.2",
    });
    expect(versionIssue("1.4.2", "1.4.3", [docs, column])).toEqual({
      path: "version",
      message:
        "a compatible change to the data or its guarantees (table.columns[8]) needs a minor version: at least 1.5.0 after 1.4.2, not 1.4.3",
    });
    expect(versionIssue("1.4.2", "1.9.0", [drop])?.message).toBe(
      "a breaking change (table.columns[4]) needs a major version: at least 2.0.0 after 1.4.2, not 1.9.0",
    );
    expect(versionIssue("1.4.2", "2.0.0", [drop])).toBeUndefined();
    expect(versionIssue("1.4.2", "3.1.0", [docs])).toBeUndefined();
  });

  it("are accepted in a spec as major.minor.patch only", () => {
    const withVersion = (version: unknown) =>
      parseDataProductSpec(variant("customer-events.yaml", (s) => (s.version = version)));
    expect(withVersion("2.1.0").success).toBe(true);
    for (const bad of ["2.1", "v2.1.0", "02.1.0", "2.1.0-rc.1", 2]) {
      const result = withVersion(bad);
      expect(result.success, String(bad)).toBe(false);
      if (!result.success) expect(result.issues[0]?.path).toBe("version");
    }
  });
});
