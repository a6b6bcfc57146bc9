import { describe, expect, it } from "vitest";
import { MediaAccessError, nextCamera, videoConstraints, type CameraChoice } from "./media.js";

const choice: CameraChoice = { facing: "environment", quality: "720p", fps: 30 };
const track = (settings: MediaTrackSettings) => ({ getSettings: () => settings }) as MediaStreamTrack;
const cams = ["a", "b", "c"].map((deviceId) => ({ deviceId, kind: "videoinput" }) as MediaDeviceInfo);

describe("videoConstraints", () => {
  it("asks for the facing mode and the preset only as ideals, so no camera fails on them", () => {
    expect(videoConstraints(choice)).toEqual({
      facingMode: { ideal: "environment" },
      width: { ideal: 1280 },
      height: { ideal: 720 },
      frameRate: { ideal: 30 },
    });
  });

  it("pins a camera the user picked by id", () => {
    expect(videoConstraints({ ...choice, deviceId: "b" }).deviceId).toEqual({ exact: "b" });
  });
});

describe("nextCamera", () => {
  it("flips front and back on a phone, whatever lens it used", () => {
    expect(nextCamera(track({ facingMode: "environment", deviceId: "a" }), cams, { ...choice, deviceId: "a" })).toEqual(
      {
        ...choice,
        facing: "user",
      },
    );
  });

  it("steps through the list on webcams without a facing mode, wrapping around", () => {
    expect(nextCamera(track({ deviceId: "a" }), cams, choice).deviceId).toBe("b");
    expect(nextCamera(track({ deviceId: "c" }), cams, choice).deviceId).toBe("a");
  });
});

describe("MediaAccessError.from", () => {
  it("names the problem the user can act on", () => {
    const named = (name: string) => MediaAccessError.from(new DOMException("x", name)).problem;
    expect(named("NotAllowedError")).toBe("denied");
    expect(named("NotReadableError")).toBe("in-use");
    expect(named("NotFoundError")).toBe("no-device");
    expect(named("OverconstrainedError")).toBe("constraints");
    expect(named("WeirdError")).toBe("other");
  });
});
