// docs/CONFIGURATION.md, generated from the settings in schema.ts: the page is never edited by hand.
import { SETTINGS } from "./schema.js";

const cell = (text: string) => text.replaceAll("|", "\\|").replaceAll("\n", " ");

/** The configuration reference page as Markdown. */
export function configurationReference(): string {
  const rows = Object.values(SETTINGS).map(
    (s) =>
      `| \`${s.env}\` | ${cell(s.type)} | ${s.default === undefined ? "unset" : `\`${cell(s.default)}\``} | ${cell(s.description)} |`,
  );
  return [
    "# Configuration",
    "",
    "<!-- Generated from signaling/config/schema.ts by `npm run docs:config`; edit the schema, not this page. -->",
    "",
    "Every setting is an environment variable, read once at start by `loadConfig` (signaling/config/config.ts). An",
    "empty value counts as unset. A bad value stops the start with one error that names every bad variable. Some",
    "settings go together: `TLS_CERT` with `TLS_KEY`; `TURN_URLS` with either `TURN_SECRET` or `TURN_USERNAME` and",
    "`TURN_PASSWORD`; `ICE_TRANSPORT_POLICY=relay` with a TURN server; `SHUTDOWN_DRAIN_MS` below",
    "`SHUTDOWN_TIMEOUT_MS`.",
    "",
    "| Variable | Type | Default | What it does |",
    "|---|---|---|---|",
    ...rows,
    "",
  ].join("\n");
}
