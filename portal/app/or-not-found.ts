import "server-only";
/**
 * Pages look things up with the same services as the API, which throw NotFoundError for what is
 * missing or hidden from the viewer; a page answers that with its not-found page (a 404).
 */
import { notFound } from "next/navigation";
import { NotFoundError } from "../server/problems";

export async function orNotFound<T>(lookup: Promise<T>): Promise<T> {
  try {
    return await lookup;
  } catch (error) {
    if (error instanceof NotFoundError) notFound();
    throw error;
  }
}
