"use client";
/** Which product this is: its domain, name, display name and description. */
import { SelectField, TextField } from "./fields";

/** `fixed`: the request is about one product already (a saved draft, a change to a live one). */
export function IdentitySection({
  domains,
  fixed,
}: {
  domains: readonly string[];
  fixed: boolean;
}) {
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
