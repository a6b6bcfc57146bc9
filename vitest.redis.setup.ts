// Global setup of vitest.redis.config.ts: one real redis-server for the run, its URL provided to the tests.
import type { TestProject } from "vitest/node";
import { startRedis } from "./signaling/testing/redis.js";

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const redis = await startRedis();
  project.provide("redisUrl", redis.url);
  return () => redis.dispose();
}
