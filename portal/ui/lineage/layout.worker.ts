/**
 * The lineage layout's Web Worker: elkjs's own worker script, which answers the messages of the
 * elkjs API (`elkjs/lib/elk-api`, graph-layout.ts) with layouts computed here, off the main thread.
 * The bundler emits this file as a separate worker chunk (`new Worker(new URL(...))`).
 */
import "elkjs/lib/elk-worker.min.js";
