/**
 * Every rule of the contract, broken once: each case must produce exactly the expected message at
 * exactly the expected path, in words a domain team understands.
 */
import { describe, expect, it } from "vitest";
import { parseDataProductSpec } from "#contract";
import { variant } from "../../support/specs";

const EVENTS = "customer-events.yaml"; // gold, confidential, AWS eu-west-1, PII columns
const CARDS = "card-transactions.yaml"; // gold, AWS, Lambda inference
const READINGS = "sensor-readings.yaml"; // silver, GCP
const COUNTRIES = "country-codes.yaml"; // bronze, Azure, public
const SANDBOX = "churn-experiments.yaml"; // local target
const SCORES = "fraud-scores.yaml"; // gold, GCP, Cloud Run image
const PROFILE = "customer-360.yaml"; // gold, Azure, function code package

const AWS_REGIONS =
  "ap-northeast-1, ap-northeast-3, ap-south-1, ap-southeast-1, ap-southeast-2, ca-central-1, eu-central-1, eu-north-1, eu-west-1, eu-west-2, eu-west-3, sa-east-1, us-east-1, us-east-2, us-west-1, us-west-2";

const AZURE_ZONE_REGIONS =
  "australiaeast, canadacentral, centralindia, centralus, eastasia, eastus, eastus2, francecentral, germanywestcentral, japaneast, northeurope, southeastasia, swedencentral, uksouth, westeurope, westus2, westus3";
/** Zone-redundant regions where Azure Backup offers vaulted backup of ADLS Gen2 accounts. */
const AZURE_GOLD_REGIONS = "centralindia, eastasia";
const GCP_DUAL_REGION_REGIONS =
  "asia-east1, asia-northeast1, asia-northeast2, asia-southeast1, europe-north1, europe-west1, europe-west2, europe-west3, europe-west4, northamerica-northeast1, northamerica-northeast2, us-central1, us-east1, us-east4, us-west1, us-west2";

interface Case {
  title: string;
  spec: unknown;
  path: string;
  message: string;
}

const cases: Case[] = [
  {
    title: "name with capitals",
    spec: variant(EVENTS, (s) => (s.name = "CustomerEvents")),
    path: "name",
    message: "use lowercase letters, digits and single hyphens, starting with a letter",
  },
  {
    title: "name too long for derived cloud names",
    spec: variant(EVENTS, (s) => (s.name = "a".repeat(41))),
    path: "name",
    message: "a product name is at most 40 characters",
  },
  {
    title: "domain with a double hyphen",
    spec: variant(EVENTS, (s) => (s.domain = "cus--tomer")),
    path: "domain",
    message: "use lowercase letters, digits and single hyphens, starting with a letter",
  },
  {
    title: "missing displayName",
    spec: variant(EVENTS, (s) => delete s.displayName),
    path: "displayName",
    message: "is required",
  },
  {
    title: "misspelt field",
    spec: variant(EVENTS, (s) => (s.owner = "carol")),
    path: "owner",
    message: "is not a field here; check the spelling",
  },
  {
    title: "wrong apiVersion",
    spec: variant(EVENTS, (s) => (s.apiVersion = "meshplane.dev/v1")),
    path: "apiVersion",
    message: "apiVersion must be meshplane.dev/v1alpha1",
  },
  {
    title: "owner email not an email",
    spec: variant(EVENTS, (s) => (s.owners.emails = ["carol at meshplane"])),
    path: "owners.emails[0]",
    message: "must be an email address",
  },
  {
    title: "no owner emails",
    spec: variant(EVENTS, (s) => (s.owners.emails = [])),
    path: "owners.emails",
    message: "list at least one owner email",
  },
  {
    title: "unknown tier",
    spec: variant(EVENTS, (s) => (s.tier = "platinum")),
    path: "tier",
    message: 'must be one of bronze, silver, gold, not string "platinum"',
  },
  {
    title: "PII columns in a public product",
    spec: variant(EVENTS, (s) => (s.classification = "public")),
    path: "classification",
    message:
      "columns customer_id, email_sha256 hold personal data, so classification must be confidential or restricted (not public)",
  },
  {
    title: "unknown region",
    spec: variant(EVENTS, (s) => (s.target.region = "eu-west-9")),
    path: "target.region",
    message: `eu-west-9 is not among the AWS regions Meshplane deploys to; choose one of ${AWS_REGIONS}`,
  },
  {
    title: "secondary region equal to the primary",
    spec: variant(EVENTS, (s) => (s.target.secondaryRegion = "eu-west-1")),
    path: "target.secondaryRegion",
    message: "the secondary region must differ from the primary region",
  },
  {
    title: "secondary region on a tier without geo backup",
    spec: variant(READINGS, (s) => (s.target.secondaryRegion = "europe-west1")),
    path: "target.secondaryRegion",
    message:
      "only gold keeps a geo copy; remove secondaryRegion or choose tier gold (this is silver)",
  },
  {
    title: "GCP dual-region across continents",
    spec: variant(SCORES, (s) => (s.target.secondaryRegion = "us-central1")),
    path: "target.secondaryRegion",
    message:
      "a GCP dual-region bucket needs both regions on one continent; europe-west1 and us-central1 are not",
  },
  {
    title: "GCP gold outside the multi-regions that offer dual-region buckets",
    spec: variant(SCORES, (s) => (s.target.region = "australia-southeast1")),
    path: "target.region",
    message: `gold keeps its data in a dual-region bucket, which Cloud Storage offers only inside the US, EU, ASIA multi-regions, and australia-southeast1 is in none of them; choose one of ${GCP_DUAL_REGION_REGIONS} or tier bronze or silver`,
  },
  {
    title: "GCP gold outside the dual-region multi-regions, with a secondary region there too",
    spec: variant(SCORES, (s) => {
      s.target.region = "australia-southeast2";
      s.target.secondaryRegion = "australia-southeast1";
    }),
    path: "target.region",
    message: `gold keeps its data in a dual-region bucket, which Cloud Storage offers only inside the US, EU, ASIA multi-regions, and australia-southeast2 is in none of them; choose one of ${GCP_DUAL_REGION_REGIONS} or tier bronze or silver`,
  },
  {
    title: "Azure silver in a region without zone-redundant storage",
    spec: variant(COUNTRIES, (s) => {
      s.tier = "silver";
      s.target.region = "ukwest";
    }),
    path: "target.region",
    message: `silver needs zone-redundant storage, which Azure does not offer in ukwest; choose a region with availability zones (${AZURE_ZONE_REGIONS}) or tier bronze`,
  },
  {
    title: "Azure gold in a region without zone-redundant storage",
    spec: variant(PROFILE, (s) => (s.target.region = "japanwest")),
    path: "target.region",
    message: `gold keeps daily backups in a Backup vault, and Azure Backup protects ADLS Gen2 (hierarchical namespace) accounts only in ${AZURE_GOLD_REGIONS} among the regions with zone-redundant storage, not in japanwest; choose one of those or tier bronze`,
  },
  {
    title: "Azure gold in a zone-redundant region without vaulted ADLS backup",
    spec: variant(PROFILE, (s) => (s.target.region = "northeurope")),
    path: "target.region",
    message: `gold keeps daily backups in a Backup vault, and Azure Backup protects ADLS Gen2 (hierarchical namespace) accounts only in ${AZURE_GOLD_REGIONS} among the regions with zone-redundant storage, not in northeurope; choose one of those or tier bronze or silver`,
  },
  {
    title: "Azure silver in a region without zone-redundant storage",
    spec: variant(PROFILE, (s) => {
      s.tier = "silver";
      s.sla.rpoMinutes = 60;
      s.sla.rtoMinutes = 480;
      s.target.region = "japanwest";
      delete s.target.secondaryRegion;
    }),
    path: "target.region",
    message: `silver needs zone-redundant storage, which Azure does not offer in japanwest; choose a region with availability zones (${AZURE_ZONE_REGIONS}) or tier bronze`,
  },
  {
    title: "gold in a region with no default pair and no secondaryRegion",
    // The only regions without a default pair are Azure's secondary-only regions, none of which
    // has zone-redundant storage: that is what rules gold out there first.
    spec: variant(PROFILE, (s) => (s.target.region = "francesouth")),
    path: "target.region",
    message: `gold keeps daily backups in a Backup vault, and Azure Backup protects ADLS Gen2 (hierarchical namespace) accounts only in ${AZURE_GOLD_REGIONS} among the regions with zone-redundant storage, not in francesouth; choose one of those or tier bronze`,
  },
  {
    title: "Azure gold with a secondary region other than the region's pair",
    spec: variant(PROFILE, (s) => (s.target.secondaryRegion = "uksouth")),
    path: "target.secondaryRegion",
    message:
      "Azure geo-redundant storage in eastasia replicates only to its paired region southeastasia, not uksouth; remove secondaryRegion or set it to southeastasia",
  },
  {
    title: "local target with a cloud region",
    spec: variant(SANDBOX, (s) => (s.target.region = "eu-west-1")),
    path: "target.region",
    message: 'the local target\'s region is "local"',
  },
  {
    title: "archive before cool",
    spec: variant(EVENTS, (s) => (s.lifecycle.archiveAfterDays = 20)),
    path: "lifecycle.archiveAfterDays",
    message:
      "data must move to archive after it moves to cool storage: archiveAfterDays (20) must be greater than coolAfterDays (30)",
  },
  {
    title: "expiry before archive",
    spec: variant(COUNTRIES, (s) => {
      s.retentionDays = 30;
      s.lifecycle = { coolAfterDays: 10, archiveAfterDays: 60, expireAfterDays: 50 };
    }),
    path: "lifecycle.expireAfterDays",
    message:
      "expireAfterDays (50) must be at least archiveAfterDays (60); equal to it, the data expires instead of moving to archive",
  },
  {
    title: "expiry before retention",
    spec: variant(EVENTS, (s) => (s.lifecycle.expireAfterDays = 400)),
    path: "lifecycle.expireAfterDays",
    message: "data would expire after 400 days, before retentionDays of 2555 days ends",
  },
  {
    title: "expiry before the tier's default retention",
    spec: variant(CARDS, (s) => {
      s.lifecycle = { coolAfterDays: 30, archiveAfterDays: 90, expireAfterDays: 365 };
    }),
    path: "lifecycle.expireAfterDays",
    message: "data would expire after 365 days, before gold's default retention of 2555 days ends",
  },
  {
    title: "S3 Standard-IA before day 30",
    spec: variant(EVENTS, (s) => (s.lifecycle.coolAfterDays = 7)),
    path: "lifecycle.coolAfterDays",
    message:
      "on AWS, data can move to cool storage (S3 Standard-IA) after 30 days at the earliest, not 7",
  },
  {
    title: "S3 archive within 30 days of cool",
    spec: variant(EVENTS, (s) => (s.lifecycle.archiveAfterDays = 45)),
    path: "lifecycle.archiveAfterDays",
    message:
      "on AWS, S3 Standard-IA bills every object for at least 30 days: archiveAfterDays must be 60 or more (coolAfterDays + 30)",
  },
  {
    title: "S3 Glacier Instant Retrieval left before its 90 days",
    spec: variant(EVENTS, (s) => (s.lifecycle.archiveAfterDays = 2500)),
    path: "lifecycle.expireAfterDays",
    message:
      "on AWS, S3 Glacier Instant Retrieval bills every object for at least 90 days: expireAfterDays must be 2590 or more (archiveAfterDays + 90), or equal to archiveAfterDays to skip archiving",
  },
  {
    title: "Azure Cool left before its 30 days",
    spec: variant(COUNTRIES, (s) => {
      s.lifecycle = { coolAfterDays: 10, archiveAfterDays: 20, expireAfterDays: 200 };
    }),
    path: "lifecycle.archiveAfterDays",
    message:
      "on Azure, the Cool tier bills every object for at least 30 days: archiveAfterDays must be 40 or more (coolAfterDays + 30)",
  },
  {
    title: "Azure Cold left before its 90 days",
    spec: variant(COUNTRIES, (s) => {
      s.lifecycle = { coolAfterDays: 30, archiveAfterDays: 60, expireAfterDays: 100 };
    }),
    path: "lifecycle.expireAfterDays",
    message:
      "on Azure, the Cold tier bills every object for at least 90 days: expireAfterDays must be 150 or more (archiveAfterDays + 90), or equal to archiveAfterDays to skip archiving",
  },
  {
    title: "cool storage expiring within its minimum, with no archive step",
    spec: variant(READINGS, (s) => {
      s.retentionDays = 40;
      s.lifecycle = { coolAfterDays: 20, archiveAfterDays: 40, expireAfterDays: 40 };
    }),
    path: "lifecycle.expireAfterDays",
    message:
      "on GCP, Nearline storage bills every object for at least 30 days: expireAfterDays must be 50 or more (coolAfterDays + 30)",
  },
  {
    title: "AWS reservation the default quota cannot grant",
    spec: variant(CARDS, (s) => (s.inference.reservedConcurrency = 950)),
    path: "inference.reservedConcurrency",
    message:
      "AWS keeps at least 100 of an account's concurrent executions unreserved; with the default quota of 1000 a function can reserve at most 900",
  },
  {
    title: "negative retention",
    spec: variant(EVENTS, (s) => (s.retentionDays = -1)),
    path: "retentionDays",
    message: "must be at least 1",
  },
  {
    title: "unknown column type",
    spec: variant(EVENTS, (s) => (s.table.columns[4].type = "varchar")),
    path: "table.columns[4].type",
    message:
      '"varchar" is not an Iceberg type; use one of boolean, int, long, float, double, date, time, timestamp, timestamptz, string, uuid, binary, decimal(P,S) or fixed[L]',
  },
  {
    title: "decimal precision beyond 38",
    spec: variant(EVENTS, (s) => (s.table.columns[6].type = "decimal(40,2)")),
    path: "table.columns[6].type",
    message: "decimal precision must be between 1 and 38, got 40",
  },
  {
    title: "decimal scale above precision",
    spec: variant(EVENTS, (s) => (s.table.columns[6].type = "decimal(5,7)")),
    path: "table.columns[6].type",
    message: "decimal scale (7) cannot be larger than its precision (5)",
  },
  {
    title: "column name not snake_case",
    spec: variant(EVENTS, (s) => (s.table.columns[0].name = "EventId")),
    path: "table.columns[0].name",
    message: "use snake_case: lowercase letters, digits and _, not starting with a digit",
  },
  {
    title: "duplicate column",
    spec: variant(EVENTS, (s) => (s.table.columns[5].name = "session_id")),
    path: "table.columns[5].name",
    message: 'column "session_id" is declared twice (first at columns[4])',
  },
  {
    title: "partition on an unknown column",
    spec: variant(EVENTS, (s) => (s.table.partitionSpec[0].column = "event_time")),
    path: "table.partitionSpec[0].column",
    message:
      'partition column "event_time" is not a column of this table (columns: event_id, event_ts, customer_id, email_sha256, session_id, event_type, basket_value, country_code)',
  },
  {
    title: "hour transform on a date column",
    spec: variant(SANDBOX, (s) => (s.table.partitionSpec[0].transform = "hour")),
    path: "table.partitionSpec[0].transform",
    message:
      'hour cannot partition column "feature_date" of type date; it needs timestamp, timestamptz',
  },
  {
    title: "truncate on a boolean",
    spec: variant(
      SANDBOX,
      (s) => (s.table.partitionSpec = [{ column: "churned", transform: "truncate[4]" }]),
    ),
    path: "table.partitionSpec[0].transform",
    message:
      'truncate[4] cannot partition column "churned" of type boolean; it needs int, long, decimal, string, binary',
  },
  {
    title: "bucket with zero buckets",
    spec: variant(EVENTS, (s) => (s.table.partitionSpec[1].transform = "bucket[0]")),
    path: "table.partitionSpec[1].transform",
    message: "bucket[N] needs N of at least 1",
  },
  {
    title: "unknown partition transform",
    spec: variant(EVENTS, (s) => (s.table.partitionSpec[0].transform = "week")),
    path: "table.partitionSpec[0].transform",
    message:
      '"week" is not a partition transform; use identity, year, month, day, hour, bucket[N], truncate[W] or void',
  },
  {
    title: "two bucket transforms of one column",
    spec: variant(EVENTS, (s) => {
      s.table.partitionSpec[2] = { column: "customer_id", transform: "bucket[8]" };
    }),
    path: "table.partitionSpec[2]",
    message:
      "bucket[8](customer_id) would be named customer_id_bucket, like bucket[16](customer_id) at partitionSpec[1]; Iceberg needs distinct partition field names, so keep one of them",
  },
  {
    title: "two truncate transforms of one column",
    spec: variant(READINGS, (s) => {
      s.table.partitionSpec[2] = { column: "device_id", transform: "truncate[8]" };
    }),
    path: "table.partitionSpec[2]",
    message:
      "truncate[8](device_id) would be named device_id_trunc, like truncate[4](device_id) at partitionSpec[1]; Iceberg needs distinct partition field names, so keep one of them",
  },
  {
    title: "two time transforms of one column",
    spec: variant(EVENTS, (s) => {
      s.table.partitionSpec[2] = { column: "event_ts", transform: "hour" };
    }),
    path: "table.partitionSpec[2]",
    message:
      "hour(event_ts) is redundant with day(event_ts) at partitionSpec[0]: partition a column by one of year, month, day or hour",
  },
  {
    title: "partition field named like a column",
    spec: variant(EVENTS, (s) => {
      s.table.columns[8] = { name: "event_ts_day", type: "date" };
    }),
    path: "table.partitionSpec[0]",
    message:
      "day(event_ts) would be named event_ts_day, which is a column of this table; partition field names must differ from column names other than their own",
  },
  {
    title: "sort on an unknown column",
    spec: variant(EVENTS, (s) => (s.table.sortOrder[0].column = "ts")),
    path: "table.sortOrder[0].column",
    message:
      'sort column "ts" is not a column of this table (columns: event_id, event_ts, customer_id, email_sha256, session_id, event_type, basket_value, country_code)',
  },
  {
    title: "Iceberg format version 3",
    spec: variant(EVENTS, (s) => (s.table.formatVersion = 3)),
    path: "table.formatVersion",
    message: "Meshplane creates Iceberg format version 2 tables; set formatVersion: 2",
  },
  {
    title: "table without columns",
    spec: variant(EVENTS, (s) => {
      s.table.columns = [];
      s.table.partitionSpec = [];
      s.table.sortOrder = [];
      s.classification = "confidential";
    }),
    path: "table.columns",
    message: "a table needs at least one column",
  },
  {
    title: "RPO better than the tier can deliver",
    spec: variant(READINGS, (s) => (s.sla.rpoMinutes = 5)),
    path: "sla.rpoMinutes",
    message:
      "silver can recover data to within 60 minutes at best; raise rpoMinutes or choose a higher tier",
  },
  {
    title: "RTO better than the tier can deliver",
    spec: variant(COUNTRIES, (s) => (s.sla.rtoMinutes = 60)),
    path: "sla.rtoMinutes",
    message:
      "bronze can restore service within 2880 minutes at best; raise rtoMinutes or choose a higher tier",
  },
  {
    title: "availability above the tier's maximum",
    spec: variant(COUNTRIES, (s) => (s.sla.availabilityPercent = 99.5)),
    path: "sla.availabilityPercent",
    message: "bronze supports at most 99% availability; lower it or choose a higher tier",
  },
  {
    title: "availability above 100",
    spec: variant(EVENTS, (s) => (s.sla.availabilityPercent = 101)),
    path: "sla.availabilityPercent",
    message: "availabilityPercent cannot exceed 100",
  },
  {
    title: "inference with both an image and a code package",
    spec: variant(
      CARDS,
      (s) => (s.inference.image = "123456789012.dkr.ecr.us-east-1.amazonaws.com/scorer:1.0"),
    ),
    path: "inference.image",
    message:
      "give either a container image or a code package (runtime, handler, artifact), not both; remove runtime, handler, artifact or image",
  },
  {
    title: "code package missing its handler",
    spec: variant(CARDS, (s) => delete s.inference.handler),
    path: "inference.handler",
    message: "handler is required for a code package (runtime, handler and artifact go together)",
  },
  {
    title: "code package on Cloud Run",
    spec: variant(SCORES, (s) => {
      delete s.inference.image;
      Object.assign(s.inference, {
        runtime: "python3.12",
        handler: "app.score",
        artifact: "https://x.test/a.zip",
      });
    }),
    path: "inference.image",
    message:
      "Cloud Run on GCP runs a container image: set image instead of runtime/handler/artifact",
  },
  {
    title: "memory size Azure Flex does not offer",
    spec: variant(PROFILE, (s) => (s.inference.memoryMb = 1024)),
    path: "inference.memoryMb",
    message: "Azure Flex Consumption offers 512, 2048, 4096 MB instances, not 1024",
  },
  {
    title: "Azure artifact that is not a blob URL",
    spec: variant(PROFILE, (s) => (s.inference.artifact = "https://example.test/scorer.zip")),
    path: "inference.artifact",
    message:
      "on Azure the code artifact is a read SAS URL of a .zip blob: https://<account>.blob.core.windows.net/<container>/<name>.zip?sv=…&sp=r&se=<expiry>&spr=https&sig=… (Flex Consumption's one deploy fetches the package with the URL alone, no identity)",
  },
  {
    title: "Azure artifact without a shared access signature",
    spec: variant(
      PROFILE,
      (s) => (s.inference.artifact = "https://acme.blob.core.windows.net/releases/p.zip"),
    ),
    path: "inference.artifact",
    message:
      "the artifact URL carries no shared access signature (missing sv, sp, se, sig); it must be a read SAS URL of a .zip blob: https://<account>.blob.core.windows.net/<container>/<name>.zip?sv=…&sp=r&se=<expiry>&spr=https&sig=… (Flex Consumption's one deploy fetches the package with the URL alone, no identity)",
  },
  {
    title: "Azure artifact SAS without read permission",
    spec: variant(
      PROFILE,
      (s) =>
        (s.inference.artifact =
          "https://acme.blob.core.windows.net/releases/p.zip?sv=2025-05-05&sp=w&se=2099-01-01&sig=x"),
    ),
    path: "inference.artifact",
    message: "the artifact's SAS must grant read (sp must include r, not w)",
  },
  {
    title: "Azure artifact SAS that allows plain HTTP",
    spec: variant(
      PROFILE,
      (s) =>
        (s.inference.artifact =
          "https://acme.blob.core.windows.net/releases/p.zip?sv=2025-05-05&sp=r&spr=https,http&se=2099-01-01&sig=x"),
    ),
    path: "inference.artifact",
    message: "the artifact's SAS must allow HTTPS only (spr=https, not https,http)",
  },
  {
    title: "Azure artifact SAS with an expiry that is not a date",
    spec: variant(
      PROFILE,
      (s) =>
        (s.inference.artifact =
          "https://acme.blob.core.windows.net/releases/p.zip?sv=2025-05-05&sp=r&se=soon&sig=x"),
    ),
    path: "inference.artifact",
    message: "the artifact's SAS expiry (se) is not a date and time: soon",
  },
  {
    title: "https artifact on AWS",
    spec: variant(CARDS, (s) => (s.inference.artifact = "https://example.test/scorer.zip")),
    path: "inference.artifact",
    message: "on AWS the code artifact is an s3:// URL",
  },
  {
    title: "s3 artifact without an object key on AWS",
    spec: variant(CARDS, (s) => (s.inference.artifact = "s3://acme-artifacts")),
    path: "inference.artifact",
    message:
      "on AWS the code artifact is s3://<bucket>/<key>: a valid bucket name, a slash and the object key",
  },
  {
    title: "container image outside Amazon ECR on AWS",
    spec: variant(CARDS, (s) => {
      s.inference = { ...s.inference, image: "ghcr.io/acme/scorer:1.0" };
      delete s.inference.runtime;
      delete s.inference.handler;
      delete s.inference.artifact;
    }),
    path: "inference.image",
    message:
      "Lambda runs container images from Amazon ECR only (<account>.dkr.ecr.<region>.amazonaws.com/<repository>:<tag>), not ghcr.io/acme/scorer:1.0",
  },
  {
    title: "ECR image from another region than the Lambda function",
    spec: variant(CARDS, (s) => {
      s.inference.image = "123456789012.dkr.ecr.eu-west-1.amazonaws.com/scorer:1.0";
      delete s.inference.runtime;
      delete s.inference.handler;
      delete s.inference.artifact;
    }),
    path: "inference.image",
    message:
      "Lambda runs container images from an ECR repository in its own region us-east-1, not eu-west-1; push the image to <account>.dkr.ecr.us-east-1.amazonaws.com",
  },
  {
    title: "provisioned above reserved concurrency",
    spec: variant(CARDS, (s) => (s.inference.provisionedConcurrency = 150)),
    path: "inference.provisionedConcurrency",
    message: "provisioned concurrency (150) cannot exceed reserved concurrency (100)",
  },
  {
    title: "no triggers",
    spec: variant(CARDS, (s) => (s.inference.triggers = [])),
    path: "inference.triggers",
    message: "choose at least one trigger: http, object-created or both",
  },
  {
    title: "inference on the local target",
    spec: variant(SANDBOX, (s) => {
      s.inference = {
        image: "ghcr.io/acme/model:1",
        memoryMb: 512,
        timeoutSeconds: 10,
        triggers: ["http"],
      };
    }),
    path: "inference",
    message:
      "inference functions are not supported on the local target; remove inference or choose a cloud",
  },
  {
    title: "timeout above 15 minutes",
    spec: variant(CARDS, (s) => (s.inference.timeoutSeconds = 3600)),
    path: "inference.timeoutSeconds",
    message: "timeoutSeconds must be at most 900",
  },
  {
    title: "product as its own input",
    spec: variant(SANDBOX, (s) => (s.inputs = ["sandbox/churn-experiments"])),
    path: "inputs[0]",
    message: "a product cannot be its own input",
  },
  {
    title: "input not written domain/name",
    spec: variant(SANDBOX, (s) => (s.inputs = ["customer-events"])),
    path: "inputs[0]",
    message: "an input is written domain/name, e.g. payments/card-transactions",
  },
  {
    title: "input listed twice",
    spec: variant(
      SANDBOX,
      (s) => (s.inputs = ["customer/customer-events", "customer/customer-events"]),
    ),
    path: "inputs[1]",
    message: "customer/customer-events is listed twice",
  },
  {
    title: "tag key the platform sets itself",
    spec: variant(EVENTS, (s) => (s.tags.owner = "someone")),
    path: "tags.owner",
    message: 'tag "owner" is set by the platform; choose another key',
  },
  {
    title: "a number where text belongs",
    spec: variant(EVENTS, (s) => (s.description = 42)),
    path: "description",
    message: "must be text, not number 42",
  },
];

describe("invalid specs", () => {
  it("covers at least 25 rules", () => {
    expect(cases.length).toBeGreaterThanOrEqual(25);
  });

  it.each(cases)("$title → $path", ({ spec, path, message }) => {
    const result = parseDataProductSpec(spec);
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues).toEqual([{ path, message }]);
  });
});
