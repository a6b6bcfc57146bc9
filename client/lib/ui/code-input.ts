// The six-box code entry (`.code-input`): type, paste or let the phone autofill six digits; calls back as soon
// as all six are in, so there is no "Join" button to hunt for.

const LENGTH = 6;

export interface CodeInput {
  readonly value: string;
  set(code: string): void;
  clear(): void;
  focus(): void;
  setBusy(busy: boolean): void;
  setInvalid(invalid: boolean): void;
}

export interface CodeInputEvents {
  /** All six digits are in (typed, pasted or autofilled). */
  onComplete: (code: string) => void;
  /** Enter with fewer than six digits: the page says what is missing. */
  onIncomplete?: (digits: number) => void;
  /** The boxes changed (any edit by the user). */
  onChange?: (value: string) => void;
}

/** Builds six <input>s inside `root` and calls `onComplete(code)` whenever they hold six digits. */
export function createCodeInput(root: HTMLElement, events: CodeInputEvents): CodeInput {
  const { onComplete, onIncomplete, onChange } = events;
  root.classList.add("code-input");
  root.setAttribute("role", "group");
  const boxes = Array.from({ length: LENGTH }, (_, i) => {
    const input = document.createElement("input");
    input.type = "text";
    input.inputMode = "numeric";
    input.pattern = "[0-9]*";
    input.maxLength = LENGTH; // room for a paste or autofill into one box; we spread it out
    input.autocomplete = i === 0 ? "one-time-code" : "off";
    input.enterKeyHint = "go";
    input.spellcheck = false;
    input.setAttribute("aria-label", `Digit ${i + 1} of ${LENGTH}`);
    input.dataset.index = String(i);
    root.append(input);
    return input;
  });
  const value = () => boxes.map((b) => b.value).join("");
  let lastCompleted = "";

  const fill = (from: number, digits: string) => {
    let i = from;
    for (const d of digits) {
      if (i >= LENGTH) break;
      boxes[i]!.value = d;
      i += 1;
    }
    boxes[Math.min(i, LENGTH - 1)]!.focus();
    check();
  };
  const check = () => {
    root.setAttribute("aria-invalid", "false");
    const code = value();
    onChange?.(code);
    if (code.length === LENGTH && /^\d{6}$/.test(code) && code !== lastCompleted) {
      lastCompleted = code;
      onComplete(code);
    } else if (code.length < LENGTH) {
      lastCompleted = "";
    }
  };

  boxes.forEach((box, i) => {
    box.addEventListener("input", () => {
      const digits = box.value.replace(/\D/g, "");
      box.value = "";
      if (digits) fill(i, digits);
      else check();
    });
    box.addEventListener("keydown", (e) => {
      if (e.key === "Backspace" && !box.value && i > 0) {
        e.preventDefault();
        boxes[i - 1]!.value = "";
        boxes[i - 1]!.focus();
        check();
      } else if (e.key === "ArrowLeft" && i > 0) {
        e.preventDefault();
        boxes[i - 1]!.focus();
      } else if (e.key === "ArrowRight" && i < LENGTH - 1) {
        e.preventDefault();
        boxes[i + 1]!.focus();
      } else if (e.key === "Enter") {
        lastCompleted = "";
        if (value().length < LENGTH) onIncomplete?.(value().length);
        else check();
      }
    });
    box.addEventListener("focus", () => box.select());
    box.addEventListener("paste", (e) => {
      const text = e.clipboardData?.getData("text") ?? "";
      const digits = text.replace(/\D/g, "");
      if (!digits) return;
      e.preventDefault();
      // A whole code pasted anywhere fills from the first box; a partial paste continues where the caret is.
      fill(digits.length >= LENGTH ? 0 : i, digits.slice(0, LENGTH));
    });
  });

  return {
    get value() {
      return value();
    },
    set(code: string) {
      boxes.forEach((b, i) => {
        b.value = code[i] ?? "";
      });
      lastCompleted = code;
    },
    clear() {
      for (const b of boxes) b.value = "";
      lastCompleted = "";
    },
    focus() {
      (boxes.find((b) => !b.value) ?? boxes[LENGTH - 1])!.focus();
    },
    setBusy(busy: boolean) {
      root.setAttribute("aria-busy", String(busy));
      for (const b of boxes) b.readOnly = busy;
    },
    setInvalid(invalid: boolean) {
      root.setAttribute("aria-invalid", String(invalid));
      if (invalid) lastCompleted = "";
    },
  };
}
