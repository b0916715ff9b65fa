/**
 * The IAM roles Meshplane grants on GCP, each the narrowest predefined role that does the job,
 * and the checks on member strings. Pure; the components create one IAM member resource per
 * grant (`*IAMMember` resources never remove grants made by others, unlike `*IAMPolicy`).
 */

export const ROLES = {
  /** GCS service agent → the bucket's CMEK key (encrypt on write, decrypt on read). */
  kmsEncrypterDecrypter: "roles/cloudkms.cryptoKeyEncrypterDecrypter",
  /** Read objects (inference service account; STS on the source bucket). */
  objectViewer: "roles/storage.objectViewer",
  /** Read, create, overwrite and delete objects (BigLake connection: BigQuery manages files). */
  objectUser: "roles/storage.objectUser",
  /** storage.buckets.get + objects.list (BigLake connection; STS on the source bucket). */
  legacyBucketReader: "roles/storage.legacyBucketReader",
  /** buckets.get + objects.list/create/delete (STS on the backup bucket). */
  legacyBucketWriter: "roles/storage.legacyBucketWriter",
  /** Create objects only (Cloud Storage's usage-log writer on the log bucket). */
  objectCreator: "roles/storage.objectCreator",
  runInvoker: "roles/run.invoker",
  /** Publish to one topic (GCS notifications; Pub/Sub forwarding dead letters). */
  pubsubPublisher: "roles/pubsub.publisher",
  /** Pull from one subscription (Pub/Sub acknowledging what it dead-lettered). */
  pubsubSubscriber: "roles/pubsub.subscriber",
  /** Mint OIDC tokens as one service account (Pub/Sub authenticating its pushes). */
  tokenCreator: "roles/iam.serviceAccountTokenCreator",
} as const;

/** Principals that mean "anyone": never granted by Meshplane (MP-IAM-001). */
const PUBLIC_MEMBERS = ["allUsers", "allAuthenticatedUsers"] as const;

/** Basic roles that grant (nearly) everything in a project (MP-IAM-001). */
const BASIC_ROLES = ["roles/owner", "roles/editor"] as const;

const MEMBER = /^(user|serviceAccount|group|domain|principal|principalSet):\S+$/;

export function isPublicMember(member: string): boolean {
  return (PUBLIC_MEMBERS as readonly string[]).includes(member);
}

export function isBasicRole(role: string): boolean {
  return (BASIC_ROLES as readonly string[]).includes(role);
}

/** Validates invoker members; `arg` names the argument in the error. */
export function checkMembers(members: readonly string[], arg: string): void {
  for (const member of members) {
    if (isPublicMember(member)) {
      throw new Error(
        `${arg}: ${member} would make the endpoint public; name the users, groups or service accounts that may call it`,
      );
    }
    if (!MEMBER.test(member)) {
      throw new Error(
        `${arg}: "${member}" is not an IAM member; write user:, group:, serviceAccount:, domain:, principal: or principalSet: followed by the identity`,
      );
    }
  }
  if (new Set(members).size !== members.length) throw new Error(`${arg}: a member is listed twice`);
}

export function serviceAccountMember(email: string): string {
  return `serviceAccount:${email}`;
}
