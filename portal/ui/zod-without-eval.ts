/**
 * zod in the browser without eval. zod 4 compiles object parsers with `new Function` when it may,
 * and finds out by trying once: under the pages' Content-Security-Policy (no 'unsafe-eval',
 * portal/shared/security-headers.ts) the try fails, zod falls back to its plain parsers, and the
 * browser reports a policy violation all the same. `jitless` skips the try. Only in the browser:
 * the server keeps the compiled parsers.
 */
import { z } from "zod";

if (typeof window !== "undefined") z.config({ jitless: true });
