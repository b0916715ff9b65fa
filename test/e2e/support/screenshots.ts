/**
 * Screenshots of the main screens for the README and docs (docs/screenshots/). Fixed viewport,
 * no animations, no caret; timestamps are masked so an unchanged screen does not churn the file.
 */
import { join } from "node:path";
import type { Page } from "@playwright/test";

const DIRECTORY = join(import.meta.dirname, "..", "..", "..", "docs", "screenshots");

export async function saveScreenshot(page: Page, name: string): Promise<void> {
  await page.screenshot({
    path: join(DIRECTORY, `${name}.png`),
    fullPage: true,
    animations: "disabled",
    caret: "hide",
    mask: [page.locator("time")],
  });
}
