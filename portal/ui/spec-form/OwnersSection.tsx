"use client";
/** The owning team and its contacts; the emails are typed as one comma-separated list. */
import { fieldId, type FieldPath } from "../../shared/spec-draft";
import { listAt } from "./draft-values";
import { FieldIssues, TextField, useSpecForm } from "./fields";

const EMAILS: FieldPath = ["owners", "emails"];

export function OwnersSection() {
  const { draft, update, touch } = useSpecForm();
  const emails = listAt(draft, EMAILS);
  const text = emails.join(", ");
  return (
    <fieldset>
      <legend>Owners</legend>
      <div className="form-grid">
        <TextField path={["owners", "team"]} label="Owning team" />
        <div className="field">
          <label htmlFor={fieldId(EMAILS)}>Owner emails</label>
          <input
            type="text"
            id={fieldId(EMAILS)}
            // Remount when the draft changes elsewhere (import), so the text shows the new list.
            key={text}
            defaultValue={text}
            aria-describedby={`${fieldId(EMAILS)}-hint`}
            onBlur={(event) => {
              touch(EMAILS);
              const list = event.target.value.split(/[\s,;]+/).filter((email) => email !== "");
              update(EMAILS, list);
            }}
          />
          <p id={`${fieldId(EMAILS)}-hint`} className="field-hint">
            Comma-separated.
          </p>
          <FieldIssues path={EMAILS} />
          {emails.map((_, index) => (
            <FieldIssues key={index} path={[...EMAILS, index]} />
          ))}
        </div>
      </div>
    </fieldset>
  );
}
