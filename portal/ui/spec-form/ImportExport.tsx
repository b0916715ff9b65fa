"use client";
/**
 * Bringing a whole spec in from a YAML or JSON file, and taking the draft out as one. The text
 * format code loads only when used.
 */
import type { ChangeEvent } from "react";
import type { Draft } from "../../shared/spec-draft";

function download(filename: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  URL.revokeObjectURL(url);
}

export function ImportExport(props: {
  draft: Draft;
  onImport: (draft: Draft) => void;
  onError: (message: string) => void;
}) {
  const name =
    typeof props.draft.name === "string" && props.draft.name !== ""
      ? props.draft.name
      : "data-product";
  const onFile = async (event: ChangeEvent<HTMLInputElement>) => {
    const file = event.target.files?.[0];
    if (!file) return;
    const { importDraft } = await import("../../shared/spec-text");
    const result = importDraft(await file.text());
    if (result.ok) props.onImport(result.draft);
    else props.onError(result.message);
    event.target.value = "";
  };
  const exportAs = async (format: "yaml" | "json") => {
    const { draftToJson, draftToYaml } = await import("../../shared/spec-text");
    if (format === "yaml") download(`${name}.yaml`, draftToYaml(props.draft), "application/yaml");
    else download(`${name}.json`, draftToJson(props.draft), "application/json");
  };
  return (
    <div className="card row">
      <label htmlFor="spec-import" className="inline">
        Import YAML or JSON
      </label>
      <input
        id="spec-import"
        type="file"
        accept=".yaml,.yml,.json"
        onChange={(event) => void onFile(event)}
      />
      <span className="nav-spacer" />
      <button type="button" onClick={() => void exportAs("yaml")}>
        Export YAML
      </button>
      <button type="button" onClick={() => void exportAs("json")}>
        Export JSON
      </button>
    </div>
  );
}
