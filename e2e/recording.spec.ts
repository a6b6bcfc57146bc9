// A saved recording is a file players can seek: it has a duration and cues (MediaRecorder writes neither).
import { readFile } from "node:fs/promises";
import { Decoder } from "ts-ebml";
import { expect, pairByLink, test } from "./fixtures.js";

test("the laptop's WebM recording has a duration and cues, so players can seek it", async ({
  openViewer,
  openCamera,
}) => {
  const { viewer } = await pairByLink(openViewer, openCamera);
  const record = viewer.locator("#record");
  await record.click();
  await expect(viewer.locator("#rec-time")).toHaveText(/^0:0[2-9]$/, { timeout: 15_000 });
  const [download] = await Promise.all([viewer.waitForEvent("download"), record.click()]);
  const file = await readFile((await download.path())!);
  const elements = new Decoder().decode(file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength));
  const duration = elements.find((e) => e.name === "Duration");
  expect(duration, "a Duration element in the segment info").toBeDefined();
  expect(Number((duration as { value?: unknown }).value), "a duration above zero").toBeGreaterThan(0);
  expect(
    elements.some((e) => e.name === "Cues"),
    "a Cues index",
  ).toBe(true);
  expect(
    elements.some((e) => e.name === "CuePoint"),
    "at least one cue point",
  ).toBe(true);
});
