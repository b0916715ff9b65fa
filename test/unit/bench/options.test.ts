import { describe, expect, it } from "vitest";
import {
  FULL_SCALE,
  MEASURES,
  OptionsError,
  QUICK_SCALE,
  parseOptions,
} from "../../../bench/options";

describe("parseOptions", () => {
  it("defaults to the issue's full scale, both databases and every measure", () => {
    const options = parseOptions([]);
    expect(options.scale).toEqual(FULL_SCALE);
    expect(options.databases).toEqual(["embedded", "postgres"]);
    expect(options.measures).toEqual([...MEASURES]);
    expect([options.warmup, options.samples]).toEqual([30, 200]);
  });

  it("scales every count by --scale, and per-parameter flags win", () => {
    const options = parseOptions(["--scale", "0.5", "--events", "1234", "--db", "postgres"]);
    expect(options.scale).toEqual({
      products: 5_000,
      domains: 25,
      edges: 50_000,
      events: 1234,
      seed: 8,
    });
    expect(options.databases).toEqual(["postgres"]);
  });

  it("has a quick preset and takes --only as repeated or comma-separated", () => {
    const options = parseOptions([
      "--quick",
      "--only",
      "ingestion,catalog-search",
      "--only",
      "page-weight",
    ]);
    expect(options.scale).toEqual(QUICK_SCALE);
    expect(options.measures).toEqual(["ingestion", "catalog-search", "page-weight"]);
    expect([options.warmup, options.samples]).toEqual([10, 50]);
  });

  it("says what is wrong with a flag", () => {
    expect(() => parseOptions(["--db", "mysql"])).toThrow("--db is embedded, postgres or both");
    expect(() => parseOptions(["--only", "speed"])).toThrow("--only is one of catalog-search");
    expect(() => parseOptions(["--scale=-1"])).toThrow("--scale must be a positive factor");
  });

  it("turns an unknown flag or a bad value into a usage error, not a stack trace", () => {
    expect(() => parseOptions(["--measure", "ingestion"])).toThrow(OptionsError);
    expect(() => parseOptions(["--measure", "ingestion"])).toThrow(
      /Unknown option '--measure'[\s\S]*flags: --quick/,
    );
    expect(() => parseOptions(["--samples", "2"])).toThrow(
      /--samples must be at least 5[\s\S]*→ at samples/,
    );
  });
});
