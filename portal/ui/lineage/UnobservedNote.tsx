/**
 * The note above the lineage graph naming the declared inputs no event has shown yet (drawn
 * dashed). A few are listed inline; more are behind a summary, so a product with many declared
 * inputs does not push the graph down with a paragraph of pairs.
 */
/** Above this many, the declared-but-unobserved pairs are listed on demand, not as a wall of text. */
const UNOBSERVED_INLINE = 3;

export function UnobservedNote({ pairs }: { pairs: string[] }) {
  const summary = `⚠ ${pairs.length} declared input${pairs.length === 1 ? "" : "s"} never observed (dashed)`;
  if (pairs.length <= UNOBSERVED_INLINE)
    return (
      <p className="alert" role="note">
        {summary}: {pairs.join("; ")}
      </p>
    );
  return (
    <details className="alert" role="note">
      <summary>{summary}</summary>
      <ul>
        {pairs.map((pair, index) => (
          <li key={`${String(index)}:${pair}`}>{pair}</li>
        ))}
      </ul>
    </details>
  );
}
