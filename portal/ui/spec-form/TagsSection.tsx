"use client";
/** Free-form key=value tags: the list with a remove button each, and a key/value pair to add. */
import { useState } from "react";
import { recordAt } from "./draft-values";
import { FieldIssues, useSpecForm } from "./fields";

export function TagsSection() {
  const { draft, update } = useSpecForm();
  const tags = Object.entries(recordAt(draft, ["tags"]));
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
      <NewTag
        onAdd={(key, value) => {
          update(["tags"], { ...Object.fromEntries(tags), [key]: value });
        }}
      />
    </fieldset>
  );
}

function NewTag({ onAdd }: { onAdd: (key: string, value: string) => void }) {
  const [key, setKey] = useState("");
  const [value, setValue] = useState("");
  return (
    <div className="row">
      <label htmlFor="tag-key" className="visually-hidden">
        Tag key
      </label>
      <input
        id="tag-key"
        type="text"
        placeholder="key"
        value={key}
        style={{ maxWidth: "12rem" }}
        onChange={(e) => {
          setKey(e.target.value);
        }}
      />
      <label htmlFor="tag-value" className="visually-hidden">
        Tag value
      </label>
      <input
        id="tag-value"
        type="text"
        placeholder="value"
        value={value}
        style={{ maxWidth: "12rem" }}
        onChange={(e) => {
          setValue(e.target.value);
        }}
      />
      <button
        type="button"
        disabled={key.trim() === ""}
        onClick={() => {
          onAdd(key.trim(), value);
          setKey("");
          setValue("");
        }}
      >
        Add tag
      </button>
    </div>
  );
}
