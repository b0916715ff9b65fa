/**
 * deployGcp across every tier × classification × inference combination that changes what is
 * built: exact outputs, key inputs, and zero violations of the GCP policy pack.
 */
import * as pulumi from "@pulumi/pulumi";
import { beforeEach, describe, expect, it } from "vitest";
import { DataProductOutputs } from "#contract";
import { productContext } from "../../../../components/context";
import { runPolicies } from "../../../support/policy-runner";
import { cloudTypes, valueOf } from "../../../support/pulumi-mocks";
import { exampleInput, variant } from "../../../support/specs";
import { channelName, datasetOf, datasets, installGcpMocks, named, settled } from "./gcp-mocks";

const recorder = installGcpMocks();
const { deployGcp } = await import("../../../../components/gcp");
const { gcpPolicies } = await import("../../../../components/policy/gcp");

const IMAGE = "europe-docker.pkg.dev/acme-ml/models/scorer:1.0.0";
const BRONZE_SLA = {
  freshnessMinutes: 60,
  availabilityPercent: 99,
  rpoMinutes: 1440,
  rtoMinutes: 2880,
};

interface Case {
  name: string;
  spec: unknown;
  tier: "bronze" | "silver" | "gold";
  cmek: boolean;
  bucketLocation: string;
  dataLocations?: string[];
  kmsLocations: string[];
  backupRegion?: string;
  inference?: { http: boolean; event: boolean; eventarcLocation?: string };
}

const CASES: Case[] = [
  {
    name: "sensor-readings (silver, internal, no inference)",
    spec: exampleInput("sensor-readings.yaml"),
    tier: "silver",
    cmek: false,
    bucketLocation: "EUROPE-WEST4",
    kmsLocations: [],
  },
  {
    name: "fraud-scores (gold, confidential, Cloud Run http)",
    spec: exampleInput("fraud-scores.yaml"),
    tier: "gold",
    cmek: true,
    bucketLocation: "EU",
    dataLocations: ["EUROPE-WEST1", "EUROPE-WEST4"],
    kmsLocations: ["europe", "europe-west4"],
    backupRegion: "europe-west4",
    inference: { http: true, event: false },
  },
  {
    name: "bronze public",
    spec: variant("sensor-readings.yaml", (s) => {
      s.tier = "bronze";
      s.classification = "public";
      s.sla = BRONZE_SLA;
    }),
    tier: "bronze",
    cmek: false,
    bucketLocation: "EUROPE-WEST4",
    kmsLocations: [],
  },
  {
    name: "silver confidential",
    spec: variant("sensor-readings.yaml", (s) => (s.classification = "confidential")),
    tier: "silver",
    cmek: true,
    bucketLocation: "EUROPE-WEST4",
    kmsLocations: ["europe-west4"],
  },
  {
    name: "silver restricted with an object-created function",
    spec: variant("sensor-readings.yaml", (s) => {
      s.classification = "restricted";
      s.inference = {
        image: IMAGE,
        memoryMb: 512,
        timeoutSeconds: 30,
        triggers: ["object-created"],
      };
    }),
    tier: "silver",
    cmek: true,
    bucketLocation: "EUROPE-WEST4",
    kmsLocations: ["europe-west4"],
    inference: { http: false, event: true, eventarcLocation: "europe-west4" },
  },
  {
    name: "gold restricted with both triggers",
    spec: variant("fraud-scores.yaml", (s) => {
      s.classification = "restricted";
      s.inference.triggers = ["http", "object-created"];
    }),
    tier: "gold",
    cmek: true,
    bucketLocation: "EU",
    dataLocations: ["EUROPE-WEST1", "EUROPE-WEST4"],
    kmsLocations: ["europe", "europe-west4"],
    backupRegion: "europe-west4",
    inference: { http: true, event: true, eventarcLocation: "eu" },
  },
  {
    name: "gold internal without inference, US, explicit secondary",
    spec: variant("fraud-scores.yaml", (s) => {
      s.classification = "internal";
      s.target = { cloud: "gcp", region: "us-east1", secondaryRegion: "us-central1" };
      delete s.inference;
    }),
    tier: "gold",
    cmek: false,
    bucketLocation: "US",
    dataLocations: ["US-EAST1", "US-CENTRAL1"],
    kmsLocations: [],
    backupRegion: "us-central1",
  },
];

const T = {
  bucket: "gcp:storage/bucket:Bucket",
  keyRing: "gcp:kms/keyRing:KeyRing",
  transfer: "gcp:storage/transferJob:TransferJob",
  service: "gcp:cloudrunv2/service:Service",
  trigger: "gcp:eventarc/trigger:Trigger",
  table: "gcp:bigquery/table:Table",
  connection: "gcp:bigquery/connection:Connection",
  alert: "gcp:monitoring/alertPolicy:AlertPolicy",
  channel: "gcp:monitoring/notificationChannel:NotificationChannel",
};

beforeEach(() => {
  recorder.reset();
});

describe("deployGcp", () => {
  it.each(CASES)("$name", async (c) => {
    const context = productContext({ spec: c.spec, environment: "prod" });
    // The domain keeps its dataset in the multi-region of its products.
    datasets.set(datasetOf(context.spec.domain), c.bucketLocation === "US" ? "US" : "EU");
    const parent = new pulumi.ComponentResource("meshplane:test:DataProduct", c.name);
    const outputs = await valueOf(deployGcp(context, parent, {}));
    await settled(recorder);

    // The outputs are what the contract says, for the catalog registration and the portal.
    expect(DataProductOutputs.safeParse(outputs).success).toBe(true);
    const bucketName = context.names.gcp.warehouseBucket;
    expect(outputs).toMatchObject({
      cloud: "gcp",
      region: context.spec.target.region,
      storageUri: `gs://${bucketName}/iceberg/${context.spec.name}`,
      catalog: {
        kind: "bigquery",
        database: datasetOf(context.spec.domain),
        table: context.names.gcp.bigqueryTable,
      },
      tags: context.labels,
    });
    expect(outputs.backup).toEqual(
      c.backupRegion === undefined
        ? { kind: "none" }
        : {
            kind: "gcs-dual-region+transfer",
            region: c.backupRegion,
            location: `gs://${context.names.gcp.backupBucket}`,
          },
    );

    const warehouse = named(recorder, T.bucket, "storage-bucket").inputs;
    expect(warehouse.location).toBe(c.bucketLocation);
    expect(warehouse.customPlacementConfig).toEqual(
      c.dataLocations === undefined ? undefined : { dataLocations: c.dataLocations },
    );
    expect(warehouse.rpo).toBe(c.dataLocations === undefined ? undefined : "ASYNC_TURBO");
    expect(warehouse.encryption !== undefined).toBe(c.cmek);
    expect(
      recorder
        .ofType(T.keyRing)
        .map((r) => r.inputs.location)
        .sort(),
    ).toEqual([...c.kmsLocations].sort());
    expect(recorder.ofType(T.bucket)).toHaveLength(c.backupRegion === undefined ? 1 : 2);
    expect(recorder.ofType(T.transfer)).toHaveLength(c.backupRegion === undefined ? 0 : 1);
    expect(recorder.ofType(T.table)).toHaveLength(1);
    expect(recorder.ofType(T.connection)).toHaveLength(1);

    if (c.inference === undefined) {
      expect(outputs.inference).toBeUndefined();
      expect(cloudTypes(recorder).filter((t) => /cloudrunv2|eventarc|monitoring/.test(t))).toEqual(
        [],
      );
    } else {
      const service = recorder.one(T.service).inputs;
      expect(service.ingress).toBe(
        c.inference.http ? "INGRESS_TRAFFIC_ALL" : "INGRESS_TRAFFIC_INTERNAL_ONLY",
      );
      expect(outputs.inference).toEqual(
        c.inference.http
          ? {
              name: context.names.gcp.cloudRunService,
              endpointUrl: `https://${context.names.gcp.cloudRunService}-abc123-ew.a.run.app`,
            }
          : { name: context.names.gcp.cloudRunService },
      );
      expect(recorder.ofType(T.trigger).map((r) => r.inputs.location)).toEqual(
        c.inference.event ? [c.inference.eventarcLocation] : [],
      );
      expect(recorder.ofType(T.alert)).toHaveLength(2);
      // The owners are notified: one email channel each, referenced by every alert policy.
      const channels = recorder.ofType(T.channel);
      expect(channels.map((r) => r.inputs.labels)).toEqual(
        context.spec.owners.emails.map((email) => ({ email_address: email })),
      );
      expect(channels.every((r) => r.inputs.type === "email")).toBe(true);
      for (const alert of recorder.ofType(T.alert)) {
        expect(alert.inputs.notificationChannels).toEqual(channels.map((r) => channelName(r.name)));
      }
    }

    expect(await runPolicies(gcpPolicies, recorder.resources)).toEqual([]);
  });

  it("names the tier of each case right (guards the table above)", () => {
    for (const c of CASES) {
      expect(productContext({ spec: c.spec, environment: "prod" }).spec.tier).toBe(c.tier);
    }
  });
});
