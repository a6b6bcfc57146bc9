// Security headers computed once per Host instead of on every request. helmet builds and validates the whole
// Content-Security-Policy on each call (its connect-src names the request's host), which costs more per
// `POST /api/code/generate` than the route itself; the headers it sets depend on nothing but the Host header,
// so they are recorded once per host and replayed. helmet's configuration stays the one source of the rules.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { RequestHandler } from "express";

/** Distinct Host values remembered (Host is client-chosen: past this, headers are computed per request again). */
const MAX_HOSTS = 64;

type HeaderStep = { set: string; value: number | string | readonly string[] } | { remove: string };

/**
 * Wraps a middleware that only sets (or removes) response headers as a function of the Host header, and
 * replays what it did for a host seen before. A middleware that fails or does anything else is run as is.
 */
export function cachedByHost(handler: RequestHandler): RequestHandler {
  const byHost = new Map<string, HeaderStep[]>();
  return (req, res, next) => {
    const host = req.headers.host ?? "";
    const steps = byHost.get(host);
    if (steps) {
      replay(res, steps);
      next();
      return;
    }
    if (byHost.size >= MAX_HOSTS) {
      handler(req, res, next);
      return;
    }
    record(handler, req).then(
      (recorded) => {
        byHost.set(host, recorded);
        replay(res, recorded);
        next();
      },
      () => handler(req, res, next),
    );
  };
}

function replay(res: ServerResponse, steps: readonly HeaderStep[]): void {
  for (const step of steps) {
    if ("set" in step) res.setHeader(step.set, step.value);
    else res.removeHeader(step.remove);
  }
}

/** Runs the middleware against a response that only takes headers; resolves with what it did. */
function record(handler: RequestHandler, req: IncomingMessage): Promise<HeaderStep[]> {
  return new Promise((resolve, reject) => {
    const steps: HeaderStep[] = [];
    const recorder = {
      setHeader(name: string, value: number | string | readonly string[]) {
        steps.push({ set: name, value });
        return recorder;
      },
      removeHeader(name: string) {
        steps.push({ remove: name });
      },
    };
    try {
      (handler as unknown as (req: IncomingMessage, res: typeof recorder, next: (err?: unknown) => void) => void)(
        req,
        recorder,
        (err?: unknown) =>
          err === undefined ? resolve(steps) : reject(err instanceof Error ? err : new Error(String(err))),
      );
    } catch (err) {
      reject(err instanceof Error ? err : new Error(String(err)));
    }
  });
}
