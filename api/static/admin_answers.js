/*
 * Admin pages, the answers: the bot's answers and the gateway's notices, the six
 * languages side by side, each with its (at most three) buttons. One save writes all
 * six languages (PUT /api/admin/answers/{name}); the gateway reloads the responses
 * files, so the edit is live without training. Texts go in as form values only.
 */
(function () {
  "use strict";

  var A = window.Admin;
  var el = A.el, tid = A.tid, clear = A.clear, button = A.button;
  var BASE = "/api/admin";
  var MAX_BUTTONS = 3;
  var KINDS = { bot: "the bot's answer", notice: "the gateway's notice" };

  var R = { answers: [], version: null, open: null, filter: "" };

  function enc(s) { return encodeURIComponent(s); }

  function loadAnswers() {
    return A.api("GET", BASE + "/answers").then(function (data) {
      R.answers = (data && data.answers) || [];
      R.version = data && data.version;
      renderList();
    });
  }

  function renderList() {
    var list = tid("answers-list");
    clear(list);
    var needle = R.filter.toLowerCase();
    R.answers.forEach(function (a) {
      if (needle && a.name.toLowerCase().indexOf(needle) < 0) return;
      var li = el("li", "answer-item" + (a.name === R.open ? " selected" : ""));
      li.setAttribute("data-testid", "answer-item");
      li.setAttribute("data-answer", a.name);
      li.tabIndex = 0;
      li.appendChild(el("span", "answer-item-name", a.name));
      li.appendChild(el("span", "kind kind-" + a.kind, a.kind));
      var missing = A.languages().filter(function (l) { return (a.languages || []).indexOf(l) < 0; });
      if (missing.length) li.appendChild(el("span", "badge badge-warn", "missing " + missing.join(", ")));
      li.addEventListener("click", function () { openAnswer(a.name); });
      li.addEventListener("keydown", function (event) { if (event.key === "Enter") openAnswer(a.name); });
      list.appendChild(li);
    });
  }

  tid("answers-filter").addEventListener("input", function (event) {
    R.filter = event.target.value.trim();
    renderList();
  });

  function openAnswer(name) {
    R.open = name;
    renderList();
    return A.api("GET", BASE + "/answers/" + enc(name)).then(function (answer) {
      if (R.open !== name) return;
      R.version = answer.version || R.version;  // the files as this editor shows them
      renderEditor(answer);
    }).catch(A.fail);
  }

  function buttonRow(code, b) {
    var row = el("div", "button-row");
    var title = el("input");
    title.value = b.title || "";
    title.maxLength = 20;
    title.placeholder = "Title (≤ 20)";
    title.setAttribute("data-testid", "answer-button-title");
    title.setAttribute("aria-label", "Button title");
    var payload = el("input");
    payload.value = b.payload || "";
    payload.placeholder = "/intent";
    payload.setAttribute("data-testid", "answer-button-payload");
    payload.setAttribute("aria-label", "Button payload");
    row.appendChild(title);
    row.appendChild(payload);
    row.appendChild(button("×", "btn-mini btn-danger-ghost", "answer-button-remove", function () {
      row.parentNode.removeChild(row);
    }));
    return row;
  }

  function renderEditor(answer) {
    var form = tid("answer-editor");
    form.hidden = false;
    form.setAttribute("data-answer", answer.name);
    tid("answer-name").textContent = answer.name;
    tid("answer-kind").textContent = KINDS[answer.kind] || answer.kind || "";
    var grid = tid("answer-languages");
    clear(grid);
    A.languages().forEach(function (code) {
      var entry = (answer.texts && answer.texts[code]) || { text: "", buttons: [] };
      var card = el("div", "lang-card");
      card.setAttribute("data-testid", "answer-lang-" + code);
      card.setAttribute("data-language", code);
      card.appendChild(el("h3", null, code + " · " + A.languageName(code)));
      var text = el("textarea");
      text.rows = 8;
      text.lang = code;
      text.maxLength = 4096;
      text.value = entry.text || "";
      text.setAttribute("data-testid", "answer-text-" + code);
      text.setAttribute("aria-label", "Answer in " + A.languageName(code));
      card.appendChild(text);
      var buttons = el("div", "buttons");
      (entry.buttons || []).forEach(function (b) { buttons.appendChild(buttonRow(code, b)); });
      card.appendChild(buttons);
      card.appendChild(button("+ button", "btn-mini btn-ghost", "answer-add-button-" + code, function () {
        if (buttons.children.length >= MAX_BUTTONS) {
          A.fail(new Error("At most " + MAX_BUTTONS + " buttons: WhatsApp shows no more."));
          return;
        }
        buttons.appendChild(buttonRow(code, {}));
      }));
      grid.appendChild(card);
    });
  }

  function collect() {
    var texts = {};
    A.$$('[data-testid^="answer-lang-"]', tid("answer-languages")).forEach(function (card) {
      var code = card.getAttribute("data-language");
      var buttons = A.$$(".button-row", card).map(function (row) {
        return {
          title: A.tid("answer-button-title", row).value.trim(),
          payload: A.tid("answer-button-payload", row).value.trim()
        };
      }).filter(function (b) { return b.title || b.payload; });
      texts[code] = { text: A.tid("answer-text-" + code, card).value, buttons: buttons };
    });
    return texts;
  }

  tid("answer-editor").addEventListener("submit", function (event) {
    event.preventDefault();
    var name = R.open;
    if (!name) return;
    var save = tid("answer-save");
    save.disabled = true;
    var headers = R.version ? { "If-Match": R.version } : {};
    A.api("PUT", BASE + "/answers/" + enc(name), { texts: collect() }, headers)
      .then(function (saved) {
        R.version = (saved && saved.version) || null;
        A.toast(name + " saved: live now in every language");
        return loadAnswers();
      })
      .catch(function (err) {
        if (err.status === 412) {
          err.message = "Someone changed the answers since you opened this one; it is shown again as it is now. " + err.message;
          loadAnswers().then(function () { return openAnswer(name); });
        }
        A.fail(err);
      })
      .then(function () { save.disabled = false; });
  });

  A.section("answers", {
    show: function () {
      loadAnswers().then(function () { if (R.open) openAnswer(R.open); }).catch(A.fail);
    }
  });
})();
