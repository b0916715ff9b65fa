/**
 * The embedded database's front door. PGlite trusts whoever connects: it answers any startup
 * message with AuthenticationOk as superuser, and pglite-socket passes the startup message
 * straight to it. So each connection first goes through this gate, which speaks the startup phase
 * of the PostgreSQL wire protocol itself: it declines TLS and GSS encryption (loopback only),
 * asks for the password with SCRAM-SHA-256 (scram.ts says why that mechanism), and only once the
 * client has proved it knows the password hands the untouched startup message on to PGlite,
 * which then completes the handshake (AuthenticationOk, parameters, ReadyForQuery) as before.
 * A wrong password, another user or a malformed handshake ends the connection with the FATAL
 * error PostgreSQL sends (28P01 / 08P01), and nothing reaches PGlite.
 */
import type { Socket } from "node:net";
import { SCRAM_MECHANISM, ScramError, ScramExchange, type ScramVerifier } from "./scram";

const SSL_REQUEST = 80877103;
const GSSENC_REQUEST = 80877104;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3_0 = 196608;
/** PostgreSQL's own limit for a startup packet (MAX_STARTUP_PACKET_LENGTH). */
const MAX_STARTUP_BYTES = 10_000;
/** SASL messages are short; this is generous. */
const MAX_SASL_BYTES = 2_000;
const PASSWORD_MESSAGE = 0x70; // 'p': SASLInitialResponse and SASLResponse
const AUTH_SASL = 10;
const AUTH_SASL_CONTINUE = 11;
const AUTH_SASL_FINAL = 12;
/** A client that has not authenticated by then is dropped (PostgreSQL: authentication_timeout). */
const AUTHENTICATION_TIMEOUT_MS = 15_000;

export interface Credentials {
  /** The one role clients may name (PGlite runs everything as it). */
  user: string;
  verifier: ScramVerifier;
}

class ProtocolViolation extends Error {}
class ConnectionEnded extends Error {}

/** Reads length-framed messages from the socket as they arrive, before PGlite sees any. */
class MessageReader {
  #buffer = Buffer.alloc(0);
  #ended = false;
  #wake: (() => void) | undefined;
  readonly #socket: Socket;

  constructor(socket: Socket) {
    this.#socket = socket;
    socket.on("data", this.#onData);
    socket.on("end", this.#onEnd);
    socket.on("close", this.#onEnd);
    socket.on("error", this.#onEnd);
  }

  readonly #onData = (chunk: Buffer): void => {
    this.#buffer = Buffer.concat([this.#buffer, chunk]);
    this.#wake?.();
  };

  readonly #onEnd = (): void => {
    this.#ended = true;
    this.#wake?.();
  };

  async #need(bytes: number): Promise<void> {
    while (this.#buffer.length < bytes) {
      if (this.#ended) throw new ConnectionEnded();
      await new Promise<void>((resolve) => (this.#wake = resolve));
      this.#wake = undefined;
    }
  }

  #take(bytes: number): Buffer {
    const taken = this.#buffer.subarray(0, bytes);
    this.#buffer = this.#buffer.subarray(bytes);
    return taken;
  }

  /** A startup-phase packet (no type byte): its length, then its code and body. Whole. */
  async startupPacket(): Promise<Buffer> {
    await this.#need(8);
    const length = this.#buffer.readInt32BE(0);
    if (length < 8 || length > MAX_STARTUP_BYTES) throw new ProtocolViolation("invalid length");
    await this.#need(length);
    return this.#take(length);
  }

  /** A typed message's body. */
  async message(type: number): Promise<Buffer> {
    await this.#need(5);
    const length = this.#buffer.readInt32BE(1);
    if (this.#buffer[0] !== type) throw new ProtocolViolation("unexpected message type");
    if (length < 4 || length > MAX_SASL_BYTES) throw new ProtocolViolation("invalid length");
    await this.#need(1 + length);
    return this.#take(1 + length).subarray(5);
  }

  /** Stops reading (the socket stays paused) and returns what arrived beyond the handshake. */
  release(): Buffer {
    this.#socket.pause();
    this.#socket.off("data", this.#onData);
    this.#socket.off("end", this.#onEnd);
    this.#socket.off("close", this.#onEnd);
    this.#socket.off("error", this.#onEnd);
    return this.#take(this.#buffer.length);
  }
}

function authentication(code: number, data: Buffer = Buffer.alloc(0)): Buffer {
  const message = Buffer.alloc(9 + data.length);
  message.write("R", 0, "latin1");
  message.writeInt32BE(8 + data.length, 1);
  message.writeInt32BE(code, 5);
  data.copy(message, 9);
  return message;
}

/** A FATAL ErrorResponse, as PostgreSQL sends before closing a connection it refuses. */
export function fatalError(sqlState: string, text: string): Buffer {
  const fields = ["SFATAL", "VFATAL", `C${sqlState}`, `M${text}`].map((field) =>
    Buffer.from(`${field}\0`, "utf8"),
  );
  const body = Buffer.concat([...fields, Buffer.from([0])]);
  const header = Buffer.alloc(5);
  header.write("E", 0, "latin1");
  header.writeInt32BE(4 + body.length, 1);
  return Buffer.concat([header, body]);
}

/** The StartupMessage's parameters (user, database, …). */
function startupParameters(packet: Buffer): Map<string, string> {
  const parts = packet.subarray(8).toString("utf8").split("\0");
  const parameters = new Map<string, string>();
  for (let i = 0; i + 1 < parts.length && parts[i] !== ""; i += 2) {
    parameters.set(parts[i] ?? "", parts[i + 1] ?? "");
  }
  return parameters;
}

/**
 * The StartupMessage, after declining the encryption requests that may precede it; undefined
 * for a CancelRequest (PGlite has no backend to cancel: the connection just closes).
 */
async function readStartup(socket: Socket, reader: MessageReader): Promise<Buffer | undefined> {
  for (;;) {
    const packet = await reader.startupPacket();
    const code = packet.readInt32BE(4);
    if (code === SSL_REQUEST || code === GSSENC_REQUEST) {
      socket.write("N");
      continue;
    }
    if (code === CANCEL_REQUEST) return undefined;
    if (code !== PROTOCOL_3_0) throw new ProtocolViolation("unsupported frontend protocol");
    return packet;
  }
}

/** SASLInitialResponse: the mechanism, then the client-first-message. */
function initialResponse(body: Buffer): string {
  const end = body.indexOf(0);
  if (end === -1 || body.toString("utf8", 0, end) !== SCRAM_MECHANISM) {
    throw new ProtocolViolation(`${SCRAM_MECHANISM} expected`);
  }
  const length = body.readInt32BE(end + 1);
  return body.toString("utf8", end + 5, end + 5 + Math.max(length, 0));
}

/** The SCRAM exchange; throws ScramError when the client's proof is wrong. */
async function scram(socket: Socket, reader: MessageReader, verifier: ScramVerifier) {
  const exchange = new ScramExchange(verifier);
  socket.write(authentication(AUTH_SASL, Buffer.from(`${SCRAM_MECHANISM}\0\0`)));
  const serverFirst = exchange.start(initialResponse(await reader.message(PASSWORD_MESSAGE)));
  socket.write(authentication(AUTH_SASL_CONTINUE, Buffer.from(serverFirst)));
  const serverFinal = exchange.finish((await reader.message(PASSWORD_MESSAGE)).toString("utf8"));
  socket.write(authentication(AUTH_SASL_FINAL, Buffer.from(serverFinal)));
}

/**
 * Authenticates the client on `socket`. Resolves to the bytes PGlite must see first (the startup
 * message and whatever followed it), with the socket paused and this gate's listeners gone;
 * or to undefined once a refused connection has been told why and closed.
 */
export async function authenticate(
  socket: Socket,
  credentials: Credentials,
): Promise<Buffer | undefined> {
  socket.setTimeout(AUTHENTICATION_TIMEOUT_MS, () => socket.destroy());
  const reader = new MessageReader(socket);
  let user = "";
  try {
    const startup = await readStartup(socket, reader);
    if (startup === undefined) {
      socket.end();
      return undefined;
    }
    user = startupParameters(startup).get("user") ?? "";
    await scram(socket, reader, credentials.verifier);
    // Checked after the exchange, so that a wrong user name is told apart from a wrong password
    // by nobody, as in PostgreSQL.
    if (user !== credentials.user) throw new ScramError("unknown user");
    socket.setTimeout(0);
    return Buffer.concat([startup, reader.release()]);
  } catch (error) {
    refuse(socket, error, user);
    return undefined;
  }
}

function refuse(socket: Socket, error: unknown, user: string): void {
  if (error instanceof ScramError) {
    socket.end(fatalError("28P01", `password authentication failed for user "${user}"`));
  } else if (error instanceof ProtocolViolation || error instanceof RangeError) {
    socket.end(fatalError("08P01", `invalid startup packet: ${error.message}`));
  } else {
    socket.destroy();
  }
}
