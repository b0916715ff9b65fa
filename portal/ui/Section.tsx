/**
 * A titled region of a page. The region takes its accessible name from its h2 (aria-labelledby),
 * which is how the e2e journeys and assistive technology find "Owners", "Outputs" and the rest.
 */
import type { ReactNode } from "react";

export function Section({
  id,
  title,
  card = false,
  children,
}: {
  /** The heading's id: unique on the page. */
  id: string;
  title: ReactNode;
  /** Drawn as a card (the heading then sits flush with the card's top). */
  card?: boolean;
  children?: ReactNode;
}) {
  return (
    <section className={card ? "card" : undefined} aria-labelledby={id}>
      <h2 id={id} style={card ? { marginTop: 0 } : undefined}>
        {title}
      </h2>
      {children}
    </section>
  );
}
