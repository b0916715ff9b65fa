/**
 * Serialises the wire-protocol traffic of several client connections onto PGlite's one session.
 *
 * pglite-socket 0.2.17 queues each incoming protocol message and only keeps a connection's
 * messages together while an explicit transaction is open. Between a client's Parse and its Sync
 * (one extended-protocol query) another connection's Parse can run, replacing the unnamed
 * statement: with a pg Pool of several connections and a parameter too big for one TCP read, a
 * query then fails ("bind message supplies 2 parameters, but prepared statement \"\" requires 1")
 * or returns another query's rows. This queue instead hands the session to one connection at a
 * time and takes it back only when PGlite answers ReadyForQuery with status idle: after a whole
 * query cycle, outside any transaction block, and not in the middle of a COPY.
 */
import type { PGlite } from "@electric-sql/pglite";
import type { PGLiteSocketHandlerOptions } from "@electric-sql/pglite-socket";

type LibraryQueue = PGLiteSocketHandlerOptions["queryQueue"];
/** The part of the library's queue that PGLiteSocketHandler calls. */
type HandlerQueue = Pick<
  LibraryQueue,
  "enqueue" | "clearQueueForHandler" | "clearTransactionIfNeeded"
>;

interface Job {
  handlerId: number;
  /** A client message, or undefined for the clean-up after a client left mid-cycle. */
  message: Uint8Array | undefined;
  onData: (data: Uint8Array) => void;
  resolve: (bytes: number) => void;
  reject: (error: Error) => void;
}

const READY_FOR_QUERY = 0x5a; // 'Z'
const IDLE = 0x49; // 'I': not in a transaction block
const SYNC = Uint8Array.of(0x53, 0, 0, 0, 4);

function simpleQuery(sql: string): Uint8Array {
  const body = Buffer.from(`${sql}\0`, "utf8");
  const message = Buffer.alloc(5 + body.length);
  message.write("Q", 0, "latin1");
  message.writeInt32BE(4 + body.length, 1);
  body.copy(message, 5);
  return message;
}

/** Follows the backend message framing of a response to tell whether it ended idle. */
class ResponseTracker {
  idle = false;
  bytes = 0;
  #header: number[] = [];
  #type = 0;
  #remaining = 0;

  see(data: Uint8Array): void {
    this.bytes += data.length;
    let i = 0;
    while (i < data.length) {
      if (this.#remaining > 0) {
        // ReadyForQuery's body is its one status byte.
        if (this.#type === READY_FOR_QUERY) this.idle = data[i] === IDLE;
        const skip = Math.min(this.#remaining, data.length - i);
        i += skip;
        this.#remaining -= skip;
      } else {
        this.#header.push(data[i++] ?? 0);
        if (this.#header.length === 5) this.#startMessage();
      }
    }
  }

  #startMessage(): void {
    const [type = 0, b1 = 0, b2 = 0, b3 = 0, b4 = 0] = this.#header;
    this.#type = type;
    this.#remaining = ((b1 << 24) | (b2 << 16) | (b3 << 8) | b4) - 4;
    this.#header = [];
    this.idle = false;
  }
}

export class SessionQueue implements HandlerQueue {
  readonly #db: PGlite;
  #jobs: Job[] = [];
  /** The connection that holds the session until its query cycle or transaction ends. */
  #owner: number | undefined;
  /** The connection whose message PGlite is executing right now. */
  #running: number | undefined;
  #draining = false;

  constructor(db: PGlite) {
    this.#db = db;
  }

  /** Stands in for the library's queue, whose declared type has private members. */
  asHandlerQueue(): LibraryQueue {
    return this as unknown as LibraryQueue;
  }

  enqueue(
    handlerId: number,
    message: Uint8Array,
    onData: (data: Uint8Array) => void,
  ): Promise<number> {
    return new Promise((resolve, reject) => {
      this.#jobs.push({ handlerId, message, onData, resolve, reject });
      void this.#drain();
    });
  }

  clearQueueForHandler(handlerId: number): void {
    for (const job of this.#jobs.filter((queued) => queued.handlerId === handlerId)) {
      job.reject(new Error("Handler disconnected"));
    }
    this.#jobs = this.#jobs.filter((job) => job.handlerId !== handlerId);
  }

  /** A client that leaves while holding the session must not leave it mid-query or mid-transaction. */
  async clearTransactionIfNeeded(handlerId: number): Promise<void> {
    if (this.#owner !== handlerId && this.#running !== handlerId) return;
    await new Promise<number>((resolve, reject) => {
      this.#jobs.unshift({ handlerId, message: undefined, onData: () => {}, resolve, reject });
      void this.#drain();
    });
  }

  #take(): Job | undefined {
    if (this.#owner === undefined) return this.#jobs.shift();
    const index = this.#jobs.findIndex((job) => job.handlerId === this.#owner);
    return index === -1 ? undefined : this.#jobs.splice(index, 1)[0];
  }

  async #drain(): Promise<void> {
    if (this.#draining) return;
    this.#draining = true;
    try {
      for (let job = this.#take(); job !== undefined; job = this.#take()) {
        this.#running = job.handlerId;
        await (job.message === undefined ? this.#reset(job) : this.#run(job, job.message));
        this.#running = undefined;
      }
    } finally {
      this.#draining = false;
    }
  }

  async #run(job: Job, message: Uint8Array): Promise<void> {
    const response = new ResponseTracker();
    try {
      await this.#db.runExclusive(() =>
        this.#db.execProtocolRawStream(message, {
          onRawData: (data) => {
            response.see(data);
            job.onData(data);
          },
        }),
      );
    } catch (error) {
      // The handler errors and detaches, and its detach resets the session it still holds.
      this.#owner = job.handlerId;
      job.reject(error instanceof Error ? error : new Error(String(error)));
      return;
    }
    this.#owner = response.idle ? undefined : job.handlerId;
    job.resolve(response.bytes);
  }

  async #reset(job: Job): Promise<void> {
    try {
      await this.#db.runExclusive(async () => {
        const ignore = { onRawData: () => {} };
        await this.#db.execProtocolRawStream(SYNC, ignore);
        if (this.#db.isInTransaction()) {
          await this.#db.execProtocolRawStream(simpleQuery("ROLLBACK"), ignore);
        }
      });
      job.resolve(0);
    } catch (error) {
      job.reject(error instanceof Error ? error : new Error(String(error)));
    } finally {
      this.#owner = undefined;
    }
  }
}
