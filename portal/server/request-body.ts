import "server-only";
/**
 * Reading an /api/v1 request's JSON body within limits, before anything parses it: at most
 * MESHPLANE_MAX_BODY_BYTES (413), counted while the body streams in (a declared Content-Length
 * beyond it is refused before reading) and after decompression, so a small gzip bomb is stopped
 * at the limit rather than inflated into memory; `Content-Encoding: gzip` or `deflate` (the
 * OpenLineage HTTP transport's compression option) are accepted, other encodings answer 415; and
 * nesting is bounded (400) by a scan of the text before JSON.parse, so no recursive walker
 * further on (zod, canonical JSON) meets an unbounded depth.
 */
import { ApiError } from "./problems";

/** Deeper JSON than this is refused: real specs and OpenLineage events stay far below it. */
export const MAX_JSON_DEPTH = 64;

export interface BodyLimits {
  maxBytes: number;
  maxDepth?: number;
  /** The JSON parser; the Iceberg catalog's keeps 64-bit integers exact. */
  parse?: (text: string) => unknown;
}

const JSON_TYPE = /^application\/([\w.+-]+\+)?json\b/i;

/** The decompressor for a Content-Encoding, `undefined` for none; 415 for anything else. */
function decoderFor(header: string | null): DecompressionStream | undefined {
  const codings = (header ?? "")
    .split(",")
    .map((coding) => coding.trim().toLowerCase())
    .filter((coding) => coding !== "" && coding !== "identity");
  if (codings.length === 0) return undefined;
  const [coding] = codings;
  if (codings.length === 1 && (coding === "gzip" || coding === "x-gzip"))
    return new DecompressionStream("gzip");
  if (codings.length === 1 && coding === "deflate") return new DecompressionStream("deflate");
  throw new ApiError(
    415,
    "Unsupported media type",
    `Content-Encoding ${header ?? ""} is not supported: send the body as is, gzip or deflate`,
  );
}

function tooLarge(maxBytes: number): ApiError {
  return new ApiError(
    413,
    "Payload too large",
    `the body exceeds ${maxBytes} bytes (MESHPLANE_MAX_BODY_BYTES), counted after decompression`,
  );
}

/**
 * The body's bytes, decompressed, refusing it as soon as more than `maxBytes` arrived (compressed
 * or not: the compressed stream can never be larger than what it decompresses to be allowed).
 */
export async function readBodyBytes(request: Request, maxBytes: number): Promise<Uint8Array> {
  const decoder = decoderFor(request.headers.get("content-encoding"));
  const declared = Number(request.headers.get("content-length") ?? "");
  if (decoder === undefined && Number.isFinite(declared) && declared > maxBytes)
    throw tooLarge(maxBytes);
  if (request.body === null) return new Uint8Array();
  const stream = decoder === undefined ? request.body : request.body.pipeThrough(decoder);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      if (total > maxBytes) throw tooLarge(maxBytes);
      chunks.push(value);
    }
  } catch (error) {
    await reader.cancel().catch(() => undefined);
    if (error instanceof ApiError) throw error;
    throw new ApiError(
      400,
      "Bad request",
      decoder === undefined
        ? "the body could not be read"
        : "the body is not valid for its Content-Encoding",
    );
  }
  return Buffer.concat(chunks);
}

/**
 * How deeply `text` nests arrays and objects, stopping once beyond `limit` (strings skipped,
 * escapes included). Linear and iterative: the guard in front of every recursive walker.
 */
export function jsonDepthExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i += 1) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i += 1;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      depth += 1;
      if (depth > limit) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) depth -= 1;
  }
  return false;
}

/** The body as JSON, within `limits`: 415 if it is not JSON, 413 too large, 400 malformed or too deep. */
export async function readJsonBody(request: Request, limits: BodyLimits): Promise<unknown> {
  const type = request.headers.get("content-type") ?? "";
  if (!JSON_TYPE.test(type)) {
    throw new ApiError(415, "Unsupported media type", "send the body as application/json");
  }
  const text = new TextDecoder().decode(await readBodyBytes(request, limits.maxBytes));
  const maxDepth = limits.maxDepth ?? MAX_JSON_DEPTH;
  if (jsonDepthExceeds(text, maxDepth))
    throw new ApiError(
      400,
      "Bad request",
      `the body nests arrays and objects deeper than ${maxDepth} levels`,
    );
  try {
    return (limits.parse ?? JSON.parse)(text) as unknown;
  } catch {
    throw new ApiError(400, "Bad request", "the body is not valid JSON");
  }
}
