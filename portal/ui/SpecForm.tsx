"use client";
/**
 * The request form over the DataProductSpec contract. The draft is plain data validated on every
 * change with the same zod schema the API uses; each issue is shown next to its field.
 */
import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useMemo, useState, type ChangeEvent } from "react";
import {
  AZURE_FLEX_MEMORY_MB,
  CLASSIFICATIONS,
  CLOUDS,
  INFERENCE_RUNTIMES,
  INFERENCE_TRIGGERS,
  formatPath,
  knownRegions,
  type Cloud,
  type SpecIssue,
} from "#contract";
import type { RequestDetail } from "../shared/api-schemas";
import {
  fieldId,
  getIn,
  issuesByPath,
  setIn,
  validateDraft,
  type Draft,
  type FieldPath,
} from "../shared/spec-draft";
import { ApiProblem, apiSend } from "./api-client";
import { SchemaEditor } from "./SchemaEditor";
import {
  CheckboxField,
  FieldIssues,
  NumberField,
  SelectField,
  SpecFormContext,
  TextField,
  useSpecForm,
  type SpecFormState,
} from "./SpecFields";
import { InputsPicker } from "./InputsPicker";
import { TierPicker } from "./TierPicker";

export interface SpecFormProps {
  requestId?: string;
  initialDraft: Draft;
  /** Domains the user may request for. */
  domains: readonly string[];
  /** What a new request files: a new product, or a change to the live product in the draft. */
  kind?: "create" | "update";
}

/** The draft was saved; only its submission failed (the message must not suggest data loss). */
class SubmitFailedError extends Error {
  constructor(cause: unknown) {
    super("submitting the saved draft failed", { cause });
  }
}

export function SpecForm({ requestId, initialDraft, domains, kind = "create" }: SpecFormProps) {
  const router = useRouter();
  const [draft, setDraft] = useState<Draft>(initialDraft);
  const [touched, setTouched] = useState<ReadonlySet<string>>(new Set());
  const [showAll, setShowAll] = useState(false);
  const [serverIssues, setServerIssues] = useState<SpecIssue[]>([]);
  const [message, setMessage] = useState<{ tone: "ok" | "danger"; text: string } | null>(null);
  const issues = useMemo(() => validateDraft(draft), [draft]);
  const allIssues = useMemo(() => [...issues, ...serverIssues], [issues, serverIssues]);

  const state: SpecFormState = {
    draft,
    issues: issuesByPath(allIssues),
    update: (path, value) => {
      setDraft((current) => setIn(current, path, value));
      setServerIssues([]);
      setTouched((current) => new Set(current).add(formatPath(path)));
    },
    touch: (path) => {
      setTouched((current) => new Set(current).add(formatPath(path)));
    },
    showIssues: (path) => showAll || touched.has(formatPath(path)),
  };

  // A new request is created by the first save; later attempts (e.g. a submit that failed after
  // the draft was created) update that draft instead of filing a second one.
  const [createdId, setCreatedId] = useState<string | undefined>(undefined);
  const draftId = requestId ?? createdId;

  const save = useMutation({
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
      setMessage({ tone: "ok", text: "Draft saved." });
      if (!requestId) router.replace(`/requests/${saved.id}/edit`);
    },
    onError: (failure) => {
      setShowAll(true);
      const error = failure instanceof SubmitFailedError ? failure.cause : failure;
      if (error instanceof ApiProblem) {
        // The API reports body-relative paths (spec.table…); the form's fields are spec-relative.
        setServerIssues(error.errors.map((e) => ({ ...e, path: e.path.replace(/^spec\.?/, "") })));
      }
      const text = error instanceof Error ? error.message : String(error);
      setMessage({
        tone: "danger",
        text:
          failure instanceof SubmitFailedError
            ? `Your draft is saved, but submitting it failed: ${text}`
            : text,
      });
    },
  });

  return (
    <SpecFormContext value={state}>
      <form
        aria-label="Data product request"
        noValidate
        onSubmit={(event) => {
          event.preventDefault();
          setShowAll(true);
          if (issues.length === 0) save.mutate(true);
          else
            setMessage({ tone: "danger", text: "Fix the issues listed above before submitting." });
        }}
      >
        <ImportExport
          draft={draft}
          onImport={(next) => {
            setDraft(next);
            setShowAll(true);
            setMessage({ tone: "ok", text: "Spec imported; review it below." });
          }}
          onError={(text) => {
            setMessage({ tone: "danger", text });
          }}
        />
        <IssueSummary issues={allIssues} visible={showAll} />
        {message && (
          <div
            className="alert"
            data-tone={message.tone}
            role={message.tone === "danger" ? "alert" : "status"}
          >
            {message.text}
          </div>
        )}
        <IdentitySection domains={domains} fixed={requestId !== undefined || kind === "update"} />
        <OwnersSection />
        <TierPicker />
        <TargetSection />
        <RetentionSection />
        <SchemaEditor />
        <SlaSection />
        <InferenceSection />
        <InputsPicker />
        <TagsSection />
        <div className="form-actions row">
          <button
            type="button"
            disabled={save.isPending}
            onClick={() => {
              save.mutate(false);
            }}
          >
            Save draft
          </button>
          <button type="submit" className="primary" disabled={save.isPending}>
            Submit for review
          </button>
          <span className="muted small" aria-live="polite">
            {save.isPending
              ? "Saving…"
              : issues.length === 0
                ? "The spec is valid."
                : `${issues.length} issue(s) to fix before submitting.`}
          </span>
        </div>
      </form>
    </SpecFormContext>
  );
}

function IssueSummary({ issues, visible }: { issues: readonly SpecIssue[]; visible: boolean }) {
  if (!visible || issues.length === 0) return null;
  return (
    <div className="alert issue-summary" data-tone="danger" role="alert">
      <strong>{issues.length} issue(s) stop this spec from validating:</strong>
      <ul>
        {issues.map((issue, index) => (
          <li key={index}>
            <a href={`#${fieldId(pathSegments(issue.path))}`}>
              {issue.path === "" ? "spec" : issue.path}
            </a>
            : {issue.message}
          </li>
        ))}
      </ul>
    </div>
  );
}

/** `table.columns[2].type` → ["table", "columns", 2, "type"] (inverse of formatPath). */
function pathSegments(path: string): FieldPath {
  return path
    .split(/\.|(?=\[)/)
    .filter((segment) => segment !== "")
    .map((segment) => (segment.startsWith("[") ? Number(segment.slice(1, -1)) : segment));
}

function download(filename: string, text: string, type: string) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = document.createElement("a");
  link.href = url;
  link.download = filename;
  link.click();
  URL.revokeObjectURL(url);
}

function ImportExport(props: {
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
    const { importDraft } = await import("../shared/spec-text");
    const result = importDraft(await file.text());
    if (result.ok) props.onImport(result.draft);
    else props.onError(result.message);
    event.target.value = "";
  };
  const exportAs = async (format: "yaml" | "json") => {
    const { draftToJson, draftToYaml } = await import("../shared/spec-text");
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

/** `fixed`: the request is about one product already (a saved draft, a change to a live one). */
function IdentitySection({ domains, fixed }: { domains: readonly string[]; fixed: boolean }) {
  return (
    <fieldset>
      <legend>Identity</legend>
      <div className="form-grid">
        <SelectField path={["domain"]} label="Domain" options={domains} />
        <TextField
          path={["name"]}
          label="Product name"
          hint={
            fixed
              ? "the product this request is about; file a new request for another"
              : "lowercase-with-hyphens, unique in the domain"
          }
          readOnly={fixed}
        />
        <TextField path={["displayName"]} label="Display name" />
      </div>
      <TextField path={["description"]} label="Description" multiline />
    </fieldset>
  );
}

function OwnersSection() {
  const { draft, update, touch } = useSpecForm();
  const emails = getIn(draft, ["owners", "emails"]);
  const text = Array.isArray(emails) ? emails.join(", ") : "";
  const path: FieldPath = ["owners", "emails"];
  return (
    <fieldset>
      <legend>Owners</legend>
      <div className="form-grid">
        <TextField path={["owners", "team"]} label="Owning team" />
        <div className="field">
          <label htmlFor={fieldId(path)}>Owner emails</label>
          <input
            type="text"
            id={fieldId(path)}
            // Remount when the draft changes elsewhere (import), so the text shows the new list.
            key={text}
            defaultValue={text}
            aria-describedby={`${fieldId(path)}-hint`}
            onBlur={(event) => {
              touch(path);
              const list = event.target.value.split(/[\s,;]+/).filter((email) => email !== "");
              update(path, list);
            }}
          />
          <p id={`${fieldId(path)}-hint`} className="field-hint">
            Comma-separated.
          </p>
          <FieldIssues path={path} />
          {Array.isArray(emails) &&
            emails.map((_, index) => <FieldIssues key={index} path={[...path, index]} />)}
        </div>
      </div>
    </fieldset>
  );
}

function TargetSection() {
  const { draft, update } = useSpecForm();
  const cloudValue = getIn(draft, ["target", "cloud"]);
  const cloud: Cloud = (CLOUDS as readonly unknown[]).includes(cloudValue)
    ? (cloudValue as Cloud)
    : "aws";
  const regions = knownRegions(cloud);
  const gold = getIn(draft, ["tier"]) === "gold";
  return (
    <fieldset>
      <legend>Classification and target</legend>
      <div className="form-grid">
        <SelectField
          path={["classification"]}
          label="Classification"
          options={CLASSIFICATIONS}
          hint="Columns flagged as PII need confidential or restricted."
        />
        <div className="field">
          <label htmlFor={fieldId(["target", "cloud"])}>Cloud</label>
          <select
            id={fieldId(["target", "cloud"])}
            value={cloud}
            onChange={(event) => {
              const next = event.target.value as Cloud;
              update(["target"], { cloud: next, region: knownRegions(next)[0] ?? "" });
            }}
          >
            {CLOUDS.map((option) => (
              <option key={option} value={option}>
                {option}
              </option>
            ))}
          </select>
          <FieldIssues path={["target", "cloud"]} />
        </div>
        <SelectField path={["target", "region"]} label="Region" options={regions} />
        {gold && cloud !== "local" && (
          <SelectField
            path={["target", "secondaryRegion"]}
            label="Secondary region"
            options={regions}
            optional
            hint="Leave empty for the default pair."
          />
        )}
      </div>
    </fieldset>
  );
}

function RetentionSection() {
  const { draft, update } = useSpecForm();
  const custom = getIn(draft, ["lifecycle"]) !== undefined;
  return (
    <fieldset>
      <legend>Retention and lifecycle</legend>
      <div className="form-grid">
        <NumberField
          path={["retentionDays"]}
          label="Retention (days)"
          hint="Empty: the tier's default."
          min={1}
        />
      </div>
      <label className="inline">
        <input
          type="checkbox"
          checked={custom}
          onChange={(event) => {
            update(
              ["lifecycle"],
              event.target.checked
                ? { coolAfterDays: 30, archiveAfterDays: 90, expireAfterDays: 365 }
                : undefined,
            );
          }}
        />
        Custom storage lifecycle (otherwise the tier&apos;s default)
      </label>
      {custom && (
        <div className="form-grid">
          <NumberField
            path={["lifecycle", "coolAfterDays"]}
            label="Move to cool storage after (days)"
          />
          <NumberField path={["lifecycle", "archiveAfterDays"]} label="Archive after (days)" />
          <NumberField path={["lifecycle", "expireAfterDays"]} label="Expire after (days)" />
        </div>
      )}
    </fieldset>
  );
}

function SlaSection() {
  return (
    <fieldset>
      <legend>Service levels</legend>
      <div className="form-grid">
        <NumberField path={["sla", "freshnessMinutes"]} label="Freshness (minutes)" />
        <NumberField path={["sla", "availabilityPercent"]} label="Availability (%)" step={0.01} />
        <NumberField path={["sla", "rpoMinutes"]} label="Recovery point objective (minutes)" />
        <NumberField path={["sla", "rtoMinutes"]} label="Recovery time objective (minutes)" />
      </div>
    </fieldset>
  );
}

const DEFAULT_INFERENCE = { memoryMb: 512, timeoutSeconds: 30, triggers: ["http"] };

function InferenceSection() {
  const { draft, update } = useSpecForm();
  const inference = getIn(draft, ["inference"]);
  const enabled = inference !== undefined;
  const usesImage = getIn(draft, ["inference", "image"]) !== undefined;
  const triggersValue = getIn(draft, ["inference", "triggers"]);
  const triggers = Array.isArray(triggersValue) ? (triggersValue as string[]) : [];
  return (
    <fieldset>
      <legend>Inference function (optional)</legend>
      <label className="inline">
        <input
          type="checkbox"
          checked={enabled}
          onChange={(event) => {
            update(["inference"], event.target.checked ? DEFAULT_INFERENCE : undefined);
          }}
        />
        Add a serverless inference function
      </label>
      <FieldIssues path={["inference"]} />
      {enabled && (
        <>
          <div className="row" role="radiogroup" aria-label="Inference source">
            <label className="inline">
              <input
                type="radio"
                name="inference-source"
                checked={!usesImage}
                onChange={() => {
                  update(["inference"], {
                    ...DEFAULT_INFERENCE,
                    ...pick(inference, ["memoryMb", "timeoutSeconds", "triggers"]),
                  });
                }}
              />
              Code package
            </label>
            <label className="inline">
              <input
                type="radio"
                name="inference-source"
                checked={usesImage}
                onChange={() => {
                  update(["inference"], {
                    ...pick(inference, ["memoryMb", "timeoutSeconds", "triggers"]),
                    image: "",
                  });
                }}
              />
              Container image
            </label>
          </div>
          <div className="form-grid">
            {usesImage ? (
              <TextField
                path={["inference", "image"]}
                label="Container image"
                placeholder="registry/repo:tag"
              />
            ) : (
              <>
                <SelectField
                  path={["inference", "runtime"]}
                  label="Runtime"
                  options={INFERENCE_RUNTIMES}
                  optional
                />
                <TextField
                  path={["inference", "handler"]}
                  label="Handler"
                  placeholder="app.predict"
                />
                <TextField
                  path={["inference", "artifact"]}
                  label="Code artifact URL"
                  placeholder="s3://…"
                />
              </>
            )}
            <NumberField
              path={["inference", "memoryMb"]}
              label="Memory (MB)"
              hint={`Azure offers ${AZURE_FLEX_MEMORY_MB.join(", ")} MB.`}
            />
            <NumberField path={["inference", "timeoutSeconds"]} label="Timeout (seconds)" />
            <NumberField path={["inference", "reservedConcurrency"]} label="Reserved concurrency" />
            <NumberField
              path={["inference", "provisionedConcurrency"]}
              label="Provisioned concurrency"
              min={0}
            />
          </div>
          <div className="row" role="group" aria-label="Triggers">
            {INFERENCE_TRIGGERS.map((trigger) => (
              <label key={trigger} className="inline">
                <input
                  type="checkbox"
                  checked={triggers.includes(trigger)}
                  onChange={(event) => {
                    update(
                      ["inference", "triggers"],
                      event.target.checked
                        ? [...triggers, trigger]
                        : triggers.filter((t) => t !== trigger),
                    );
                  }}
                />
                Trigger: {trigger}
              </label>
            ))}
          </div>
          <FieldIssues path={["inference", "triggers"]} />
        </>
      )}
    </fieldset>
  );
}

function pick(value: unknown, keys: readonly string[]): Record<string, unknown> {
  if (value === null || typeof value !== "object") return {};
  return Object.fromEntries(
    Object.entries(value as Record<string, unknown>).filter(([key]) => keys.includes(key)),
  );
}

function TagsSection() {
  const { draft, update } = useSpecForm();
  const tagsValue = getIn(draft, ["tags"]);
  const tags = Object.entries(
    tagsValue !== null && typeof tagsValue === "object"
      ? (tagsValue as Record<string, unknown>)
      : {},
  );
  const [newKey, setNewKey] = useState("");
  const [newValue, setNewValue] = useState("");
  return (
    <fieldset>
      <legend>Tags</legend>
      <FieldIssues path={["tags"]} />
      {tags.length > 0 && (
        <ul className="chips" aria-label="Tags">
          {tags.map(([key, value]) => (
            <li key={key}>
              <span>
                {key}={String(value)}
              </span>
              <button
                type="button"
                className="link"
                aria-label={`Remove tag ${key}`}
                onClick={() => {
                  update(["tags", key], undefined);
                }}
              >
                ✕
              </button>
              <FieldIssues path={["tags", key]} />
            </li>
          ))}
        </ul>
      )}
      <div className="row">
        <label htmlFor="tag-key" className="visually-hidden">
          Tag key
        </label>
        <input
          id="tag-key"
          type="text"
          placeholder="key"
          value={newKey}
          style={{ maxWidth: "12rem" }}
          onChange={(e) => {
            setNewKey(e.target.value);
          }}
        />
        <label htmlFor="tag-value" className="visually-hidden">
          Tag value
        </label>
        <input
          id="tag-value"
          type="text"
          placeholder="value"
          value={newValue}
          style={{ maxWidth: "12rem" }}
          onChange={(e) => {
            setNewValue(e.target.value);
          }}
        />
        <button
          type="button"
          disabled={newKey.trim() === ""}
          onClick={() => {
            update(["tags"], { ...Object.fromEntries(tags), [newKey.trim()]: newValue });
            setNewKey("");
            setNewValue("");
          }}
        >
          Add tag
        </button>
      </div>
    </fieldset>
  );
}

export { CheckboxField };
