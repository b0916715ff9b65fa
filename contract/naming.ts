/**
 * Deterministic cloud resource names from (organization, domain, name, environment).
 *
 * Two guarantees, both property-tested: every name satisfies its cloud's rules, and distinct
 * identities never produce the same name. Globally unique names (buckets, storage accounts, key
 * vaults, function apps) always end in a short hash of the whole identity, because they compete
 * with every other Meshplane installation; other names are joined losslessly (parts separated by
 * a separator that slugs cannot contain) and only get the hash when they must be truncated.
 */
import { sha256 } from "@noble/hashes/sha2.js";
import { z } from "zod";
import { DomainSlug, Environment, ProductName } from "./spec";

/** Prefixes the clouds reserve for themselves at the start of bucket names. */
const RESERVED_PREFIXES = ["xn", "sthree", "goog", "amzn", "aws"];

export const Organization = z
  .string()
  .regex(/^[a-z][a-z0-9]{1,7}$/, "the organization prefix is 2-8 lowercase letters or digits")
  .refine((org) => !RESERVED_PREFIXES.some((prefix) => org.startsWith(prefix)), {
    message: `the organization prefix cannot start with ${RESERVED_PREFIXES.join(", ")} (reserved by the clouds)`,
  })
  .describe("Short prefix that makes global names unique to this Meshplane installation.");

export const DEFAULT_ORGANIZATION = "mp";

export const ProductIdentity = z.strictObject({
  organization: Organization.default(DEFAULT_ORGANIZATION),
  domain: DomainSlug,
  name: ProductName,
  environment: Environment,
});
export type ProductIdentity = z.output<typeof ProductIdentity>;

const BASE32 = "abcdefghijklmnopqrstuvwxyz234567";
export const HASH_LENGTH = 8;

/** 40 bits of SHA-256 over the identity, in lowercase base32 (valid in every charset here). */
export function identityHash(id: ProductIdentity, length = HASH_LENGTH): string {
  const digest = sha256(
    new TextEncoder().encode(`${id.organization}/${id.domain}/${id.name}/${id.environment}`),
  );
  let bits = 0;
  let value = 0;
  let out = "";
  for (const byte of digest) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += BASE32.charAt((value >>> (bits - 5)) & 31);
      bits -= 5;
    }
    value &= 0xff;
    if (out.length === length) break;
  }
  return out;
}

interface NameRule {
  maxLength: number;
  /** Joins identity parts; must not be producible inside a part after `word` is applied. */
  separator: string;
  /** Maps a slug to the charset (e.g. hyphens to underscores); must be injective on slugs. */
  word: (slug: string) => string;
  /** Always append the hash (globally unique names). */
  alwaysHash: boolean;
}

function derive(parts: readonly string[], hash: string, rule: NameRule): string {
  const words = parts.map(rule.word);
  const full = words.join(rule.separator);
  if (!rule.alwaysHash && full.length <= rule.maxLength) return full;
  const room = rule.maxLength - hash.length - rule.separator.length;
  const head = trimTrailing(full.slice(0, room), rule.separator);
  return `${head}${rule.separator}${hash}`;
}

/** Cutting may leave a partial separator or a hyphen at the end of the readable head. */
function trimTrailing(text: string, separator: string): string {
  const sepChars = new Set(separator.split(""));
  let end = text.length;
  while (end > 0 && (sepChars.has(text[end - 1] ?? "") || text[end - 1] === "-")) end--;
  return text.slice(0, end);
}

const identityWord = (slug: string): string => slug;
const underscoreWord = (slug: string): string => slug.replaceAll("-", "_");
const compactWord = (slug: string): string => slug.replaceAll("-", "");

/** GCS refuses names containing "google" (and look-alikes); the hash keeps them unique. */
function withoutGoogle(name: string): string {
  return name.replace(/g[o0]{2}g[l1]e/g, "ggl");
}

function parts(id: ProductIdentity, ...suffix: string[]): string[] {
  return [id.organization, id.domain, id.name, id.environment, ...suffix];
}

function domainParts(id: ProductIdentity): string[] {
  return [id.organization, id.domain, id.environment];
}

const CODE_SUFFIX = "-code";

/** Every physical name a product uses, per cloud. */
export function resourceNames(input: z.input<typeof ProductIdentity>) {
  const id = ProductIdentity.parse(input);
  const hash = identityHash(id);
  const global = (max: number, ...suffix: string[]) =>
    derive(parts(id, ...suffix), hash, {
      maxLength: max,
      separator: "-",
      word: identityWord,
      alwaysHash: true,
    });
  const hyphenated = (max: number, p: string[]) =>
    derive(p, hash, { maxLength: max, separator: "--", word: identityWord, alwaysHash: false });
  const underscored = (max: number, p: string[]) =>
    derive(p, hash, { maxLength: max, separator: "__", word: underscoreWord, alwaysHash: false });
  const compact = (max: number, prefix: string) =>
    prefix +
    derive(parts(id), hash, {
      maxLength: max - prefix.length,
      separator: "",
      word: compactWord,
      alwaysHash: true,
    });
  const singleHyphen = (max: number, prefix: string) =>
    derive([prefix, ...parts(id).map(compactWord)], hash, {
      maxLength: max,
      separator: "-",
      word: identityWord,
      alwaysHash: true,
    });

  return {
    /** Dots cannot occur in slugs, so the stack name is unambiguous; Pulumi allows them. */
    stack: `${id.domain}.${id.name}.${id.environment}`,
    hash,
    aws: {
      warehouseBucket: global(63),
      replicaBucket: global(63, "replica"),
      kmsAlias: `alias/${hyphenated(200, parts(id))}`,
      replicaKmsAlias: `alias/${hyphenated(200, parts(id, "replica"))}`,
      glueDatabase: underscored(255, domainParts(id)),
      glueTable: underscored(255, [id.name]),
      lambdaFunction: hyphenated(64, parts(id, "inference")),
      inferenceRole: hyphenated(64, parts(id, "inference")),
      replicationRole: hyphenated(64, parts(id, "replication")),
      backupRole: hyphenated(64, parts(id, "backup")),
      backupVault: hyphenated(50, parts(id)),
      replicaBackupVault: hyphenated(50, parts(id, "replica")),
      backupPlan: hyphenated(50, parts(id)),
      /** S3 server access logs of the warehouse (a log bucket is in its source's region). */
      accessLogBucket: global(63, "logs"),
      /** S3 server access logs of the gold replica, in the secondary region. */
      replicaAccessLogBucket: global(63, "replica-logs"),
      /** The inference function's key for its logs, alarm topic and failed-event queue. */
      telemetryKmsAlias: `alias/${hyphenated(200, parts(id, "telemetry"))}`,
      /** Events the inference function failed to process (its on-failure destination). */
      inferenceFailureQueue: hyphenated(80, parts(id, "inference-failures")),
    },
    azure: {
      resourceGroup: hyphenated(90, ["rg", ...parts(id)]),
      storageAccount: compact(24, "st"),
      container: singleHyphen(63, "wh"),
      keyVault: singleHyphen(24, "kv"),
      functionApp: singleHyphen(60, "fn"),
      /**
       * ARM deployment that applies the function code (one deploy); ARM allows 64 characters.
       * `<functionApp>-code` whenever that fits, so names deployed before this stayed the same.
       */
      functionCodeDeployment: `${singleHyphen(64 - CODE_SUFFIX.length, "fn")}${CODE_SUFFIX}`,
      functionPlan: hyphenated(60, ["plan", ...parts(id)]),
      appInsights: hyphenated(255, ["appi", ...parts(id)]),
      backupVault: singleHyphen(50, "bv"),
      /** Functions host and deployment-package storage (flat namespace), separate from the data lake. */
      functionStorage: compact(24, "fn"),
      logAnalytics: hyphenated(63, ["log", ...parts(id)]),
      /** User-assigned identity the storage accounts use to reach the customer-managed key. */
      storageIdentity: hyphenated(128, ["id", ...parts(id, "storage")]),
      eventGridTopic: hyphenated(128, ["evgt", ...parts(id)]),
      /** The inference function's virtual network (its subnet reaches the storage accounts). */
      virtualNetwork: hyphenated(64, ["vnet", ...parts(id)]),
    },
    gcp: {
      warehouseBucket: withoutGoogle(global(63)),
      backupBucket: withoutGoogle(global(63, "backup")),
      bigqueryDataset: underscored(1024, domainParts(id)),
      bigqueryTable: underscored(1024, [id.name]),
      bigLakeConnection: underscored(64, parts(id)),
      kmsKeyRing: hyphenated(63, parts(id)),
      kmsKey: hyphenated(63, parts(id, "data")),
      cloudRunService: singleHyphen(49, "inf"),
      serviceAccountId: singleHyphen(30, "sa"),
      /** Identity Pub/Sub pushes object-created events to the inference service as. */
      triggerServiceAccountId: singleHyphen(30, "evt"),
      /** Pub/Sub topic of the warehouse's object-created notifications, and its push subscription. */
      eventsTopic: singleHyphen(255, "evt"),
      eventsSubscription: singleHyphen(255, "evs"),
      /** Where events the service failed to take land, and the subscription that keeps them. */
      deadLetterTopic: singleHyphen(255, "dlq"),
      deadLetterSubscription: singleHyphen(255, "dls"),
      /** Bucket receiving the data buckets' access logs (Cloud Storage usage logs). */
      logBucket: withoutGoogle(global(63, "logs")),
      /** Cloud Logging bucket keeping the inference service's logs for 365 days, and its sink. */
      functionLogBucket: underscored(100, parts(id, "fn")),
      functionLogSink: hyphenated(100, parts(id, "fn")),
    },
    local: {
      warehousePath: `warehouse/${id.domain}/${id.name}/${id.environment}`,
    },
  };
}

export type ResourceNames = ReturnType<typeof resourceNames>;
