// `npm run docs:config`: writes docs/CONFIGURATION.md from the settings schema (signaling/config/schema.ts).
import { writeFileSync } from "node:fs";
import { configurationReference } from "../signaling/config/reference.js";

const target = new URL("../docs/CONFIGURATION.md", import.meta.url);
writeFileSync(target, configurationReference());
process.stdout.write("wrote docs/CONFIGURATION.md\n");
