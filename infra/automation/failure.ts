/**
 * The real reason an operation failed, from the Automation API's CommandError text: the CLI's
 * diagnostics and its error lines, without the command line, terminal colours and JavaScript
 * stack frames; and what the worker adds to it (a full disk named as such, the stack locks it
 * released). Pure.
 */
import { stripAnsi } from "./events";

const MAX_LENGTH = 8000;
/** Where the CLI's stdout starts inside the error text (after stderr). */
const STDOUT_START = /^(Previewing update|Updating|Destroying|Refreshing) \(/m;
/** Sections of the CLI's stdout that say what failed: provider diagnostics, policy violations. */
const SECTIONS = /^(?:Diagnostics|Policies):\n([\s\S]*?)(?=^\S|(?![\s\S]))/gm;

export function failureText(errorMessage: string): string {
  const text = stripAnsi(errorMessage);
  // CommandError: "code: …\n stdout: …\n stderr: <execa message>\n err?: …"
  const stderrSection = /\n stderr: ([\s\S]*?)\n err\?: /.exec(text)?.[1] ?? text;
  const body = stderrSection.replace(/^Command failed with exit code \d+: [^\n]*\n?/, "");
  const split = STDOUT_START.exec(body);
  const errors = split === null ? body : body.slice(0, split.index);
  const stdout = split === null ? "" : body.slice(split.index);
  const sections = [...stdout.matchAll(SECTIONS)].map((match) => match[1]);
  const parts = [...sections, errors]
    .map((part) =>
      withoutStackFrames(part ?? "")
        .replace(/^\s*\n/, "")
        .trimEnd(),
    )
    .filter((part) => part !== "");
  const message = [...new Set(parts)].join("\n\n");
  return message.length > MAX_LENGTH ? `${message.slice(0, MAX_LENGTH)}…` : message;
}

function withoutStackFrames(text: string): string {
  return text
    .split("\n")
    .filter((line) => !/^\s+at /.test(line))
    .join("\n");
}

/** Both the CLI's (Go) and Node's wording of ENOSPC. */
const DISK_FULL = /no space left on device|\bENOSPC\b/i;
/** The file a failed write was for, as Go (`write /path: …`) and Node (`…, open '/path'`) say it. */
const FAILED_PATH = /(?:write|open|mkdir|rename|create) '?(\/[^\s':]+)/;

/**
 * The failure as the deployment shows it: a full disk said first, in plain words (the CLI's own
 * line is deep in its output, and "unexpected end of JSON input" on the next run would hide it),
 * then the message, then the stack locks released after the failure.
 */
export function explainFailure(message: string, releasedLocks: readonly string[] = []): string {
  const parts = [message];
  if (DISK_FULL.test(message)) {
    const path = FAILED_PATH.exec(message)?.[1];
    parts.unshift(
      `The disk is full (ENOSPC)${path === undefined ? "" : `: writing ${path} failed`}. Free ` +
        "space on that disk, then retry (the retry releases any stack lock the failed run left).",
    );
  }
  if (releasedLocks.length > 0)
    parts.push(`Stack lock: ${releasedLocks.join("; ")}, so a retry can run.`);
  return parts.join("\n\n");
}
