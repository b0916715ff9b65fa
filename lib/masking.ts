/**
 * Masks secrets in text and JSON-like values before they are stored or shown (the worker's engine
 * events and errors, the portal's error log, the specs and outputs the portal shows). Three
 * sources: secret values the caller knows (a stack's secret config), credentials found in the
 * environment, and strings shaped like well-known tokens. Pure.
 */
export const MASK = "[secret]";

/** Environment variables whose values are credentials, by name. */
const CREDENTIAL_NAME = /(SECRET|TOKEN|PASSWORD|PASSPHRASE|CREDENTIAL|PRIVATE_KEY|ACCESS_KEY)/i;

/** Values shorter than this are not masked by value: masking "dev" or "1" would mangle the log. */
const MIN_SECRET_LENGTH = 6;

/**
 * Token shapes: AWS access keys, Pulumi, GitHub and Slack tokens, JWTs, bearer headers, PEM keys,
 * the password in a URL (`postgresql://user:password@host`), the signature of an Azure shared
 * access signature (`…?sv=…&sig=…`, e.g. an inference artifact's URL) and `secret=…`-style
 * assignments.
 */
const TOKEN_PATTERNS: readonly RegExp[] = [
  /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/g,
  /\bpul-[0-9a-f]{40}\b/g,
  /\bgh[pousr]_[A-Za-z0-9]{36,}\b/g,
  /\bxox[abprs]-[A-Za-z0-9-]{10,}\b/g,
  /\beyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}\b/g,
  /(\bBearer\s+)[A-Za-z0-9._~+/=-]{8,}/gi,
  /-----BEGIN [A-Z ]*PRIVATE KEY-----[\s\S]*?-----END [A-Z ]*PRIVATE KEY-----/g,
  /("private_key"\s*:\s*")[^"]+/g,
  /(\b[a-z][a-z0-9+.-]*:\/\/[^\s:/@]+:)[^\s@/]+(?=@)/gi,
  /([?&]sig=)[^&\s"']+/gi,
  /(\b(?:secret|password|passwd|passphrase|token|api[_-]?key)\s*[=:]\s*)[^\s&;,"']+/gi,
];

/** Values of credential-named variables in `env` (e.g. AWS_SECRET_ACCESS_KEY, ARM_CLIENT_SECRET). */
export function credentialValues(env: Readonly<Record<string, string | undefined>>): string[] {
  return Object.entries(env)
    .filter(([name, value]) => CREDENTIAL_NAME.test(name) && value !== undefined)
    .map(([, value]) => value ?? "");
}

export interface Masker {
  text: (input: string) => string;
  /** Masks every string inside a JSON-like value (keys included). */
  value: <T>(input: T) => T;
}

export function createMasker(secrets: Iterable<string>): Masker {
  // Longest first, so a secret containing another is masked whole.
  const known = [...new Set(secrets)]
    .filter((secret) => secret.length >= MIN_SECRET_LENGTH)
    .sort((a, b) => b.length - a.length);
  const text = (input: string): string => {
    let output = input;
    for (const secret of known) output = output.split(secret).join(MASK);
    for (const pattern of TOKEN_PATTERNS) {
      output = output.replace(pattern, (match, prefix: unknown) =>
        typeof prefix === "string" && match.startsWith(prefix) ? `${prefix}${MASK}` : MASK,
      );
    }
    return output;
  };
  const value = <T>(input: T): T => maskValue(input, text) as T;
  return { text, value };
}

function maskValue(input: unknown, text: (s: string) => string): unknown {
  if (typeof input === "string") return text(input);
  if (Array.isArray(input)) return input.map((item) => maskValue(item, text));
  if (input !== null && typeof input === "object") {
    return Object.fromEntries(
      Object.entries(input).map(([key, item]) => [text(key), maskValue(item, text)]),
    );
  }
  return input;
}

/** Masks what has a token's shape only: the portal knows no stack secrets. */
const shownMasker = createMasker([]);

/**
 * A spec or a product's outputs as the portal shows and returns them: every token-shaped string
 * masked, such as the signature of an Azure artifact's SAS URL. What deploys read stays as stored.
 */
export function maskForDisplay<T>(value: T): T {
  return shownMasker.value(value);
}

export interface Restored<T> {
  value: T;
  /** Where strings still hold MASK (keys, array indices): a masked value edited, not kept or replaced. */
  masked: (string | number)[][];
}

/**
 * `edited` (a spec the client was shown through maskForDisplay and sends back) with every string
 * it got masked and returned unchanged restored from `stored` at the same place, so a save never
 * replaces a signature with the mask. Whatever else still holds MASK is listed: the value would
 * be deployed broken.
 */
export function restoreMasked<T>(edited: T, stored: unknown): Restored<T> {
  const masked: (string | number)[][] = [];
  const value = restore(edited, stored, [], masked) as T;
  return { value, masked };
}

function restore(
  edited: unknown,
  stored: unknown,
  path: (string | number)[],
  masked: (string | number)[][],
): unknown {
  if (typeof edited === "string") {
    if (typeof stored === "string" && edited !== stored && shownMasker.text(stored) === edited) {
      return stored;
    }
    if (edited.includes(MASK)) masked.push(path);
    return edited;
  }
  if (Array.isArray(edited)) {
    const before: unknown[] = Array.isArray(stored) ? stored : [];
    return edited.map((item, index) => restore(item, before[index], [...path, index], masked));
  }
  if (edited !== null && typeof edited === "object") {
    const before = (stored !== null && typeof stored === "object" ? stored : {}) as Record<
      string,
      unknown
    >;
    return Object.fromEntries(
      Object.entries(edited).map(([key, item]) => [
        key,
        restore(item, before[key], [...path, key], masked),
      ]),
    );
  }
  return edited;
}
