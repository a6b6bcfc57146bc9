// The dialog that asks for the access key (access-key.ts decides when): one password field, Create and Cancel.
// Built here rather than in each page's HTML, so both pages ask the same way.
import type { KeyProblem } from "../room/access-key.js";

export function askForAccessKey(problem: KeyProblem): Promise<string | undefined> {
  const dialog = document.createElement("dialog");
  dialog.className = "card access-dialog";
  dialog.setAttribute("aria-labelledby", "access-title");
  dialog.style.cssText =
    "max-width:26rem;width:calc(100% - 2rem);color:inherit;border:1px solid var(--border);padding:var(--space-5,20px)";
  const form = document.createElement("form");
  form.method = "dialog";
  form.className = "stack";
  const title = document.createElement("h2");
  title.id = "access-title";
  title.className = "card-title";
  title.textContent = "Access key needed";
  const body = document.createElement("p");
  body.className = "hint";
  body.id = "access-body";
  body.textContent =
    problem.kind === "needed"
      ? "This codecam server only lets people with an access key create codes. Whoever runs it can give you one; this device keeps it. (Joining with a code needs no key.)"
      : `That key didn't work: ${problem.message}. Check it and try again.`;
  const label = document.createElement("label");
  label.className = "field";
  label.textContent = "Access key";
  const input = document.createElement("input");
  input.type = "password";
  input.id = "access-key";
  input.name = "access-key";
  input.autocomplete = "off";
  input.required = true;
  input.className = "input";
  label.append(input);
  const buttons = document.createElement("div");
  buttons.className = "row";
  const cancel = document.createElement("button");
  cancel.type = "button";
  cancel.className = "btn btn-ghost";
  cancel.textContent = "Cancel";
  const submit = document.createElement("button");
  submit.type = "submit";
  submit.className = "btn btn-primary";
  submit.textContent = "Use key";
  buttons.append(cancel, submit);
  form.append(title, body, label, buttons);
  dialog.append(form);
  document.body.append(dialog);

  return new Promise((resolve) => {
    let answer: string | undefined;
    form.addEventListener("submit", () => {
      answer = input.value.trim() || undefined;
    });
    cancel.addEventListener("click", () => dialog.close());
    dialog.addEventListener("close", () => {
      dialog.remove();
      resolve(answer);
    });
    dialog.showModal();
    input.focus();
  });
}
