// Waiting helpers shared by the drivers.

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}

/** Resolves when both ends have seen everything pairing sends them. */
export function pairingBarrier(needCamera: number, needViewer: number) {
  let cam = 0;
  let view = 0;
  let resolve!: () => void;
  const done = new Promise<void>((r) => (resolve = r));
  const check = () => {
    if (cam >= needCamera && view >= needViewer) resolve();
  };
  return {
    done,
    camera() {
      cam++;
      check();
    },
    viewer() {
      view++;
      check();
    },
  };
}
