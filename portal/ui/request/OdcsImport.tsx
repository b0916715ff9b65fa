"use client";
/**
 * "Import ODCS": an Open Data Contract Standard v3 document (pasted or from a file) becomes a new
 * draft request (POST /api/v1/requests/import-odcs); what the document held that a spec has no
 * place for is listed before the draft opens.
 */
import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useState } from "react";
import type { OdcsImportResult } from "../../shared/api-schemas";
import { apiSend } from "../api-client";
import { ProblemAlert } from "../ProblemAlert";
import { Field } from "../Field";

export function OdcsImport() {
  const [document, setDocument] = useState("");
  const mutation = useMutation({
    mutationFn: () =>
      apiSend<OdcsImportResult>("POST", "/api/v1/requests/import-odcs", { document }),
  });
  const result = mutation.data;
  const error = mutation.error;
  return (
    <details className="card">
      <summary>Import ODCS</summary>
      <p className="muted small">
        Start a request from an Open Data Contract Standard v3 document (YAML or JSON). A live
        product&apos;s contract becomes a change to it.
      </p>
      <Field id="odcs-file" label="ODCS file">
        <input
          id="odcs-file"
          type="file"
          accept=".yaml,.yml,.json"
          onChange={(event) => {
            void event.target.files?.[0]?.text().then(setDocument);
          }}
        />
      </Field>
      <Field id="odcs-document" label="ODCS document">
        <textarea
          id="odcs-document"
          rows={8}
          value={document}
          onChange={(event) => {
            setDocument(event.target.value);
          }}
        />
      </Field>
      <button
        type="button"
        className="primary"
        disabled={mutation.isPending || document.trim() === ""}
        onClick={() => {
          mutation.mutate();
        }}
      >
        Import as a draft
      </button>
      {result !== undefined && (
        <div className="alert" data-tone="ok" role="status">
          Draft filed:{" "}
          <Link href={`/requests/${result.request.id}`}>
            {result.request.domain}/{result.request.name}
          </Link>
          {result.unmapped.length > 0 && (
            <>
              . Not imported (no place in a Meshplane spec):
              <ul aria-label="Not imported">
                {result.unmapped.map((item, index) => (
                  <li key={index}>
                    <code>{item.path}</code>: {item.reason}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      <ProblemAlert error={error} />
    </details>
  );
}
