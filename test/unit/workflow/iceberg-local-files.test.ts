/**
 * The catalog's local metadata store when the disk fails a write half-way (ENOSPC, EIO): the
 * truncated file `wx` created is removed, so no reader or later commit meets half a metadata
 * file; another writer's file (EEXIST) is never touched. The disk's failures are injected into
 * `node:fs`'s writeFileSync, the rest of the file system is real.
 */
import * as fs from "node:fs";
import { mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterEach, describe, expect, it, vi } from "vitest";
import { localFiles } from "#workflow/iceberg-files";

vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof import("node:fs")>();
  return { ...real, writeFileSync: vi.fn(real.writeFileSync) };
});

/** The store's create as its caller awaits it (a synchronous throw is a rejection there too). */
const create = async (location: string, text: string) => localFiles.create(location, text);

const realWrite = (await vi.importActual<typeof import("node:fs")>("node:fs")).writeFileSync;

function failingError(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: injected`), { code });
}

/** A write that creates the file, puts half the text in it and then fails with `code`. */
function halfWriteFailing(code: string) {
  vi.mocked(fs.writeFileSync).mockImplementationOnce((path, data) => {
    realWrite(path, typeof data === "string" ? data.slice(0, 10) : "", { flag: "wx" });
    throw failingError(code);
  });
}

describe("local metadata files under disk faults", () => {
  afterEach(() => {
    vi.mocked(fs.writeFileSync).mockReset();
    vi.mocked(fs.writeFileSync).mockImplementation(realWrite);
  });

  const folder = () => {
    const directory = join(mkdtempSync(join(tmpdir(), "meshplane-faults-")), "metadata");
    fs.mkdirSync(directory);
    return directory;
  };

  it("removes the half-written file when the disk fills up", async () => {
    const directory = folder();
    halfWriteFailing("ENOSPC");
    const location = pathToFileURL(join(directory, "00002-a.metadata.json")).href;
    await expect(create(location, '{"format-version":2}')).rejects.toMatchObject({
      code: "ENOSPC",
    });
    expect(readdirSync(directory)).toEqual([]);
  });

  it("keeps another writer's file when the name is taken", async () => {
    const directory = folder();
    const path = join(directory, "00002-b.metadata.json");
    realWrite(path, "theirs");
    await expect(create(pathToFileURL(path).href, '{"format-version":2}')).rejects.toMatchObject({
      code: "EEXIST",
    });
    expect(readFileSync(path, "utf8")).toBe("theirs");
  });
});
