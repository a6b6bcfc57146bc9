// A moving test picture from a canvas: video for the loopback and path checks that needs no camera, so a
// blocked camera never hides whether WebRTC itself works on this device.

export interface TestPattern {
  stream: MediaStream;
  stop(): void;
}

const WIDTH = 320;
const HEIGHT = 240;
const FPS = 15;

/**
 * Starts drawing. A timer, not requestAnimationFrame: rAF stops in a hidden tab, and the picture must keep
 * changing for the encoder to send frames.
 */
export function startTestPattern(): TestPattern {
  const canvas = document.createElement("canvas");
  canvas.width = WIDTH;
  canvas.height = HEIGHT;
  const ctx = canvas.getContext("2d");
  if (!ctx) throw new Error("this browser cannot draw on a canvas");
  let frame = 0;
  const draw = () => {
    frame += 1;
    ctx.fillStyle = `hsl(${(frame * 6) % 360} 70% 45%)`;
    ctx.fillRect(0, 0, WIDTH, HEIGHT);
    ctx.fillStyle = "#fff";
    ctx.fillRect((frame * 8) % WIDTH, 0, 24, HEIGHT);
    ctx.font = "bold 28px sans-serif";
    ctx.fillText(`codecam ${frame}`, 16, HEIGHT / 2);
  };
  draw();
  const timer = setInterval(draw, 1000 / FPS);
  const stream = canvas.captureStream(FPS);
  return {
    stream,
    stop() {
      clearInterval(timer);
      for (const track of stream.getTracks()) track.stop();
    },
  };
}
