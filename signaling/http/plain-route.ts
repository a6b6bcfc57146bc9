// A route without express: connect-style steps, then an async handler, with one place for faults.
import type { IncomingMessage, RequestListener, ServerResponse } from "node:http";

export type Handler = (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void;

/** Connect-style steps, then an async handler; a step's error or the handler's rejection goes to `onFault`. */
export function plainRoute(
  steps: readonly Handler[],
  handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>,
  onFault: (req: IncomingMessage, res: ServerResponse, err: unknown) => void,
): RequestListener {
  return (req, res) => {
    let i = 0;
    const next = (err?: unknown) => {
      if (err !== undefined) {
        onFault(req, res, err);
        return;
      }
      const step = steps[i++];
      if (step) step(req, res, next);
      else handler(req, res).catch((e: unknown) => onFault(req, res, e));
    };
    next();
  };
}

export function pathOf(url: string | undefined): string {
  const q = url?.indexOf("?") ?? -1;
  return q === -1 ? (url ?? "") : url!.slice(0, q);
}
