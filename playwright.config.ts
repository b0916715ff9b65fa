/**
 * End-to-end journeys (test/e2e/) in the system Chromium against a production build of the portal
 * (`next build`, served by tools/portal-server.ts through tools/start.ts) on a fresh embedded database per run, which
 * test/e2e/global-setup.ts starts and stops. One server, one worker: the journeys share its data.
 */
import { defineConfig } from "@playwright/test";
import { E2E_BASE_URL } from "./test/e2e/support/server";

export default defineConfig({
  testDir: "test/e2e",
  testMatch: "**/*.e2e.ts",
  globalSetup: "./test/e2e/global-setup.ts",
  outputDir: "test-results/e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  forbidOnly: process.env.CI !== undefined,
  reporter: "list",
  timeout: 90_000,
  expect: { timeout: 20_000 },
  use: {
    baseURL: E2E_BASE_URL,
    viewport: { width: 1280, height: 800 },
    locale: "en-GB",
    timezoneId: "UTC",
    colorScheme: "light",
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.MESHPLANE_CHROMIUM ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
      ],
    },
  },
});
