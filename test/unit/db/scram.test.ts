/**
 * The embedded database's SCRAM-SHA-256 server against the client the portal really uses: pg's
 * own SASL implementation (pg/lib/crypto/sasl.js), which also checks the server's signature.
 */
import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { ScramError, ScramExchange, scramVerifier } from "#db/scram";

interface PgSaslSession {
  response: string;
}
interface PgSasl {
  startSession: (mechanisms: string[]) => PgSaslSession;
  continueSession: (session: PgSaslSession, password: string, serverData: string) => Promise<void>;
  finalizeSession: (session: PgSaslSession, serverData: string) => void;
}

const sasl = createRequire(import.meta.url)("pg/lib/crypto/sasl.js") as PgSasl;
const PASSWORD = "5f2b7c0e9a4d4e1f8b3c6a7d2e1f0a9b5f2b7c0e9a4d4e1f8b3c6a7d2e1f0a9b";

/** pg's client on one side, ours on the other; returns the server-final-message. */
async function exchange(clientPassword: string, serverPassword = PASSWORD): Promise<string> {
  const server = new ScramExchange(scramVerifier(serverPassword));
  const session = sasl.startSession(["SCRAM-SHA-256"]);
  const serverFirst = server.start(session.response);
  await sasl.continueSession(session, clientPassword, serverFirst);
  const serverFinal = server.finish(session.response);
  sasl.finalizeSession(session, serverFinal);
  return serverFinal;
}

describe("SCRAM-SHA-256 server", () => {
  it("accepts pg's proof of the right password, and pg accepts the server's signature", async () => {
    expect(await exchange(PASSWORD)).toMatch(/^v=[A-Za-z0-9+/]+=*$/);
  });

  it("refuses a proof made with another password", async () => {
    await expect(exchange("postgres")).rejects.toThrow(ScramError);
  });

  it("refuses a final message that does not answer this exchange's nonce", async () => {
    const server = new ScramExchange(scramVerifier(PASSWORD));
    const session = sasl.startSession(["SCRAM-SHA-256"]);
    const serverFirst = server.start(session.response);
    await sasl.continueSession(session, PASSWORD, serverFirst);
    const replayed = session.response.replace(/,r=[^,]+/, ",r=another-nonce");
    expect(() => server.finish(replayed)).toThrow(/nonce does not match/);
  });

  it("refuses channel binding it did not offer, and a final message before the first", () => {
    const server = new ScramExchange(scramVerifier(PASSWORD));
    expect(() => server.start("p=tls-server-end-point,,n=*,r=abc")).toThrow(ScramError);
    expect(() => server.finish("c=biws,r=abc,p=AAAA")).toThrow(/proof missing/);
  });
});
