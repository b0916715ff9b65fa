/**
 * schemathesis.toml lines shared by the fuzzing tests (test/integration/portal/schemathesis.test.ts,
 * test/integration/iceberg/schemathesis.test.ts).
 */

/**
 * Operations where a schema-valid request may be refused for a rule OpenAPI cannot state: their
 * positive-data check also accepts `extra` statuses (every other check stays on for them).
 */
export function semanticRules(
  paths: readonly string[],
  extra: readonly string[],
  method?: string,
): string[] {
  const statuses = ["2xx", "401", "403", "404", "409", ...extra].map((status) => `"${status}"`);
  return paths.flatMap((path) => [
    "[[operations]]",
    `include-path = "${path}"`,
    ...(method === undefined ? [] : [`include-method = "${method}"`]),
    `checks.positive_data_acceptance.expected-statuses = [${statuses.join(", ")}]`,
  ]);
}

/**
 * `schemathesis run` with every check against `document`, bounded: `examples` cases per operation,
 * `seconds` in all, one worker, a fixed seed, no shrinking (the report shows the case as found).
 */
export function runArgs(options: {
  document: string;
  url: string;
  examples: string;
  seconds: number;
  seed: string;
}): string[] {
  return [
    "run",
    options.document,
    "--url",
    options.url,
    "--checks",
    "all",
    "--max-examples",
    options.examples,
    "--max-time",
    String(options.seconds),
    "--seed",
    options.seed,
    "--workers",
    "1",
    "--request-timeout",
    "20",
    "--no-shrink",
  ];
}
