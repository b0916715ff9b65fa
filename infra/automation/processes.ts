/**
 * What Linux's /proc says about a process: its state and session, read from `/proc/<pid>/stat`.
 * Undefined where there is no /proc (macOS) or the process is gone; callers fall back to what
 * signal 0 can tell.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";

export interface ProcStat {
  /** R, S, D, …; Z (zombie) and X (dead) are processes that have ended. */
  state: string;
  session: number;
}

export function procStat(pid: number): ProcStat | undefined {
  let stat: string;
  try {
    stat = readFileSync(`/proc/${String(pid)}/stat`, "utf8");
  } catch {
    return undefined;
  }
  // `pid (comm) state ppid pgrp session …`: comm may hold spaces and parentheses.
  const [state = "", , , session = ""] = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return { state, session: Number(session) };
}

export function hasEnded(stat: ProcStat): boolean {
  return stat.state === "Z" || stat.state === "X";
}

/** `/proc/<pid>/comm`: the program's name (at most 15 characters). */
export function procCommand(pid: number): string | undefined {
  try {
    return readFileSync(`/proc/${String(pid)}/comm`, "utf8").trim();
  } catch {
    return undefined;
  }
}

/** The running processes of session `sid`; undefined where there is no /proc. */
export function sessionMembers(sid: number): number[] | undefined {
  if (!existsSync("/proc")) return undefined;
  return readdirSync("/proc")
    .filter((entry) => /^\d+$/.test(entry))
    .map(Number)
    .filter((pid) => {
      const stat = procStat(pid);
      return stat !== undefined && stat.session === sid && !hasEnded(stat);
    });
}
