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

  function showPassword(name, password) {
    const saved = document.createElement("p");
    saved.textContent = "The pack " + name + " is downloaded.";
    const shown = document.createElement("p");
    shown.append("Its password, shown this once: ");
    const code = document.createElement("code");
    code.className = "password";
    code.textContent = password;
    shown.append(code);
    const note = document.createElement("p");
    note.textContent = "The password is not stored anywhere. Note it now and send it " +
      "separately from the pack, by telephone or in another message; never in the same email.";
    status.replaceChildren(saved, shown, note);
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
        headers: { "Content-Type": "application/json", "X-CSRF-Token": csrf },
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
