/**
 * Versions of a data product: semantic versions (major.minor.patch), and the rule that ties a
 * version to what changed. A breaking change needs a new major version, a compatible addition or
 * widening a new minor one, a documentation change a patch. Pre-release and build suffixes are
 * not used: every version is a deployed release of the contract its consumers rely on.
 */
import { z } from "zod";
import type { SpecIssue } from "./errors";

/** From the smallest to the largest step; the order is what `requiredBump` takes the maximum of. */
export const BUMPS = ["patch", "minor", "major"] as const;
export type Bump = (typeof BUMPS)[number];

/** Up to nine digits a part keeps every number exact in JavaScript. */
const SEMVER = /^(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})\.(0|[1-9]\d{0,8})$/;

export const SemanticVersion = z
  .string()
  .regex(SEMVER, "a version is major.minor.patch, e.g. 1.4.0 (numbers without leading zeros)")
  .describe(
    "Version of the contract, major.minor.patch. Optional: without it the platform proposes the next one.",
  );

/** The version of a product's first deployment. */
export const FIRST_VERSION = "1.0.0";

export interface Version {
  major: number;
  minor: number;
  patch: number;
}

export function parseVersion(text: string): Version | undefined {
  const match = SEMVER.exec(text);
  if (match === null) return undefined;
  return { major: Number(match[1]), minor: Number(match[2]), patch: Number(match[3]) };
}

function mustParse(text: string): Version {
  const version = parseVersion(text);
  if (version === undefined) throw new Error(`"${text}" is not a major.minor.patch version`);
  return version;
}

export function formatVersion(version: Version): string {
  return `${version.major}.${version.minor}.${version.patch}`;
}

/** Negative when a < b, zero when equal, positive when a > b. */
export function compareVersions(a: string, b: string): number {
  const x = mustParse(a);
  const y = mustParse(b);
  return x.major - y.major || x.minor - y.minor || x.patch - y.patch;
}

export function bumpVersion(version: string, bump: Bump): string {
  const { major, minor, patch } = mustParse(version);
  switch (bump) {
    case "major":
      return formatVersion({ major: major + 1, minor: 0, patch: 0 });
    case "minor":
      return formatVersion({ major, minor: minor + 1, patch: 0 });
    case "patch":
      return formatVersion({ major, minor, patch: patch + 1 });
  }
}

/** What a change means for the version; the compatibility classifier fills these in. */
export interface VersionedChange {
  path: string;
  bump: Bump;
}

/** The largest bump among the changes; undefined when nothing changed. */
export function requiredBump(changes: readonly VersionedChange[]): Bump | undefined {
  let required: Bump | undefined;
  for (const { bump } of changes) {
    if (required === undefined || BUMPS.indexOf(bump) > BUMPS.indexOf(required)) required = bump;
  }
  return required;
}

/** The version the platform proposes when a request names none. */
export function proposeVersion(
  live: string | undefined,
  changes: readonly VersionedChange[],
): string {
  if (live === undefined) return FIRST_VERSION;
  return bumpVersion(live, requiredBump(changes) ?? "patch");
}

const BUMP_CAUSE: Record<Bump, string> = {
  major: "a breaking change",
  minor: "a compatible change to the data or its guarantees",
  patch: "a documentation change",
};

/**
 * Why `proposed` cannot follow the live version, reported at `version`; undefined when it can. It
 * must be greater than the live version and at least the live version with the required bump.
 */
export function versionIssue(
  live: string,
  proposed: string,
  changes: readonly VersionedChange[],
): SpecIssue | undefined {
  if (compareVersions(proposed, live) <= 0) {
    return {
      path: "version",
      message: `version ${proposed} must be greater than the live version ${live}`,
    };
  }
  const bump = requiredBump(changes);
  if (bump === undefined) return undefined;
  const minimum = bumpVersion(live, bump);
  if (compareVersions(proposed, minimum) >= 0) return undefined;
  const cause = changes.find((change) => change.bump === bump)?.path ?? "";
  return {
    path: "version",
    message: `${BUMP_CAUSE[bump]} (${cause}) needs a ${bump} version: at least ${minimum} after ${live}, not ${proposed}`,
  };
}
