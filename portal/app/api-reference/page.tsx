import type { Metadata } from "next";
import Link from "next/link";
import { notFound } from "next/navigation";
import { API_DOCUMENTS, apiDocumentFor } from "../../ui/api-reference/documents";
import { ApiReference } from "../../ui/api-reference/ApiReference";
import { PageHeader } from "../../ui/PageHeader";

export const metadata: Metadata = { title: "API reference" };

/**
 * Public like the documents it renders (GET /api/v1/openapi.json and the Iceberg catalog's need
 * no session): someone writing a client may read it before having an account.
 */
export default async function ApiReferencePage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const document = apiDocumentFor((await searchParams).spec);
  if (document === undefined) notFound();
  return (
    <>
      <PageHeader title="API reference" lead={document.lead}>
        <a href={document.url}>OpenAPI document (JSON)</a>
      </PageHeader>
      <nav aria-label="API documents" className="doc-switch">
        {API_DOCUMENTS.map((each) => (
          <Link
            key={each.id}
            href={`/api-reference?spec=${each.id}`}
            aria-current={each.id === document.id ? "page" : undefined}
          >
            {each.label}
          </Link>
        ))}
      </nav>
      {/* A fresh host element per document: Swagger UI mounts its own React root into it. */}
      <ApiReference key={document.id} url={document.url} />
    </>
  );
}
