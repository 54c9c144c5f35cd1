// The pages' behaviour; no inline script anywhere (the content security policy forbids it).
// A paper's form asks for its completeness check as the person types, and shows the answer
// with DOM text nodes only: nothing typed is ever parsed as HTML.
"use strict";

(function () {
  const form = document.querySelector("form[data-check-url]");
  const panel = document.getElementById("check");
  if (!form || !panel) {
    return;
  }
  const token = document.querySelector('meta[name="csrf-token"]').content;
  const WAIT_MS = 300;
  let timer = null;
  let asked = 0;

  function element(tag, text, className) {
    const node = document.createElement(tag);
    if (text !== undefined) {
      node.textContent = text;
    }
    if (className) {
      node.className = className;
    }
    return node;
  }

  function tag(status, label) {
    return element("span", label, "tag tag-" + status);
  }

  // Replace a list's entries only when they say something new, so that a screen reader in
  // the live region hears what changed, not the whole check again.
  function fill(list, entries) {
    const texts = entries.map((entry) => entry.textContent).join("\n");
    if (list.dataset.shown === texts) {
      return;
    }
    list.dataset.shown = texts;
    list.replaceChildren(...entries);
  }

  function setText(node, text) {
    if (node.textContent !== text) {
      node.textContent = text;
    }
  }

  // What the page calls a control: its label or legend, after the block it sits in
  // ("Attendee 2: Organisation"), as the error summary names it.
  function labelOf(id, fallback) {
    const control = document.getElementById(id);
    if (!control) {
      return fallback;
    }
    const own = control.tagName === "FIELDSET"
      ? control.querySelector("legend")
      : document.querySelector('label[for="' + CSS.escape(id) + '"]');
    const name = own ? own.firstChild.textContent.trim() : fallback;
    const block = control.parentElement.closest("fieldset");
    const legend = block ? block.querySelector("legend") : null;
    return legend && legend !== own ? legend.textContent.trim() + ": " + name : name;
  }

  function show(check) {
    const summary = document.getElementById("check-summary");
    setText(summary, check.summary);
    summary.className = "check-summary " + (check.complete ? "is-complete" : "is-incomplete");
    setText(document.getElementById("check-due"), check.due);
    fill(document.getElementById("check-problems"), check.problems.map((problem) => {
      const item = element("li");
      const link = element("a", labelOf(problem.id, problem.field || "The paper"));
      link.href = "#" + problem.id;
      item.append(link, document.createTextNode(": " + problem.message));
      return item;
    }));
    fill(document.getElementById("check-errors"), check.errors.map((message) => {
      const item = element("li");
      item.append(tag("error", "Error"), document.createTextNode(" " + message));
      return item;
    }));
    fill(document.getElementById("check-warnings"), check.warnings.map((message) => {
      const item = element("li");
      item.append(tag("warning", "Warning"), document.createTextNode(" " + message));
      return item;
    }));
    fill(document.getElementById("check-items"), check.items.map((heading) => {
      const item = element("li");
      item.dataset.key = heading.key;
      item.append(tag(heading.status, heading.label), document.createTextNode(" "),
        element("span", heading.title, "item-title"));
      if (heading.note) {
        item.append(document.createTextNode(" "), element("span", "(" + heading.note + ")", "item-note"));
      }
      return item;
    }));
    form.dataset.complete = check.complete ? "yes" : "no";
  }

  async function ask() {
    const number = ++asked;
    const body = new URLSearchParams(new FormData(form));
    let answer;
    try {
      answer = await fetch(form.dataset.checkUrl, {
        method: "POST",
        headers: { "X-CSRF-Token": token, Accept: "application/json" },
        body: body,
        credentials: "same-origin",
      });
    } catch (error) {
      return; // the app has stopped; the page keeps the last check shown
    }
    if (number !== asked || !answer.ok) {
      return; // a later answer is on its way, or this one is a refusal
    }
    show(await answer.json());
  }

  function soon() {
    window.clearTimeout(timer);
    timer = window.setTimeout(ask, WAIT_MS);
  }

  form.addEventListener("input", soon);
  form.addEventListener("change", soon);
})();
