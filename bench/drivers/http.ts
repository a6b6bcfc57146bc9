// The one HTTP client of the load generator (code generation, peerjs ids): the same agent for every target.
import http from "node:http";

/** Keep-alive, at most 32 parallel connections to the server. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 32 });

export function httpRequest(
  base: string,
  method: string,
  path: string,
  timeoutMs: number,
): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const url = new URL(path, base);
    const req = http.request(
      {
        host: url.hostname,
        port: url.port,
        path: url.pathname + url.search,
        method,
        agent,
        timeout: timeoutMs,
        headers: method === "POST" ? { "content-type": "application/json", "content-length": "2" } : {},
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on("data", (c: Buffer) => chunks.push(c));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString("utf8") }));
        res.on("error", reject);
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${method} ${path}: timeout`)));
    req.on("error", reject);
    req.end(method === "POST" ? "{}" : undefined);
  });
}

export function closeHttpAgent(): void {
  agent.destroy();
}
