/** Fills a document's generated sections and formats it the way `npm run check:format` expects. */
import * as prettier from "prettier";
import { replaceGeneratedSections } from "./generated-sections";

export async function renderGeneratedDoc(
  file: string,
  markdown: string,
  sections: Readonly<Record<string, string>>,
): Promise<string> {
  const options = (await prettier.resolveConfig(file)) ?? {};
  return prettier.format(replaceGeneratedSections(markdown, sections), {
    ...options,
    filepath: file,
  });
}
