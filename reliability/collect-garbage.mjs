// Preloaded into the server under test (with --expose-gc): SIGUSR2 runs a full garbage collection, so that a heap
// figure read right after (the soak's before and after) counts live objects, not garbage no collection has met yet.
process.on("SIGUSR2", () => globalThis.gc?.());
