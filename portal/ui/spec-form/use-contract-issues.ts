/**
 * The contract's issues with the draft, revalidated on every change once the validator has loaded.
 * It loads after the form's first paint (zod and the spec schema would push the form's first load
 * past 200 KB gzipped, docs/performance.md measure 6); until then, a few milliseconds, there are
 * none to show, and a submit in that window is checked by the API with the same parser.
 */
import { useEffect, useMemo, useState } from "react";
import type { SpecIssue } from "#contract/errors";
import type { Draft } from "../../shared/spec-draft";

type Validate = (draft: Draft) => SpecIssue[];

export function useContractIssues(draft: Draft): SpecIssue[] {
  const [validate, setValidate] = useState<Validate | undefined>(undefined);
  useEffect(() => {
    let current = true;
    void import("../../shared/spec-draft-validation").then(({ validateDraft }) => {
      if (current) setValidate(() => validateDraft);
    });
    return () => {
      current = false;
    };
  }, []);
  return useMemo(() => (validate === undefined ? [] : validate(draft)), [validate, draft]);
}
