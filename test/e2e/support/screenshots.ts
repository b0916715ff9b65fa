/**
 * Screenshots of the main screens for the README and docs (docs/screenshots/). Fixed viewport,
 * no animations, no caret; timestamps are masked so an unchanged screen does not churn the file.
 */
import { join } from "node:path";
import type { Locator, Page } from "@playwright/test";

const DIRECTORY = join(import.meta.dirname, "..", "..", "..", "docs", "screenshots");

const OPTIONS = { animations: "disabled", caret: "hide" } as const;

/** The whole page, or only `part` of it (a section worth showing on its own). */
export async function saveScreenshot(page: Page, name: string, part?: Locator): Promise<void> {
  const path = join(DIRECTORY, `${name}.png`);
  if (part === undefined) {
    await page.screenshot({ ...OPTIONS, path, mask: [page.locator("time")], fullPage: true });
  } else {
    await part.screenshot({ ...OPTIONS, path, mask: [part.locator("time")] });
  }
}
