/**
 * The OpenLineage facets the job, run and dataset pages show, read out of the stored facet maps.
 * Events keep unknown and malformed facets (they are stored as received), so each facet is read
 * with its own schema and one that does not fit is left out rather than failing the page. Pure
 * and browser-safe: the API (portal/server/lineage/details.ts) and its tests use it.
 */
import { z } from "zod";

const Text = z.string();
type FacetMap = Record<string, unknown>;

/** SQLJobFacet. */
export const SqlFacetView = z.object({ query: Text, dialect: Text.optional() });
/** SourceCodeLocationJobFacet. */
export const SourceCodeLocationView = z.object({
  type: Text,
  url: Text,
  repoUrl: Text.optional(),
  path: Text.optional(),
  version: Text.optional(),
  tag: Text.optional(),
  branch: Text.optional(),
});
/** JobTypeJobFacet. */
export const JobTypeView = z.object({
  processingType: Text,
  integration: Text,
  jobType: Text.optional(),
});
/** DocumentationJobFacet / DocumentationDatasetFacet. */
const DocumentationFacet = z.object({ description: Text, contentType: Text.optional() });
/** OwnershipJobFacet / OwnershipDatasetFacet. */
export const OwnerView = z.object({ name: Text, type: Text.optional() });
const OwnershipFacet = z.object({ owners: z.array(OwnerView) });
/** SourceCodeJobFacet. */
export const SourceCodeView = z.object({ language: Text, sourceCode: Text });

/** ErrorMessageRunFacet. */
export const ErrorMessageView = z.object({
  message: Text,
  programmingLanguage: Text.optional(),
  stackTrace: Text.optional(),
});
/** ParentRunFacet: the run (and job) that started this one. */
export const ParentRunView = z.object({
  runId: Text,
  job: z.object({ namespace: Text, name: Text }),
});
const ParentFacet = z.object({
  run: z.object({ runId: Text }),
  job: z.object({ namespace: Text, name: Text }),
});
/** NominalTimeRunFacet: the time the run was scheduled for. */
export const NominalTimeView = z.object({
  start: Text,
  end: Text.nullable(),
});
const Instant = z.iso.datetime({ offset: true });
const NominalTimeFacet = z.object({
  nominalStartTime: Instant,
  nominalEndTime: Instant.optional(),
});

/** SchemaDatasetFacet: nested fields (structs) are flattened to `parent.child`. */
export const SchemaFieldView = z.object({
  name: Text,
  type: Text.nullable(),
  description: Text.nullable(),
});
type SchemaField = { name: string; type?: string; description?: string; fields?: SchemaField[] };
const SchemaFieldFacet: z.ZodType<SchemaField> = z.lazy(() =>
  z.object({
    name: Text,
    type: Text.optional(),
    description: Text.optional(),
    fields: z.array(SchemaFieldFacet).optional(),
  }),
);
const SchemaFacet = z.object({ fields: z.array(SchemaFieldFacet) });
/** SymlinksDatasetFacet: other names of the dataset (a table over the files, a catalog entry). */
export const SymlinkView = z.object({ namespace: Text, name: Text, type: Text });
const SymlinksFacet = z.object({ identifiers: z.array(SymlinkView) });
/** DatasourceDatasetFacet. */
export const DataSourceView = z.object({ name: Text.optional(), uri: Text.optional() });

function facet<T>(facets: FacetMap, key: string, schema: z.ZodType<T>): T | null {
  const result = schema.safeParse(facets[key]);
  return result.success ? result.data : null;
}

export const JobFacetsView = z.object({
  sql: SqlFacetView.nullable(),
  sourceCodeLocation: SourceCodeLocationView.nullable(),
  sourceCode: SourceCodeView.nullable(),
  jobType: JobTypeView.nullable(),
  documentation: Text.nullable(),
  owners: z.array(OwnerView),
});
export type JobFacetsView = z.infer<typeof JobFacetsView>;

export function jobFacetsView(facets: FacetMap): JobFacetsView {
  return {
    sql: facet(facets, "sql", SqlFacetView),
    sourceCodeLocation: facet(facets, "sourceCodeLocation", SourceCodeLocationView),
    sourceCode: facet(facets, "sourceCode", SourceCodeView),
    jobType: facet(facets, "jobType", JobTypeView),
    documentation: facet(facets, "documentation", DocumentationFacet)?.description ?? null,
    owners: facet(facets, "ownership", OwnershipFacet)?.owners ?? [],
  };
}

export const RunFacetsView = z.object({
  errorMessage: ErrorMessageView.nullable(),
  parent: ParentRunView.nullable(),
  nominalTime: NominalTimeView.nullable(),
});
export type RunFacetsView = z.infer<typeof RunFacetsView>;

export function runFacetsView(facets: FacetMap): RunFacetsView {
  const parent = facet(facets, "parent", ParentFacet);
  const nominal = facet(facets, "nominalTime", NominalTimeFacet);
  return {
    errorMessage: facet(facets, "errorMessage", ErrorMessageView),
    parent: parent === null ? null : { runId: parent.run.runId, job: parent.job },
    nominalTime:
      nominal === null
        ? null
        : { start: nominal.nominalStartTime, end: nominal.nominalEndTime ?? null },
  };
}

function flatten(fields: readonly SchemaField[], prefix = ""): z.infer<typeof SchemaFieldView>[] {
  return fields.flatMap((field) => {
    const name = `${prefix}${field.name}`;
    const own = { name, type: field.type ?? null, description: field.description ?? null };
    return [own, ...flatten(field.fields ?? [], `${name}.`)];
  });
}

export const DatasetFacetsView = z.object({
  schema: z.array(SchemaFieldView).describe("The schema facet's fields, nested ones as a.b."),
  documentation: Text.nullable(),
  owners: z.array(OwnerView),
  symlinks: z.array(SymlinkView),
  dataSource: DataSourceView.nullable(),
});
export type DatasetFacetsView = z.infer<typeof DatasetFacetsView>;

export function datasetFacetsView(facets: FacetMap): DatasetFacetsView {
  return {
    schema: flatten(facet(facets, "schema", SchemaFacet)?.fields ?? []),
    documentation: facet(facets, "documentation", DocumentationFacet)?.description ?? null,
    owners: facet(facets, "ownership", OwnershipFacet)?.owners ?? [],
    symlinks: facet(facets, "symlinks", SymlinksFacet)?.identifiers ?? [],
    dataSource: facet(facets, "dataSource", DataSourceView),
  };
}

/** A run's duration in milliseconds, when it has both ends. */
export function runDurationMs(startedAt: string | null, endedAt: string | null): number | null {
  if (startedAt === null || endedAt === null) return null;
  return Math.max(0, Date.parse(endedAt) - Date.parse(startedAt));
}
