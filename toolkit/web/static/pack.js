// The pack page: post the ticked files, save the zip, show the generated password once.
// The password lives only in this page's text until the page is left: never stored.
"use strict";

(function () {
  const form = document.getElementById("pack-form");
  if (!form) {
    return;
  }
  const button = document.getElementById("pack-button");
  const status = document.getElementById("pack-status");
  const problems = document.getElementById("pack-problems");
  const list = document.getElementById("pack-problem-list");
  const csrf = document.querySelector('meta[name="csrf-token"]').content;

  function clear() {
    status.replaceChildren();
    list.replaceChildren();
    problems.hidden = true;
  }

  function showProblems(entries) {
    for (const entry of entries) {
      const item = document.createElement("li");
      item.textContent = entry.field && !entry.message.includes(entry.field)
        ? entry.field + ": " + entry.message
        : entry.message;
      list.append(item);
    }
    problems.hidden = false;
    problems.focus();
  }

  async function problemsOf(response) {
    try {
      const body = await response.json();
      if (Array.isArray(body)) {
        return body;
      }
      return [{ field: "", message: String(body.detail || response.statusText) }];
    } catch (error) {
      return [{ field: "", message: "The pack could not be made (" + response.status + ")." }];
    }
  }

  function fileName(response) {
    const disposition = response.headers.get("Content-Disposition") || "";
    const match = /filename="([^"]+)"/.exec(disposition);
    return match ? match[1] : "pack.zip";
  }

  function save(blob, name) {
    const url = URL.createObjectURL(blob);
    const link = document.createElement("a");
    link.href = url;
    link.download = name;
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(function () { URL.revokeObjectURL(url); }, 60000);
  }

  function element(tag, text, className) {
    const node = document.createElement(tag);
    node.textContent = text;
    if (className) {
      node.className = className;
    }
    return node;
  }

  // Copy the password for pasting into a message or a password manager; where the browser
  // refuses the clipboard, say so, and the password stays there to select by hand.
  async function copy(password, said) {
    try {
      await navigator.clipboard.writeText(password);
      said.textContent = "Copied. Paste it into the message that carries the password.";
    } catch (error) {
      said.textContent = "This browser did not allow copying: select the password and copy it.";
    }
  }

  // The password once, where it cannot be missed, with why it is shown only now.
  function showPassword(name, password) {
    const panel = element("div", "", "password-panel");
    const heading = element("h2", "Pack downloaded: note its password");
    const saved = element("p", "The pack " + name + " is in this browser's downloads.");
    const label = element("p", "Password for this pack", "password-label");
    const code = element("code", password, "password");
    const line = element("div", "", "password-line");
    const button = element("button", "Copy", "button");
    button.type = "button";
    button.setAttribute("aria-label", "Copy the password");
    const said = element("p", "", "copy-status");
    button.addEventListener("click", function () { copy(password, said); });
    line.append(code, button);
    const note = element("p", "It is not stored anywhere and this page will not show it again. " +
      "Send it separately from the pack, by telephone or in another message: never in the " +
      "same email as the pack.", "password-note");
    panel.append(heading, saved, label, line, said, note);
    status.replaceChildren(panel);
  }

  form.addEventListener("submit", async function (event) {
    event.preventDefault();
    clear();
    const files = Array.from(form.querySelectorAll('input[name="files"]:checked'), function (box) {
      return box.value;
    });
    if (files.length === 0) {
      showProblems([{ field: "", message: "Tick at least one meeting file." }]);
      return;
    }
    button.disabled = true;
    status.textContent = "Making the pack…";
    try {
      const response = await fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: {
          "Content-Type": "application/json",
          Accept: "application/zip, application/json",
          "X-CSRF-Token": csrf,
        },
        body: JSON.stringify({
          files: files,
          draft: form.elements.draft.checked,
          provider_copy: form.elements.provider_copy.checked,
        }),
      });
      if (!response.ok) {
        status.replaceChildren();
        showProblems(await problemsOf(response));
        return;
      }
      const name = fileName(response);
      const password = response.headers.get("X-Pack-Password");
      save(await response.blob(), name);
      showPassword(name, password);
    } catch (error) {
      status.replaceChildren();
      showProblems([{ field: "", message: "The app did not answer; is `toolkit serve` still running?" }]);
    } finally {
      button.disabled = false;
    }
  });
})();
