"use client";
/**
 * The request form's state and submission in one place: the draft, which fields were touched,
 * the contract's issues (validated on every change with the schema the API uses) and the API's,
 * the message under the import bar, and saving or submitting the draft. The sections only read
 * and write the draft through the `fields` state (SpecFormContext).
 */
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useEffect, useMemo, useState } from "react";
import { formatPath, type SpecIssue } from "#contract/errors";
import type { RequestDetail } from "../../shared/api-schemas";
import {
  filingIssues,
  issuesByPath,
  setIn,
  type Draft,
  type FieldPath,
} from "../../shared/spec-draft";
import { messageOf } from "#lib/errors";
import { apiSend } from "../api-client";
import type { SpecFormState } from "./fields";
import { useLeaveGuard } from "./leave-guard";
import { SubmitFailedError, failureFeedback } from "./submission";
import { useContractIssues } from "./use-contract-issues";

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

/** How long the form waits after the last edit before it saves a draft by itself. */
export const AUTOSAVE_DELAY_MS = 800;

/**
 * Whether what is on screen is stored: `unsaved` (a new request nobody saved yet, or edits not
 * saved yet), `saving`, `saved`, or `failed` with why (the edits stay on screen).
 */
export type SaveState =
  | { kind: "unsaved" }
  | { kind: "saving" }
  | { kind: "saved" }
  | { kind: "failed"; message: string };

const sameDraft = (a: Draft, b: Draft) => a === b || JSON.stringify(a) === JSON.stringify(b);

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
  const contractIssues = useContractIssues(draft);
  const issues = useMemo(
    () => [...filingIssues(draft, domains, fixedName), ...contractIssues],
    [draft, domains, fixedName, contractIssues],
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

  const [savedDraft, setSavedDraft] = useState<Draft | undefined>(
    requestId === undefined ? undefined : initialDraft,
  );
  const dirty = savedDraft === undefined ? true : !sameDraft(draft, savedDraft);
  const save = useSaveRequest({
    requestId,
    kind,
    onSaved: setSavedDraft,
    onDraftSaved: (blocked) => {
      setMessage(
        blocked
          ? {
              tone: "danger",
              text: "Fix the issues listed above before submitting; your edits are saved as a draft.",
            }
          : { tone: "ok", text: "Draft saved." },
      );
    },
    onFailure: (failure) => {
      setShowAll(true);
      const feedback = failureFeedback(failure);
      if (feedback.issues !== undefined) setServerIssues(feedback.issues);
      setMessage({ tone: "danger", text: feedback.message });
    },
  });
  const autosave = useMutation({
    mutationFn: async ({ id, snapshot }: { id: string; snapshot: Draft }) => {
      await apiSend<RequestDetail>("PATCH", `/api/v1/requests/${id}`, { spec: snapshot });
      return snapshot;
    },
    onSuccess: setSavedDraft,
  });
  // A saved draft saves itself a moment after each edit (one save at a time; edits made while one
  // runs are saved by the next). A new request is filed only by "Save draft" or "Submit": filing
  // fixes its domain and name, which must not happen while they are being typed.
  const savedId = save.draftId;
  const busy = save.mutation.isPending || autosave.isPending;
  const { mutate: autosaveDraft, variables: lastAttempt } = autosave;
  // After a failed save, the same draft is not tried again by itself; the next edit tries.
  const failedThis = autosave.isError && lastAttempt?.snapshot === draft;
  useEffect(() => {
    if (savedId === undefined || !dirty || busy || failedThis) return;
    const timer = setTimeout(() => {
      autosaveDraft({ id: savedId, snapshot: draft });
    }, AUTOSAVE_DELAY_MS);
    return () => {
      clearTimeout(timer);
    };
  }, [draft, savedId, dirty, busy, failedThis, autosaveDraft]);
  useLeaveGuard(dirty && (savedDraft !== undefined || touched.size > 0));

  const saveState: SaveState = busy
    ? { kind: "saving" }
    : autosave.isError && dirty
      ? { kind: "failed", message: messageOf(autosave.error) }
      : dirty
        ? { kind: "unsaved" }
        : { kind: "saved" };

  /** `blocked`: a submit the form's own checks stopped, which still keeps the edits. */
  const saveNow = (submit: boolean, blocked = false) => {
    autosave.reset();
    save.mutation.mutate({ submit, blocked, snapshot: draft });
  };

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
    pending: save.mutation.isPending,
    saveState,
    saveDraft: () => {
      saveNow(false);
    },
    submit: () => {
      setShowAll(true);
      if (issues.length === 0) {
        saveNow(true);
        return;
      }
      // Blocked by the form's own checks: the edits are still kept, as a draft.
      setMessage({ tone: "danger", text: "Fix the issues listed above before submitting." });
      saveNow(false, true);
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
  kind,
  onSaved,
  onDraftSaved,
  onFailure,
}: Pick<RequestFormOptions, "requestId" | "kind"> & {
  /** The draft as stored now. */
  onSaved: (snapshot: Draft) => void;
  onDraftSaved: (blocked: boolean) => void;
  onFailure: (failure: unknown) => void;
}) {
  const router = useRouter();
  const [createdId, setCreatedId] = useState<string | undefined>(undefined);
  const draftId = requestId ?? createdId;
  const mutation = useMutation({
    mutationFn: async ({
      submit,
      snapshot,
    }: {
      submit: boolean;
      blocked: boolean;
      snapshot: Draft;
    }) => {
      const saved = draftId
        ? await apiSend<RequestDetail>("PATCH", `/api/v1/requests/${draftId}`, { spec: snapshot })
        : await apiSend<RequestDetail>("POST", "/api/v1/requests", { kind, spec: snapshot });
      onSaved(snapshot);
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
    onSuccess: ({ saved, submit }, { blocked }) => {
      if (submit) {
        router.push(`/requests/${saved.id}`);
        return;
      }
      onDraftSaved(blocked);
      if (!requestId) router.replace(`/requests/${saved.id}/edit`);
    },
    onError: onFailure,
  });
  return { mutation, draftId };
}
