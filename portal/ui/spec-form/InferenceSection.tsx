"use client";
/**
 * The optional serverless inference function: a code package (runtime, handler, artifact) or a
 * container image, its sizing, and what triggers it. Switching the source keeps the sizing.
 */
import { AZURE_FLEX_MEMORY_MB, INFERENCE_RUNTIMES, INFERENCE_TRIGGERS } from "#contract/vocabulary";
import { getIn } from "../../shared/spec-draft";
import { listAt, pick } from "./draft-values";
import {
  FieldIssues,
  NumberField,
  OptionalPart,
  SelectField,
  TextField,
  useSpecForm,
} from "./fields";

const DEFAULT_INFERENCE = { memoryMb: 512, timeoutSeconds: 30, triggers: ["http"] };

/** What both sources share, kept when the user switches between them. */
const SIZING = ["memoryMb", "timeoutSeconds", "triggers"];

export function InferenceSection() {
  const { draft } = useSpecForm();
  const enabled = getIn(draft, ["inference"]) !== undefined;
  return (
    <fieldset>
      <legend>Inference function (optional)</legend>
      <OptionalPart path={["inference"]} initial={DEFAULT_INFERENCE}>
        Add a serverless inference function
      </OptionalPart>
      <FieldIssues path={["inference"]} />
      {enabled && <InferenceFields />}
    </fieldset>
  );
}

function InferenceFields() {
  const { draft } = useSpecForm();
  const usesImage = getIn(draft, ["inference", "image"]) !== undefined;
  return (
    <>
      <SourceChoice usesImage={usesImage} />
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
            <TextField path={["inference", "handler"]} label="Handler" placeholder="app.predict" />
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
      <TriggerChoice />
      <FieldIssues path={["inference", "triggers"]} />
    </>
  );
}

function SourceChoice({ usesImage }: { usesImage: boolean }) {
  const { draft, update } = useSpecForm();
  const sizing = pick(getIn(draft, ["inference"]), SIZING);
  return (
    <div className="row" role="radiogroup" aria-label="Inference source">
      <label className="inline">
        <input
          type="radio"
          name="inference-source"
          checked={!usesImage}
          onChange={() => {
            update(["inference"], { ...DEFAULT_INFERENCE, ...sizing });
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
            update(["inference"], { ...sizing, image: "" });
          }}
        />
        Container image
      </label>
    </div>
  );
}

function TriggerChoice() {
  const { draft, update } = useSpecForm();
  const triggers = listAt(draft, ["inference", "triggers"]);
  return (
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
  );
}
