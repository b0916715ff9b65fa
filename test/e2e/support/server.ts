/** Where the end-to-end portal listens (one port per run; override with MESHPLANE_E2E_PORT). */
export const E2E_PORT = Number(process.env.MESHPLANE_E2E_PORT ?? "3917");
export const E2E_BASE_URL = `http://127.0.0.1:${E2E_PORT}`;
