import { describe, expect, it } from "vitest";
import { explainFailure, failureText } from "#infra/automation/failure";

/** The shape of an Automation API CommandError message (CommandResult.toString over execa's). */
function commandError(stderr: string, stdout: string): string {
  return (
    `code: 1\n stdout: \n stderr: Command failed with exit code 255: pulumi up --yes --stack s\n` +
    `${stderr}\n${stdout}\n err?: Error: Command failed\n`
  );
}

describe("failure text", () => {
  it("keeps the provider's diagnostics and the CLI's error, not the command or the stack frames", () => {
    const text = failureText(
      commandError(
        "\u001b[31merror:\u001b[0m update failed",
        [
          "Updating (s):",
          "    pulumi:pulumi:Stack meshplane-s running",
          "Diagnostics:",
          "  aws:s3:BucketV2 (warehouse):",
          "    error: No valid credential sources found",
          "        at Object.<anonymous> (/x.js:1:1)",
          "",
          "Resources:",
          "    1 unchanged",
        ].join("\n"),
      ),
    );
    expect(text).toBe(
      "  aws:s3:BucketV2 (warehouse):\n    error: No valid credential sources found\n\nerror: update failed",
    );
  });

  it("keeps a program's unhandled exception without its JavaScript stack", () => {
    expect(
      failureText(
        commandError(
          "error: Running program '/repo/infra' failed with an unhandled exception:\nError: invalid stack config\n    at parse (/repo/infra/index.ts:3:9)",
          "Previewing update (s):\n\nResources:\n",
        ),
      ),
    ).toBe(
      "error: Running program '/repo/infra' failed with an unhandled exception:\nError: invalid stack config",
    );
  });

  it("keeps the policy violations that stopped a preview", () => {
    const text = failureText(
      commandError(
        "error: preview failed",
        [
          "Previewing update (s):",
          "Policies:",
          "    ❌ meshplane@v0.1.0 (local: components/policy/pack)",
          "        - [mandatory]  aws-encryption-at-rest  (aws:s3/bucketV2:BucketV2: warehouse)",
          "          Warehouse buckets are encrypted with the product's KMS key.",
          "",
          "Resources:",
          "    + 12 to create",
        ].join("\n"),
      ),
    );
    expect(text).toBe(
      [
        "    ❌ meshplane@v0.1.0 (local: components/policy/pack)",
        "        - [mandatory]  aws-encryption-at-rest  (aws:s3/bucketV2:BucketV2: warehouse)",
        "          Warehouse buckets are encrypted with the product's KMS key.",
        "",
        "error: preview failed",
      ].join("\n"),
    );
  });

  it("passes other messages through", () => {
    expect(failureText("the stack is currently locked by 1 lock(s)")).toBe(
      "the stack is currently locked by 1 lock(s)",
    );
  });
});

describe("a failure as the deployment shows it", () => {
  it("says first that the disk is full, naming the file, in the CLI's and Node's wording", () => {
    // What pulumi v3.259.0 printed for a refresh on a full tmpfs (the lock's temporary file).
    const cli =
      "error: 2 errors occurred:\n    1) write /state/.pulumi/locks/organization/meshplane/s/" +
      "6d7d.json.18ee.tmp: no space left on device\n    2) Unknown";
    expect(explainFailure(cli)).toBe(
      "The disk is full (ENOSPC): writing /state/.pulumi/locks/organization/meshplane/s/" +
        "6d7d.json.18ee.tmp failed. Free space on that disk, then retry (the retry releases " +
        `any stack lock the failed run left).\n\n${cli}`,
    );
    const node = "ENOSPC: no space left on device, open '/data/pulumi-passphrase'";
    expect(explainFailure(node).split("\n")[0]).toBe(
      "The disk is full (ENOSPC): writing /data/pulumi-passphrase failed. Free space on that " +
        "disk, then retry (the retry releases any stack lock the failed run left).",
    );
  });

  it("leaves other failures as they are, adding the stack locks released after them", () => {
    expect(explainFailure("error: update failed")).toBe("error: update failed");
    expect(
      explainFailure("the operation process ended without a result (SIGKILL)", [
        "released the lock of pid 42 on host-a, which is gone",
      ]),
    ).toBe(
      "the operation process ended without a result (SIGKILL)\n\nStack lock: released the " +
        "lock of pid 42 on host-a, which is gone, so a retry can run.",
    );
  });
});
