/** A spec as its YAML, folded away under a summary line (the review queue, a product's contract). */
import type { Draft } from "../shared/spec-draft";
import { draftToYaml } from "../shared/spec-text";

export function SpecDetails({ spec, summary }: { spec: Draft; summary: string }) {
  return (
    <details>
      <summary>{summary}</summary>
      <pre>{draftToYaml(spec)}</pre>
    </details>
  );
}
