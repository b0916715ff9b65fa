// Pulumi's run-policy-pack `require`s the pack and registers ts-node, which would type-check
// and compile a .ts entry as CommonJS. A dynamic import of an .mts file instead goes through
// Node's ESM loader, where tsx (PulumiPolicy.yaml nodeargs) compiles it like the rest of the
// project. run-policy-pack awaits the promise this function returns.
module.exports = () => import("./index.mts");
