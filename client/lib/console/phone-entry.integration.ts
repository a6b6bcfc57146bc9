// What applier.integration.test.ts bundles into its page: the phone side of the console, nothing else.
export { applyCommand } from "./applier.js";
export { readCaps } from "./capabilities.js";
