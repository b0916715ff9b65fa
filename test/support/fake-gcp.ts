/**
 * A small local stand-in for the Google APIs Meshplane calls, for the real `@google-cloud/*`
 * clients pointed at it (STORAGE_EMULATOR_HOST, BIGQUERY_EMULATOR_HOST):
 * - Cloud Storage JSON API: objects list (`GET /b/<bucket>/o?prefix=`) and media download
 *   (`GET /b/<bucket>/o/<object>?alt=media`), with or without the `/storage/v1` and
 *   `/download/storage/v1` prefixes;
 * - BigQuery: jobs.insert (`POST /projects/<p>/jobs`) and jobs.get, every job done at once;
 *   `onQuery` stands in for what the query does (e.g. BigQuery writing exported files), and a
 *   query it throws for is a job finished with that error.
 * Everything it was asked is kept in `requests`.
 */
import { vi } from "vitest";
import { text as readText } from "node:stream/consumers";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

export interface FakeGcpRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  body: unknown;
}

export interface FakeGcp {
  /** `http://127.0.0.1:<port>`. */
  url: string;
  /** Objects by `<bucket>/<name>` → text. */
  objects: Map<string, string>;
  requests: FakeGcpRequest[];
  /** What a query job does; throwing makes the job end with that error. */
  onQuery: (query: string, location: string | undefined) => void;
  stop(): Promise<void>;
}

interface JobState {
  jobReference: { projectId: string; jobId: string; location?: string };
  error: string | undefined;
}

function send(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(JSON.stringify(body));
}

function notFound(response: ServerResponse, what: string): void {
  send(response, 404, { error: { code: 404, message: `No such object: ${what}`, errors: [] } });
}

function jobResource(job: JobState) {
  return {
    kind: "bigquery#job",
    id: `${job.jobReference.projectId}:${job.jobReference.jobId}`,
    jobReference: job.jobReference,
    status:
      job.error === undefined
        ? { state: "DONE" }
        : {
            state: "DONE",
            errorResult: { reason: "invalidQuery", message: job.error },
            errors: [{ reason: "invalidQuery", message: job.error }],
          },
  };
}

export async function startFakeGcp(): Promise<FakeGcp> {
  const jobs = new Map<string, JobState>();
  const fake: FakeGcp = {
    url: "",
    objects: new Map(),
    requests: [],
    onQuery: () => undefined,
    stop: () => Promise.resolve(),
  };

  const storage = (response: ServerResponse, path: string, query: Record<string, string>) => {
    const list = /^\/b\/([^/]+)\/o$/.exec(path);
    if (list?.[1] !== undefined) {
      const bucket = decodeURIComponent(list[1]);
      const prefix = query.prefix ?? "";
      const items = [...fake.objects.keys()]
        .filter((key) => key.startsWith(`${bucket}/${prefix}`))
        .map((key) => ({ kind: "storage#object", bucket, name: key.slice(bucket.length + 1) }));
      send(response, 200, { kind: "storage#objects", items });
      return;
    }
    const object = /^\/b\/([^/]+)\/o\/(.+)$/.exec(path);
    const key =
      object?.[1] === undefined || object[2] === undefined
        ? undefined
        : `${decodeURIComponent(object[1])}/${decodeURIComponent(object[2])}`;
    const text = key === undefined ? undefined : fake.objects.get(key);
    if (key === undefined || text === undefined) {
      notFound(response, key ?? path);
      return;
    }
    if (query.alt === "media") {
      response.writeHead(200, { "content-type": "application/json" });
      response.end(text);
      return;
    }
    const [bucket = "", ...name] = key.split("/");
    send(response, 200, {
      kind: "storage#object",
      bucket,
      name: name.join("/"),
      size: String(Buffer.byteLength(text)),
    });
  };

  const bigquery = (
    response: ServerResponse,
    method: string,
    path: string,
    body: unknown,
  ): boolean => {
    const insert = /^\/projects\/([^/]+)\/jobs$/.exec(path);
    if (method === "POST" && insert?.[1] !== undefined) {
      const request = body as {
        jobReference: JobState["jobReference"];
        configuration: { query: { query: string } };
      };
      let error: string | undefined;
      try {
        fake.onQuery(request.configuration.query.query, request.jobReference.location);
      } catch (thrown) {
        error = thrown instanceof Error ? thrown.message : String(thrown);
      }
      const job: JobState = { jobReference: request.jobReference, error };
      jobs.set(request.jobReference.jobId, job);
      send(response, 200, jobResource(job));
      return true;
    }
    const get = /^\/projects\/([^/]+)\/jobs\/([^/]+)$/.exec(path);
    const job = get?.[2] === undefined ? undefined : jobs.get(decodeURIComponent(get[2]));
    if (method === "GET" && job !== undefined) {
      send(response, 200, jobResource(job));
      return true;
    }
    return false;
  };

  const server: Server = createServer((request, response) => {
    void readText(request).then((text) => {
      const url = new URL(request.url ?? "/", "http://fake");
      const method = request.method ?? "GET";
      const path = url.pathname.replace(/^\/(download\/)?storage\/v1(?=\/)/, "");
      const query = Object.fromEntries(url.searchParams);
      const body = text === "" ? undefined : (JSON.parse(text) as unknown);
      fake.requests.push({ method, path: url.pathname, query, body });
      const bigqueryPath = url.pathname.replace(/^\/bigquery\/v2(?=\/)/, "");
      if (bigquery(response, method, bigqueryPath, body)) return;
      if (method === "GET" && path.startsWith("/b/")) {
        storage(response, path, query);
        return;
      }
      notFound(response, `${method} ${url.pathname}`);
    });
  });
  await new Promise<void>((ready) => server.listen(0, "127.0.0.1", ready));
  const { port } = server.address() as AddressInfo;
  fake.url = `http://127.0.0.1:${port}`;
  fake.stop = () =>
    new Promise((done) => {
      server.close(() => {
        done();
      });
    });
  return fake;
}

/** The environment that points the Google SDKs at the fake, without credentials. */
export function fakeGcpEnv(fake: FakeGcp): Record<string, string> {
  return {
    STORAGE_EMULATOR_HOST: fake.url,
    BIGQUERY_EMULATOR_HOST: fake.url,
    // No metadata server to probe, no gcloud credentials to find: requests go unauthenticated.
    METADATA_SERVER_DETECTION: "none",
    GOOGLE_CLOUD_PROJECT: "acme-data",
  };
}

/** Points the Google SDKs of this process at `fake` for the current test file (vi.stubEnv). */
export function stubFakeGcpEnv(fake: FakeGcp): void {
  for (const [name, value] of Object.entries(fakeGcpEnv(fake))) vi.stubEnv(name, value);
}
