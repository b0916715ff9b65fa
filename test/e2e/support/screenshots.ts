/**
 * Screenshots of the main screens for the README and docs (docs/screenshots/). Fixed viewport,
 * no animations, no caret; timestamps (and whatever else a caller names, such as a log with
 * durations) are masked so an unchanged screen does not churn the file.
 */
import { join } from "node:path";
import type { Locator, Page } from "@playwright/test";

const DIRECTORY = join(import.meta.dirname, "..", "..", "..", "docs", "screenshots");

const OPTIONS = { animations: "disabled", caret: "hide" } as const;

export interface ScreenshotOptions {
  /** Only this part of the page (a section worth showing on its own). */
  part?: Locator;
  /** Content that differs from run to run. */
  mask?: Locator[];
}

export async function saveScreenshot(
  page: Page,
  name: string,
  { part, mask = [] }: ScreenshotOptions = {},
): Promise<void> {
  const path = join(DIRECTORY, `${name}.png`);
  if (part === undefined) {
    const masked = [page.locator("time"), ...mask];
    await page.screenshot({ ...OPTIONS, path, mask: masked, fullPage: true });
  } else {
    await part.screenshot({ ...OPTIONS, path, mask: [part.locator("time"), ...mask] });
  }
}
