/**
 * GCP access grants (issue #18) over the tier × classification matrix: objectViewer on the
 * warehouse bucket under a condition on the table's prefix, dataViewer on the product's table
 * only, the end date in each condition where the classification requires one, and no key role.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { CLASSIFICATIONS, TIERS } from "#contract";
import { GRANT_END, PRINCIPALS, grantFor, withGrant } from "#test/support/access";
import { runPolicies } from "#test/support/policy-runner";
import { valueOf } from "#test/support/pulumi-mocks";
import { captureParent } from "../azure/harness";
import { PROJECT, caseContext, datasetOf, datasets, installGcpMocks } from "./gcp-mocks";

const recorder = installGcpMocks();
const { deployGcp } = await import("#components/gcp/deploy");
const planning = await import("#components/gcp/planning/access");
const { gcpPolicies } = await import("#components/policy/gcp");

const MEMBER = `serviceAccount:${PRINCIPALS.gcp.email}`;
const PREFIX = "iceberg/fraud-scores";

beforeEach(() => {
  recorder.reset();
});

const CASES = TIERS.flatMap((tier) => CLASSIFICATIONS.map((c) => [tier, c] as const));

describe.each(CASES)("%s %s with one grant", (tier, classification) => {
  it("grants read on the table prefix and the table, nothing else", async () => {
    const context = withGrant(caseContext(tier, classification, "none"));
    datasets.set(datasetOf("payments"), "EU");
    const { parent, settle } = captureParent(`p-${tier}-${classification}`);
    await valueOf(deployGcp(context, parent, {}));
    await settle();

    const bucket = context.names.gcp.warehouseBucket;
    const ended = classification === "confidential" || classification === "restricted";
    const end = `request.time < timestamp("${GRANT_END}")`;
    const prefix =
      `resource.name.startsWith("projects/_/buckets/${bucket}/objects/${PREFIX}/") || ` +
      `api.getAttribute("storage.googleapis.com/objectListPrefix", "").startsWith("${PREFIX}/")`;
    const description = expect.stringMatching(/^meshplane grant g0001; approved by /) as unknown;
    const mine = recorder.resources.filter((r) => r.inputs.member === MEMBER);
    expect(mine.map((r) => [r.type, r.inputs])).toEqual([
      [
        "gcp:storage/bucketIAMMember:BucketIAMMember",
        {
          bucket,
          role: "roles/storage.objectViewer",
          member: MEMBER,
          condition: {
            title: "meshplane grant g0001",
            description,
            expression: ended ? `(${prefix}) && (${end})` : `(${prefix})`,
          },
        },
      ],
      [
        "gcp:bigquery/iamMember:IamMember",
        {
          project: PROJECT,
          datasetId: datasetOf("payments"),
          tableId: context.names.gcp.bigqueryTable,
          role: "roles/bigquery.dataViewer",
          member: MEMBER,
          ...(ended
            ? { condition: { title: "meshplane grant g0001", description, expression: end } }
            : {}),
        },
      ],
    ]);
    // The whole graph, grant included, passes the gcp policy pack (MP-ACC-001/002 too).
    expect(await runPolicies(gcpPolicies, recorder.resources)).toEqual([]);
    // Nothing else names the consumer: no key role, no project-wide member.
    expect(
      recorder.resources.filter((r) => JSON.stringify(r.inputs).includes(PRINCIPALS.gcp.email)),
    ).toHaveLength(2);
  });
});

describe("planning", () => {
  it("refuses a principal of another cloud", () => {
    const grant = grantFor(caseContext("silver", "restricted", "none").spec);
    expect(() => planning.grantTableMemberPlan({ ...grant, principal: PRINCIPALS.aws })).toThrow(
      "a GCP product is read by a service account, not aws-iam-role",
    );
  });
});
