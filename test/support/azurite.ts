/**
 * Azurite (npm `azurite`, the Azure Storage emulator's Blob API) on a free port, in memory, with
 * the well-known development account; `--skipApiVersionCheck` because the current SDK sends an
 * API version Azurite does not list yet.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { mkdtemp, rm } from "node:fs/promises";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** Azurite's documented development account (not a secret). */
export const AZURITE_ACCOUNT = "devstoreaccount1";
export const AZURITE_KEY =
  "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
const AZURITE = join(import.meta.dirname, "..", "..", "node_modules", ".bin", "azurite-blob");

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      const port = typeof address === "object" && address !== null ? address.port : 0;
      server.close(() => {
        resolve(port);
      });
    });
  });
}

export interface Azurite {
  connectionString: string;
  stop: () => Promise<void>;
}

export async function startAzurite(): Promise<Azurite> {
  const work = await mkdtemp(join(tmpdir(), "meshplane-azurite-"));
  const port = await freePort();
  const child: ChildProcess = spawn(
    AZURITE,
    [
      "--blobHost",
      "127.0.0.1",
      "--blobPort",
      String(port),
      "--skipApiVersionCheck",
      "--inMemoryPersistence",
      "--extentMemoryLimit",
      "64",
      "--disableTelemetry",
      "--silent",
    ],
    { cwd: work, stdio: ["ignore", "pipe", "pipe"] },
  );
  await new Promise<void>((ready, failed) => {
    let output = "";
    const timer = setTimeout(() => {
      failed(new Error(`azurite did not start: ${output}`));
    }, 30_000);
    const seen = (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("successfully listens")) {
        clearTimeout(timer);
        ready();
      }
    };
    child.stdout?.on("data", seen);
    child.stderr?.on("data", seen);
    child.once("exit", (code) => {
      failed(new Error(`azurite exited with ${code}: ${output}`));
    });
  });
  return {
    connectionString:
      `DefaultEndpointsProtocol=http;AccountName=${AZURITE_ACCOUNT};AccountKey=${AZURITE_KEY};` +
      `BlobEndpoint=http://127.0.0.1:${port}/${AZURITE_ACCOUNT};`,
    stop: async () => {
      child.kill("SIGTERM");
      await rm(work, { recursive: true, force: true });
    },
  };
}
