/**
 * The server side of SCRAM-SHA-256 (RFC 5802, RFC 7677), the password exchange PostgreSQL uses by
 * default, for the embedded database's socket (wire-auth.ts). Chosen over a cleartext or md5
 * password because the password never crosses the socket: a local process that listens on the
 * port first (the server was down) learns nothing it could replay, and the client checks the
 * server's signature, so it cannot be fooled into talking to an impostor either. Every Postgres
 * client speaks it (pg, libpq/psql, JDBC).
 *
 * No channel binding (no TLS on loopback): the mechanism offered is SCRAM-SHA-256 only. The
 * username inside SCRAM is ignored, as PostgreSQL does (it takes the startup message's).
 */
import { createHash, createHmac, pbkdf2Sync, randomBytes, timingSafeEqual } from "node:crypto";

export const SCRAM_MECHANISM = "SCRAM-SHA-256";
/** PostgreSQL's default (scram_iterations). */
const ITERATIONS = 4096;
const KEY_BYTES = 32;

/** What the server keeps instead of the password: enough to check a proof, not to make one. */
export interface ScramVerifier {
  salt: Buffer;
  iterations: number;
  storedKey: Buffer;
  serverKey: Buffer;
}

function hmac(key: Buffer, text: string): Buffer {
  return createHmac("sha256", key).update(text).digest();
}

function sha256(data: Buffer): Buffer {
  return createHash("sha256").update(data).digest();
}

/** `password` must be ASCII: SASLprep leaves it as it is then, on both sides. */
export function scramVerifier(password: string, salt: Buffer = randomBytes(16)): ScramVerifier {
  const salted = pbkdf2Sync(password, salt, ITERATIONS, KEY_BYTES, "sha256");
  return {
    salt,
    iterations: ITERATIONS,
    storedKey: sha256(hmac(salted, "Client Key")),
    serverKey: hmac(salted, "Server Key"),
  };
}

export class ScramError extends Error {
  override name = "ScramError";
}

/** The attributes of a SCRAM message (`a=value,b=value`), in order. */
function attributes(message: string): Map<string, string> {
  const parsed = new Map<string, string>();
  for (const part of message.split(",")) {
    const match = /^([A-Za-z])=(.*)$/s.exec(part);
    if (match?.[1] === undefined || match[2] === undefined) {
      throw new ScramError(`malformed SCRAM attribute "${part}"`);
    }
    if (!parsed.has(match[1])) parsed.set(match[1], match[2]);
  }
  return parsed;
}

function required(values: Map<string, string>, name: string): string {
  const value = values.get(name);
  if (value === undefined || value === "") throw new ScramError(`SCRAM attribute ${name} missing`);
  return value;
}

/** One exchange: the client's first message in, the server's first out, then the final pair. */
export class ScramExchange {
  readonly #verifier: ScramVerifier;
  #gs2Header = "";
  #clientFirstBare = "";
  #serverFirst = "";
  #nonce = "";

  constructor(verifier: ScramVerifier) {
    this.#verifier = verifier;
  }

  /** client-first-message → server-first-message. */
  start(clientFirst: string): string {
    // gs2-header: "n,," (no channel binding) or "y,," (client could, but we offered none).
    const match = /^([ny]),(a=[^,]*)?,(.*)$/s.exec(clientFirst);
    if (match?.[1] === undefined || match[3] === undefined) {
      throw new ScramError("SCRAM without channel binding expected (gs2 header n,, or y,,)");
    }
    this.#gs2Header = `${match[1]},${match[2] ?? ""},`;
    this.#clientFirstBare = match[3];
    const clientNonce = required(attributes(this.#clientFirstBare), "r");
    this.#nonce = clientNonce + randomBytes(18).toString("base64");
    const { salt, iterations } = this.#verifier;
    this.#serverFirst = `r=${this.#nonce},s=${salt.toString("base64")},i=${String(iterations)}`;
    return this.#serverFirst;
  }

  /**
   * client-final-message → server-final-message when the client proved it knows the password;
   * throws ScramError otherwise.
   */
  finish(clientFinal: string): string {
    const proofAt = clientFinal.lastIndexOf(",p=");
    if (this.#serverFirst === "" || proofAt === -1) throw new ScramError("SCRAM proof missing");
    const withoutProof = clientFinal.slice(0, proofAt);
    const values = attributes(withoutProof);
    if (required(values, "c") !== Buffer.from(this.#gs2Header).toString("base64")) {
      throw new ScramError("SCRAM channel binding does not match");
    }
    if (required(values, "r") !== this.#nonce) throw new ScramError("SCRAM nonce does not match");
    const authMessage = `${this.#clientFirstBare},${this.#serverFirst},${withoutProof}`;
    const { storedKey, serverKey } = this.#verifier;
    const proof = Buffer.from(clientFinal.slice(proofAt + 3), "base64");
    const signature = hmac(storedKey, authMessage);
    if (proof.length !== signature.length) throw new ScramError("wrong password");
    const clientKey = Buffer.from(proof.map((byte, i) => byte ^ (signature[i] ?? 0)));
    if (!timingSafeEqual(sha256(clientKey), storedKey)) throw new ScramError("wrong password");
    return `v=${hmac(serverKey, authMessage).toString("base64")}`;
  }
}
