// Security headers recorded once per Host and replayed: the same headers as computing them afresh, per host.
import http from "node:http";
import type { NextFunction, Request, RequestHandler, Response } from "express";
import { describe, expect, it } from "vitest";
import { cachedByHost } from "./cached-headers.js";
import { startTestServer } from "../testing/support.js";

function get(url: string, host: string) {
  return new Promise<http.IncomingHttpHeaders>((resolve, reject) => {
    const req = http.request(url, { headers: { host } }, (res) => {
      res.resume();
      res.on("end", () => resolve(res.headers));
    });
    req.on("error", reject);
    req.end();
  });
}

/** Every header but the ones that change per response. */
function stable(headers: http.IncomingHttpHeaders) {
  const { date: _date, "content-length": _len, connection: _c, "keep-alive": _k, etag: _e, ...rest } = headers;
  return rest;
}

describe("security headers, cached by Host", () => {
  it("gives every response the headers helmet makes for its own Host, the first time and every later time", async () => {
    const { url } = await startTestServer({ allowedHosts: ["cam.example"] });
    const first = await get(`${url}/healthz`, "cam.example:5000");
    const again = await get(`${url}/healthz`, "cam.example:5000");
    const other = await get(`${url}/healthz`, "192.168.1.20:5000");
    expect(first["content-security-policy"]).toContain(
      "connect-src 'self' ws://cam.example:5000 wss://cam.example:5000",
    );
    expect(first["x-content-type-options"]).toBe("nosniff");
    expect(first["permissions-policy"]).toContain("camera=(self)");
    expect(stable(again)).toEqual(stable(first));
    expect(other["content-security-policy"]).toContain("ws://192.168.1.20:5000 wss://192.168.1.20:5000");
    expect(other["content-security-policy"]).not.toContain("cam.example");
    // The code route writes its own response (sendJsonNoStore) and keeps the same headers.
    const code = await new Promise<http.IncomingHttpHeaders>((resolve, reject) => {
      const req = http.request(
        `${url}/api/code/generate`,
        { method: "POST", headers: { host: "cam.example:5000" } },
        (res) => {
          res.resume();
          res.on("end", () => resolve(res.headers));
        },
      );
      req.on("error", reject);
      req.end();
    });
    expect(code["content-security-policy"]).toBe(first["content-security-policy"]);
    expect(code["cache-control"]).toBe("no-store");
    expect(code["content-type"]).toBe("application/json; charset=utf-8");
  });

  function fakeRes() {
    const headers = new Map<string, unknown>();
    return {
      headers,
      setHeader: (name: string, value: unknown) => headers.set(name.toLowerCase(), value),
      removeHeader: (name: string) => headers.delete(name.toLowerCase()),
    };
  }
  async function call(handler: RequestHandler, host: string) {
    const res = fakeRes();
    const err = await new Promise<unknown>((resolve) =>
      handler({ headers: { host } } as Request, res as unknown as Response, resolve as NextFunction),
    );
    return { res, err };
  }

  it("runs the wrapped middleware once per host, and every time past the bound on distinct hosts", async () => {
    let calls = 0;
    const handler = cachedByHost((req, res, next) => {
      calls++;
      res.setHeader("X-Host", String(req.headers.host));
      res.removeHeader("X-Powered-By");
      next();
    });
    for (let i = 0; i < 3; i++) expect((await call(handler, "a")).res.headers.get("x-host")).toBe("a");
    expect(calls).toBe(1);
    for (let i = 0; i < 100; i++) expect((await call(handler, `h${i}`)).res.headers.get("x-host")).toBe(`h${i}`);
    const before = calls;
    await call(handler, "h99");
    await call(handler, "h99");
    expect(calls).toBe(before + 2); // h99 came after the bound: not remembered
  });

  it("passes a failing middleware's error on, and does not remember it", async () => {
    let calls = 0;
    const handler = cachedByHost((_req, _res, next) => {
      calls++;
      next(new Error("bad directive"));
    });
    const { err } = await call(handler, "a");
    expect(err).toBeInstanceOf(Error);
    await call(handler, "a");
    expect(calls).toBe(4); // recorded and then run for real, both times
  });
});
