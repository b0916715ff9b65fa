"use client";
/**
 * The request form over the DataProductSpec contract, one fieldset per part of the spec. The
 * draft is plain data validated on every change with the same zod schema the API uses; each issue
 * is shown next to its field. State and submission live in useRequestForm.
 */
import type { Draft } from "../../shared/spec-draft";
import { SpecFormContext } from "./fields";
import { FormActions } from "./FormActions";
import { IdentitySection } from "./IdentitySection";
import { ImportExport } from "./ImportExport";
import { InferenceSection } from "./InferenceSection";
import { InputsSection } from "./InputsSection";
import { IssueSummary } from "./IssueSummary";
import { OwnersSection } from "./OwnersSection";
import { RetentionSection } from "./RetentionSection";
import { SlaSection } from "./SlaSection";
import { TagsSection } from "./TagsSection";
import { TargetSection } from "./TargetSection";
import { TierSection } from "./TierSection";
import { SchemaSection } from "./table/SchemaSection";
import { useRequestForm, type FormMessage } from "./use-request-form";

export function SpecForm({
  requestId,
  initialDraft,
  domains,
  kind = "create",
}: {
  requestId?: string;
  initialDraft: Draft;
  /** Domains the user may request for. */
  domains: readonly string[];
  /** What a new request files: a new product, or a change to the live product in the draft. */
  kind?: "create" | "update";
}) {
  const fixed = requestId !== undefined || kind === "update";
  const form = useRequestForm({
    requestId,
    initialDraft,
    kind,
    domains,
    fixedName: fixed && typeof initialDraft.name === "string" ? initialDraft.name : undefined,
  });
  return (
    <SpecFormContext value={form.fields}>
      <form
        aria-label="Data product request"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          form.submit();
        }}
      >
        <ImportExport draft={form.draft} onImport={form.importDraft} onError={form.reportError} />
        <IssueSummary issues={form.allIssues} visible={form.showAll} />
        {form.message && <Message message={form.message} />}
        <IdentitySection domains={domains} fixed={fixed} />
        <OwnersSection />
        <TierSection />
        <TargetSection />
        <RetentionSection />
        <SchemaSection />
        <SlaSection />
        <InferenceSection />
        <InputsSection />
        <TagsSection />
        <FormActions
          pending={form.pending}
          saveState={form.saveState}
          issueCount={form.issues.length}
          onSaveDraft={form.saveDraft}
        />
      </form>
    </SpecFormContext>
  );
}

function Message({ message }: { message: FormMessage }) {
  return (
    <div
      className="alert"
      data-tone={message.tone}
      role={message.tone === "danger" ? "alert" : "status"}
    >
      {message.text}
    </div>
  );
}
