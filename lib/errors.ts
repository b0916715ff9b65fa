/** What to say about anything thrown: an Error's message, or the thrown value as text. Pure. */
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
