/**
 * The real OpenLineage Python client (openlineage-python, from the venv of tools/python/venv.sh)
 * sends an event with its HTTP transport's `compression: gzip` option to the ingest route served
 * over HTTP; the event is stored (issue #15.13: it was refused with 400).
 */
import { execFile } from "node:child_process";
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import * as ingest from "#portal/app/api/v1/lineage/route";
import { pythonVenvBin, pythonVenvMissing } from "../../support/python";
import { forEachDatabase } from "../portal/databases";
import { type Harness, issueApiKey } from "../portal/harness";

vi.mock("server-only", () => ({}));

const SCRIPT = `
import os, uuid, datetime
from openlineage.client import OpenLineageClient
from openlineage.client.event_v2 import RunEvent, RunState, Run, Job, OutputDataset
from openlineage.client.transport.http import HttpConfig, HttpTransport, HttpCompression, ApiKeyTokenProvider
config = HttpConfig(url=os.environ["URL"], endpoint="api/v1/lineage",
    auth=ApiKeyTokenProvider({"apiKey": os.environ["KEY"]}), compression=HttpCompression.GZIP)
client = OpenLineageClient(transport=HttpTransport(config))
client.emit(RunEvent(eventType=RunState.COMPLETE,
    eventTime=datetime.datetime.now(datetime.timezone.utc).isoformat(),
    run=Run(runId=str(uuid.uuid4())), job=Job(namespace="airflow", name="payments.gzip_job"),
    producer="https://example.test/gzip", outputs=[OutputDataset("meshplane", "payments.gzip_table")]))
print("sent")
`;

forEachDatabase((target, open) => {
  describe.skipIf(pythonVenvMissing("openlineage-python gzip"))(
    `openlineage-python with gzip (${target})`,
    () => {
      let h: Harness & { close: () => Promise<void> };
      let server: Server;
      let url = "";
      let key = "";
      const statuses: number[] = [];
      const encodings: string[] = [];

      beforeAll(async () => {
        h = await open();
        key = (await issueApiKey(h, "member", "payments", "python")).key;
        server = createServer((incoming: IncomingMessage, outgoing) => {
          encodings.push(String(incoming.headers["content-encoding"]));
          const chunks: Buffer[] = [];
          incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
          incoming.on("end", () => {
            const headers = new Headers();
            for (const [name, value] of Object.entries(incoming.headers))
              if (typeof value === "string") headers.set(name, value);
            const request = new Request(`http://127.0.0.1${incoming.url ?? "/"}`, {
              method: incoming.method ?? "POST",
              headers,
              body: Buffer.concat(chunks),
            });
            void ingest.POST(request, { params: Promise.resolve({}) }).then(async (response) => {
              statuses.push(response.status);
              outgoing.writeHead(response.status).end(await response.text());
            });
          });
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      });
      afterAll(async () => {
        await new Promise<void>((resolve) => {
          server.close(() => {
            resolve();
          });
        });
        await h.close();
      });

      it("stores an event the client sent gzip-compressed", async () => {
        const python = join(pythonVenvBin() ?? "", "python");
        const run = await promisify(execFile)(python, ["-c", SCRIPT], {
          env: { ...process.env, URL: url, KEY: key },
          timeout: 60_000,
        });
        expect(run.stdout).toContain("sent");
        expect([encodings, statuses]).toEqual([["gzip"], [201]]);
        const stored = await h.prisma.lineageEvent.findMany();
        expect(JSON.stringify(stored.map((e) => e.payload))).toContain("payments.gzip_job");
      });
    },
  );
});
