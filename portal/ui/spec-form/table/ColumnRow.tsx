"use client";
/** One column of the table editor: its fields, and buttons to move it up or down or remove it. */
import { CompactCheckbox, TextField } from "../fields";
import { COLUMNS } from "./table-parts";
import { TypePicker } from "./TypePicker";

export function ColumnRow(props: {
  index: number;
  /** How the row's controls name the column: its name, or its position while it has none. */
  label: string;
  count: number;
  onMove: (to: number) => void;
  onRemove: () => void;
}) {
  const path = [...COLUMNS, props.index];
  return (
    <tr>
      <td>
        <TextField path={[...path, "name"]} label={`Name of ${props.label}`} compact />
      </td>
      <td>
        <TypePicker path={[...path, "type"]} columnLabel={props.label} />
      </td>
      <td>
        <CompactCheckbox path={[...path, "required"]} label={`${props.label} is required`} />
      </td>
      <td>
        <CompactCheckbox path={[...path, "pii"]} label={`${props.label} holds personal data`} />
      </td>
      <td>
        <TextField path={[...path, "doc"]} label={`Description of ${props.label}`} compact />
      </td>
      <td>
        <div className="row" style={{ flexWrap: "nowrap" }}>
          <button
            type="button"
            className="icon-button"
            aria-label={`Move ${props.label} up`}
            disabled={props.index === 0}
            onClick={() => {
              props.onMove(props.index - 1);
            }}
          >
            ↑
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={`Move ${props.label} down`}
            disabled={props.index === props.count - 1}
            onClick={() => {
              props.onMove(props.index + 1);
            }}
          >
            ↓
          </button>
          <button
            type="button"
            className="icon-button"
            aria-label={`Remove ${props.label}`}
            onClick={props.onRemove}
          >
            ✕
          </button>
        </div>
      </td>
    </tr>
  );
}
