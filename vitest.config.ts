import { defineConfig } from "vitest/config";

export default defineConfig({
  // tsconfig keeps JSX for Next.js ("preserve"); tests that render the portal's components
  // (react-dom/server) need it compiled, with React's automatic runtime as Next.js does.
  oxc: { jsx: { runtime: "automatic" } },
  test: {
    projects: [
      {
        extends: true,
        test: {
          name: "unit",
          include: ["test/unit/**/*.test.ts"],
          // A hang guard, not a speed check (benchmarks measure speed): the component matrix runs
          // and the first imports of every route module take a fraction of a second on an idle
          // machine but have passed 5 s, the default, on two cores shared with other test runs.
          testTimeout: 30_000,
        },
      },
      {
        extends: true,
        test: {
          name: "integration",
          include: ["test/integration/**/*.test.ts"],
          testTimeout: 120_000,
          hookTimeout: 120_000,
        },
      },
    ],
  },
});
