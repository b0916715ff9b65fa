/** A timestamp people can read, with the exact ISO time in the element for tools and tests. */
export function Timestamp({ at }: { at: string | Date }) {
  const date = typeof at === "string" ? new Date(at) : at;
  return (
    <time dateTime={date.toISOString()} title={date.toISOString()}>
      {date.toLocaleString("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: "UTC" })}{" "}
      UTC
    </time>
  );
}
