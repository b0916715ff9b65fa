"use client";
/**
 * The request form's state and submission in one place: the draft, which fields were touched,
 * the contract's issues (validated on every change with the schema the API uses) and the API's,
 * the message under the import bar, and saving or submitting the draft. The sections only read
 * and write the draft through the `fields` state (SpecFormContext).
 */
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { formatPath, type SpecIssue } from "#contract";
import type { RequestDetail } from "../../shared/api-schemas";
import {
  filingIssues,
  issuesByPath,
  setIn,
  validateDraft,
  type Draft,
  type FieldPath,
} from "../../shared/spec-draft";
import { apiSend } from "../api-client";
import type { SpecFormState } from "./fields";
import { SubmitFailedError, failureFeedback } from "./submission";

interface RequestFormOptions {
  /** The saved draft being edited; a new request is filed by the first save without it. */
  requestId?: string | undefined;
  initialDraft: Draft;
  /** What a new request files: a new product, or a change to the live product in the draft. */
  kind: "create" | "update";
  /** Domains the user may file for. */
  domains: readonly string[];
  /** The product a saved draft or a change is about (its name cannot change). */
  fixedName?: string | undefined;
}

export interface FormMessage {
  tone: "ok" | "danger";
  text: string;
}

export function useRequestForm({
  requestId,
  initialDraft,
  kind,
  domains,
  fixedName,
}: RequestFormOptions) {
  const [draft, setDraft] = useState<Draft>(initialDraft);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const [serverIssues, setServerIssues] = useState<SpecIssue[]>([]);
  const [message, setMessage] = useState<FormMessage | null>(null);
  const issues = useMemo(
    () => [...filingIssues(draft, domains, fixedName), ...validateDraft(draft)],
    [draft, domains, fixedName],
  );
  const allIssues = useMemo(() => [...issues, ...serverIssues], [issues, serverIssues]);

  const touch = (path: FieldPath) => {
    setTouched((current) => new Set(current).add(formatPath(path)));
  };
  const fields: SpecFormState = {
    draft,
    issues: issuesByPath(allIssues),
    update: (path, value) => {
      setDraft((current) => setIn(current, path, value));
      setServerIssues([]);
      touch(path);
    },
    touch,
    showIssues: (path) => showAll || touched.has(formatPath(path)),
  };

  const save = useSaveRequest({
    requestId,
    draft,
    kind,
    onDraftSaved: () => {
      setMessage({ tone: "ok", text: "Draft saved." });
    },
    onFailure: (failure) => {
      setShowAll(true);
      const feedback = failureFeedback(failure);
      if (feedback.issues !== undefined) setServerIssues(feedback.issues);
      setMessage({ tone: "danger", text: feedback.message });
    },
  });

  return {
    fields,
    draft,
    /** The contract's issues: none means the spec may be submitted. */
    issues,
    /** The contract's and the API's issues, for the summary. */
    allIssues,
    /** Every field shows its issues (after a save, a submit or an import). */
    showAll,
    message,
    pending: save.isPending,
    saveDraft: () => {
      save.mutate(false);
    },
    submit: () => {
      setShowAll(true);
      if (issues.length === 0) save.mutate(true);
      else setMessage({ tone: "danger", text: "Fix the issues listed above before submitting." });
    },
    importDraft: (next: Draft) => {
      setDraft(next);
      setShowAll(true);
      const refused = filingIssues(next, domains, fixedName);
      setMessage(
        refused.length === 0
          ? { tone: "ok", text: "Spec imported; review it below." }
          : {
              tone: "danger",
              text: `Spec imported, but it cannot be saved here: ${refused.map((issue) => `${issue.path} ${issue.message}`).join("; ")}.`,
            },
      );
    },
    reportError: (text: string) => {
      setMessage({ tone: "danger", text });
    },
  };
}

/**
 * Saves the draft (creating the request the first time), then submits it when asked. A new
 * request is created by the first save; later attempts (e.g. a submit that failed after the draft
 * was created) update that draft instead of filing a second one.
 */
function useSaveRequest({
  requestId,
  draft,
  kind,
  onDraftSaved,
  onFailure,
}: Pick<RequestFormOptions, "requestId" | "kind"> & {
  draft: Draft;
  onDraftSaved: () => void;
  onFailure: (failure: unknown) => void;
}) {
  const router = useRouter();
  const [createdId, setCreatedId] = useState<string | undefined>(undefined);
  const draftId = requestId ?? createdId;
  return useMutation({
    mutationFn: async (submit: boolean) => {
      const saved = draftId
        ? await apiSend<RequestDetail>("PATCH", `/api/v1/requests/${draftId}`, { spec: draft })
        : await apiSend<RequestDetail>("POST", "/api/v1/requests", { kind, spec: draft });
      if (draftId === undefined) {
        setCreatedId(saved.id);
        window.history.replaceState(null, "", `/requests/${saved.id}/edit`);
      }
      if (submit) {
        try {
          await apiSend("POST", `/api/v1/requests/${saved.id}/submit`);
        } catch (error) {
          throw new SubmitFailedError(error);
        }
      }
      return { saved, submit };
    },
    onSuccess: ({ saved, submit }) => {
      if (submit) {
        router.push(`/requests/${saved.id}`);
        return;
      }
      onDraftSaved();
      if (!requestId) router.replace(`/requests/${saved.id}/edit`);
    },
    onError: onFailure,
  });
}
