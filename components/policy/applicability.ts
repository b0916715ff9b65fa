/**
 * Where each control is enforced: a policy per cloud (`<control>-<cloud>`) unless listed here as
 * not applicable, with the reason. A test checks that every control is one or the other for every
 * cloud. Kept apart from the policies so tools can read it without loading a provider SDK.
 */
import type { Cloud } from "#contract";
import type { ControlId } from "./controls";

export const NOT_APPLICABLE: Readonly<Record<Cloud, Partial<Record<ControlId, string>>>> = {
  aws: {},
  azure: {
    "MP-IAM-001":
      "Azure grants functions data access through RBAC role assignments of built-in roles (Storage Blob Data Reader on the product's container); there is no policy document with actions or resources to wildcard",
  },
  gcp: {
    "MP-TLS-001":
      "Cloud Storage serves its JSON and XML APIs over HTTPS only; there is no plain-HTTP endpoint or setting to enforce",
  },
  local: {
    "MP-ENC-001":
      "a directory on the host: encryption at rest is the host disk's (capability matrix)",
    "MP-NET-001": "a directory on the host: nothing listens on the network",
    "MP-TLS-001": "a directory on the host: nothing listens on the network",
    "MP-VER-001":
      "no object store: Iceberg's own metadata versions are kept (never rewritten), data files are immutable",
    "MP-LIF-001": "lifecycle is unsupported on the local target (capability matrix)",
    "MP-GEO-001": "backup is unsupported on the local target (capability matrix)",
    "MP-KEY-001": "no key management on one machine; restricted data belongs on a cloud target",
    "MP-LBL-001":
      "dynamic resources take no tags; the mesh labels are written as the table's meshplane.* properties",
    "MP-IAM-001": "inference is unsupported on the local target: no functions, no IAM",
    "MP-FN-001": "inference is unsupported on the local target: no functions",
  },
};
