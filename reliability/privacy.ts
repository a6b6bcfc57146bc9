// The privacy case: after the whole run, no SDP, ICE candidates, tokens or full codes in the server's logs. A long
// run writes over 500 MiB of log, more than one JavaScript string holds, so the files are read line by line.
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";
import { createInterface } from "node:readline";
import type { CaseResult } from "./attacks.js";

const SDP = /v=0\\r\\n|"sdp"/;
const CANDIDATE = /candidate:\d|typ host/;
// Tokens are 21-character nanoids; every such word in the log is collected once and looked up.
const WORD_21 = /[A-Za-z0-9_-]{21}/g;
// A code stands alone: six digits inside a random socket id (20 base64url characters) are not a code.
const SIX_DIGITS = /(?<![\w.-])\d{6}(?![\w.-])/g;

export async function privacy(logFiles: string[], tokens: string[], codes: string[]): Promise<CaseResult> {
  const wanted = { tokens: new Set(tokens), codes: new Set(codes) };
  const hits = { sdp: 0, candidates: 0, tokens: new Set<string>(), codes: new Set<string>() };
  // The first line each kind was found on, with the digits masked, so a leak can be traced to its log call.
  let firstCodeLine: string | undefined;
  let bytes = 0;
  for (const file of logFiles) {
    bytes += (await stat(file)).size;
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      if (SDP.test(line)) hits.sdp++;
      if (CANDIDATE.test(line)) hits.candidates++;
      for (const [word] of line.matchAll(WORD_21)) if (wanted.tokens.has(word)) hits.tokens.add(word);
      for (const [digits] of line.matchAll(SIX_DIGITS)) {
        if (!wanted.codes.has(digits)) continue;
        hits.codes.add(digits);
        firstCodeLine ??= line.slice(0, 240).replace(/\d{6}/g, "######");
      }
    }
  }
  const found = [
    hits.sdp ? `SDP on ${hits.sdp} lines` : "",
    hits.candidates ? `ICE candidates on ${hits.candidates} lines` : "",
    hits.tokens.size ? `${hits.tokens.size} tokens` : "",
    hits.codes.size ? `${hits.codes.size} full codes (first in: ${firstCodeLine})` : "",
  ].filter(Boolean);
  return {
    name: "privacy: the whole run's log",
    figure: `${(bytes / 2 ** 20).toFixed(1)} MiB of log, ${tokens.length.toLocaleString("en")} tokens and ${codes.length.toLocaleString("en")} codes searched for: ${found.length ? `found ${found.join(", ")}` : "none found"}`,
    pass: found.length === 0,
  };
}
