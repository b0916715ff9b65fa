/**
 * Generated sections in hand-written markdown: the text between
 * `<!-- generated:NAME -->` and `<!-- /generated:NAME -->` belongs to a generator, so a table that
 * restates code (tier defaults, region pairs, capabilities) has the code as its one source.
 */

export class MissingSectionError extends Error {
  override name = "MissingSectionError";
}

function markers(name: string): { start: string; end: string } {
  return { start: `<!-- generated:${name} -->`, end: `<!-- /generated:${name} -->` };
}

/** Returns `markdown` with the section `name` replaced by `body` (trimmed, between blank lines). */
export function replaceGeneratedSection(markdown: string, name: string, body: string): string {
  const { start, end } = markers(name);
  const from = markdown.indexOf(start);
  const to = markdown.indexOf(end, from);
  if (from === -1 || to === -1) {
    throw new MissingSectionError(`no "${start}" … "${end}" section`);
  }
  return `${markdown.slice(0, from + start.length)}\n\n${body.trim()}\n\n${markdown.slice(to)}`;
}

/** Applies every section in order; throws when one is missing, so a renamed marker is noticed. */
export function replaceGeneratedSections(
  markdown: string,
  sections: Readonly<Record<string, string>>,
): string {
  return Object.entries(sections).reduce(
    (text, [name, body]) => replaceGeneratedSection(text, name, body),
    markdown,
  );
}

/** A GitHub-flavoured markdown table; cells are escaped for pipes. */
export function markdownTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
): string {
  const escape = (cell: string) => cell.replaceAll("|", "\\|");
  const line = (cells: readonly string[]) => `| ${cells.map(escape).join(" | ")} |`;
  return [line(header), line(header.map(() => "---")), ...rows.map(line)].join("\n");
}
