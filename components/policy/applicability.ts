/**
 * Where each control is enforced: a policy per cloud (`<control>-<cloud>`) unless listed here as
 * not applicable, with the reason, or as pending (its policy is being written elsewhere). A test
 * checks that every control is exactly one of the three for every cloud. Kept apart from the
 * policies so tools can read it without loading a provider SDK.
 */
import type { Cloud } from "#contract";
import { CONTROLS, type ControlId } from "./controls";

const LOCAL_NO_FUNCTIONS = "inference is unsupported on the local target: no functions";
const LOCAL_NO_BACKUP = "backup is unsupported on the local target (capability matrix)";
const LOCAL_NO_KEYS =
  "no key management on one machine; data that needs a key belongs on a cloud target";

export const NOT_APPLICABLE: Readonly<Record<Cloud, Partial<Record<ControlId, string>>>> = {
  aws: {
    "MP-IAM-002":
      "S3 has no account keys: every request is signed by an IAM principal, and ACLs are off (BucketOwnerEnforced, MP-NET-001)",
  },
  azure: {
    "MP-PITR-001":
      "platform limit: ADLS Gen2 (hierarchical namespace) accounts support neither blob point-in-time restore nor versioning nor change feed; blob and container soft delete recover deletes for the tier's window, the locked vault keeps daily recovery points, and Iceberg never overwrites a data file",
    "MP-CAT-001":
      "platform limit: no managed Iceberg catalog on Azure; the table is registered in Meshplane's catalog, which records the partition spec, and the writing engine applies it (outputs say catalog.partitioning: engine)",
  },
  gcp: {
    "MP-TLS-001":
      "Cloud Storage serves its JSON and XML APIs over HTTPS only; there is no plain-HTTP endpoint or setting to enforce",
    "MP-TRC-001":
      "Cloud Run sends request traces to Cloud Trace for every service; there is no setting to turn on or off",
  },
  local: {
    "MP-ENC-001":
      "a directory on the host: encryption at rest is the host disk's (capability matrix)",
    "MP-NET-001": "a directory on the host: nothing listens on the network",
    "MP-TLS-001": "a directory on the host: nothing listens on the network",
    "MP-VER-001":
      "no object store: Iceberg's own metadata versions are kept (never rewritten), data files are immutable",
    "MP-LIF-001": "lifecycle is unsupported on the local target (capability matrix)",
    "MP-LIF-002": "lifecycle is unsupported on the local target (capability matrix)",
    "MP-GEO-001": LOCAL_NO_BACKUP,
    "MP-BAK-001": LOCAL_NO_BACKUP,
    "MP-BAK-002": LOCAL_NO_BACKUP,
    "MP-PITR-001": LOCAL_NO_BACKUP,
    "MP-KEY-001": LOCAL_NO_KEYS,
    "MP-KEY-002": LOCAL_NO_KEYS,
    "MP-LBL-001":
      "dynamic resources take no tags; the mesh labels are written as the table's meshplane.* properties",
    "MP-CAT-001":
      "no catalog service on one machine: the local provider writes Iceberg v2 metadata with the spec's partition spec itself",
    "MP-IAM-001": "inference is unsupported on the local target: no functions, no IAM",
    "MP-IAM-002": "a directory on the host: access is the host's file permissions",
    "MP-LOG-001": "a directory on the host: file access is audited by the host, if at all",
    "MP-FN-001": LOCAL_NO_FUNCTIONS,
    "MP-NET-002": LOCAL_NO_FUNCTIONS,
    "MP-DLQ-001": LOCAL_NO_FUNCTIONS,
    "MP-TRC-001": LOCAL_NO_FUNCTIONS,
    "MP-MON-001": LOCAL_NO_FUNCTIONS,
    "MP-LOG-002": LOCAL_NO_FUNCTIONS,
  },
};

/**
 * Controls whose policy for a cloud is being written on another branch (issue #19: the AWS side
 * and the shared framework on `fidelity-aws`). The integrator replaces this with that branch's
 * coverage table; until then the coverage test accepts these and only these as missing.
 */
export const PENDING: Readonly<Record<Cloud, readonly ControlId[]>> = {
  aws: [
    "MP-KEY-002",
    "MP-NET-002",
    "MP-LIF-002",
    "MP-BAK-001",
    "MP-BAK-002",
    "MP-PITR-001",
    "MP-CAT-001",
    "MP-DLQ-001",
    "MP-TRC-001",
    "MP-MON-001",
    "MP-LOG-001",
    "MP-LOG-002",
  ],
  azure: [],
  gcp: [],
  local: [],
};

/** The controls a cloud has a policy for: neither not applicable nor pending. */
export function enforcedOn(cloud: Cloud): ControlId[] {
  return (Object.keys(CONTROLS) as ControlId[]).filter(
    (control) => NOT_APPLICABLE[cloud][control] === undefined && !PENDING[cloud].includes(control),
  );
}
