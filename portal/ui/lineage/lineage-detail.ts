/**
 * Text and links of the column-lineage panel and the job and dataset pages, pure so the unit
 * tests read them without a browser: where a job's or dataset's page is, how a transformation of
 * the column-lineage facet reads, how long a run took.
 */
import type { ColumnTransformation } from "../../shared/lineage/api-schemas";

/** `/lineage/datasets/<namespace>/<name>`, each part one percent-encoded path segment. */
export function datasetHref(ref: { namespace: string; name: string }): string {
  return `/lineage/datasets/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(ref.name)}`;
}

/**
 * A namespace or name from the page's params. Next.js hands App Router pages their dynamic params
 * percent-encoded again (`encodeURIComponent` of the decoded segment: next/dist/shared/lib/router/
 * utils/get-dynamic-param.js), so one decode gives the segment `datasetHref` encoded, exactly.
 * Route handlers get them decoded and do not use this.
 */
export function fromPageSegment(value: string): string {
  return decodeURIComponent(value);
}

export function jobHref(ref: { namespace: string; name: string }): string {
  return `/lineage/jobs/${encodeURIComponent(ref.namespace)}/${encodeURIComponent(ref.name)}`;
}

/** The dataset part of a column or dataset reference as people read it: `namespace/name`. */
export function datasetLabel(ref: { namespace: string; name: string }): string {
  return `${ref.namespace}/${ref.name}`;
}

/** Whether a URL from an event may be a link: http(s) only (a producer could send `javascript:`). */
export function isWebUrl(url: string): boolean {
  return /^https?:\/\//i.test(url);
}

/** Owners of an ownership facet: "team:payments (MAINTAINER), jane". */
export function ownersText(owners: readonly { name: string; type?: string | undefined }[]): string {
  return owners
    .map((owner) => (owner.type ? `${owner.name} (${owner.type})` : owner.name))
    .join(", ");
}

/** "DIRECT · AGGREGATION: sum of amount (masked)"; several joined with "; "; none: "not stated". */
export function describeTransformations(list: readonly ColumnTransformation[] | null): string {
  if (list === null || list.length === 0) return "not stated";
  return list
    .map((t) => {
      const kind = [t.type, t.subtype].filter((part) => part !== undefined && part !== "");
      const description = t.description ? `: ${t.description}` : "";
      return `${kind.join(" · ")}${description}${t.masking === true ? " (masked)" : ""}`;
    })
    .join("; ");
}

/** The subtypes a dataset-wide entry reads as ("JOIN, FILTER"), else its types. */
export function datasetWideKinds(list: readonly ColumnTransformation[] | null): string {
  const kinds = (list ?? []).map((t) => t.subtype ?? t.type).filter((kind) => kind !== "");
  return kinds.length === 0 ? "INDIRECT" : [...new Set(kinds)].join(", ");
}

/** 850 ms, 42 s, 3 min 5 s, 2 h 4 min. */
export function formatDuration(ms: number | null): string {
  if (ms === null) return "—";
  if (ms < 1000) return `${ms} ms`;
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes} min ${seconds % 60} s`;
  return `${Math.floor(minutes / 60)} h ${minutes % 60} min`;
}
