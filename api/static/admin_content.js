/*
 * Admin pages, the training data: the coverage grid (intent x language), one intent's
 * examples in six language columns (add, edit, move, delete; entity spans shown),
 * creating, renaming and deleting intents; search across languages; "Try it".
 * API: GET/POST /api/admin/intents, PATCH/DELETE /api/admin/intents/{name},
 * GET/POST /api/admin/intents/{name}/examples, PUT/DELETE /api/admin/examples/{id},
 * GET /api/admin/examples, POST /api/admin/nlu/parse. Data goes in as text only.
 */
(function () {
  "use strict";

  var A = window.Admin;
  var el = A.el, tid = A.tid, clear = A.clear, button = A.button;
  var BASE = "/api/admin";

  var C = { intents: [], version: null, open: null, filter: "" };

  function enc(s) { return encodeURIComponent(s); }

  // Every write sends If-Match with the version the page last read: a file changed since
  // (another admin, a git pull) is a 412, and the page reloads instead of overwriting.
  function write(method, path, body) {
    var headers = C.version ? { "If-Match": C.version } : {};
    return A.api(method, BASE + path, body, headers).catch(function (err) {
      if (err.status === 412) {
        err.message = "The files changed since this page read them; it shows them again now. " + err.message;
        loadIntents();
      }
      throw err;
    });
  }

  function intentNames() { return C.intents.map(function (i) { return i.name; }); }

  // ---------------------------------------------------------------- coverage grid

  function loadIntents() {
    return A.api("GET", BASE + "/intents").then(function (data) {
      C.intents = (data && data.intents) || [];
      C.version = data && data.version;
      A.setLanguages(data && data.languages);
      tid("content-version").textContent = C.version ? "version " + String(C.version).slice(0, 10) : "";
      renderGrid();
      if (C.open) {
        var still = C.intents.some(function (i) { return i.name === C.open; });
        if (still) loadExamples(); else closeIntent();
      }
      return C.intents;
    });
  }

  function renderGrid() {
    var table = tid("coverage");
    clear(table);
    var langs = A.languages();
    var head = el("tr");
    head.appendChild(el("th", "sticky-col", "Intent"));
    langs.forEach(function (code) {
      var th = el("th", "num", code);
      th.title = A.languageName(code);
      head.appendChild(th);
    });
    head.appendChild(el("th", null, "Answer"));
    head.appendChild(el("th", null, "Used by"));
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    var needle = C.filter.toLowerCase();
    C.intents.forEach(function (intent) {
      if (needle && intent.name.toLowerCase().indexOf(needle) < 0) return;
      var tr = el("tr", "clickable" + (intent.name === C.open ? " selected" : ""));
      tr.setAttribute("data-testid", "coverage-row");
      tr.setAttribute("data-intent", intent.name);
      var name = el("td", "sticky-col intent-name", intent.name);
      if (intent.protected) name.appendChild(el("span", "badge", "protected"));
      tr.appendChild(name);
      langs.forEach(function (code) {
        var n = (intent.examples && intent.examples[code]) || 0;
        var td = el("td", "num" + (n === 0 ? " cell-empty" : n < 5 ? " cell-thin" : ""), n);
        td.setAttribute("data-testid", "coverage-cell");
        td.setAttribute("data-intent", intent.name);
        td.setAttribute("data-language", code);
        td.setAttribute("data-count", String(n));
        if (n === 0) td.setAttribute("data-empty", "true");
        tr.appendChild(td);
      });
      tr.appendChild(el("td", "muted", intent.answer || "–"));
      tr.appendChild(usedBy(intent.used_by || []));
      tr.addEventListener("click", function () { openIntent(intent.name); });
      body.appendChild(tr);
    });
    table.appendChild(body);
  }

  // One line per row: the first user and how many more; the whole list on hover and in the detail.
  function usedBy(users) {
    var td = el("td", "muted small used-by", users.length ? users[0] : "");
    if (users.length > 1) td.appendChild(el("span", "more-users", " +" + (users.length - 1) + " more"));
    td.title = users.join("\n");
    return td;
  }

  tid("coverage-filter").addEventListener("input", function (event) {
    C.filter = event.target.value.trim();
    renderGrid();
  });

  // ---------------------------------------------------------------- one intent

  function findIntent(name) {
    for (var i = 0; i < C.intents.length; i++) if (C.intents[i].name === name) return C.intents[i];
    return null;
  }

  function openIntent(name) {
    C.open = name;
    tid("intent-form").hidden = true;
    renderGrid();
    loadExamples();
    tid("intent-detail").scrollIntoView({ block: "start" });
  }

  function closeIntent() {
    C.open = null;
    tid("intent-detail").hidden = true;
    renderGrid();
  }

  function loadExamples() {
    var name = C.open;
    return A.api("GET", BASE + "/intents/" + enc(name) + "/examples").then(function (examples) {
      if (C.open !== name) return;
      renderIntent(findIntent(name) || { name: name }, examples || []);
    }).catch(A.fail);
  }

  function renderIntent(intent, examples) {
    var box = tid("intent-detail");
    clear(box);
    box.hidden = false;
    box.setAttribute("data-intent", intent.name);
    var head = el("header", "editor-head");
    head.appendChild(el("h2", null, intent.name));
    if (intent.protected) head.appendChild(el("span", "badge", "protected: the gateway or the actions name it"));
    if (intent.answer) head.appendChild(el("span", "muted", "answer: " + intent.answer));
    if (intent.used_by && intent.used_by.length) head.appendChild(el("span", "muted", "used by: " + intent.used_by.join(", ")));
    var spacer = el("span", "spacer");
    head.appendChild(spacer);
    if (!intent.protected) {
      head.appendChild(button("Rename", "", "intent-rename", function () { renameForm(box, intent); }));
      head.appendChild(button("Delete", "btn-danger-ghost", "intent-delete", function () { deleteConfirm(box, intent); }));
    }
    head.appendChild(button("Close", "btn-ghost", "intent-close", closeIntent));
    box.appendChild(head);
    box.appendChild(el("div", "inline-slot"));

    var columns = el("div", "lang-columns");
    A.languages().forEach(function (code) {
      var mine = examples.filter(function (x) { return x.language === code; });
      columns.appendChild(languageColumn(intent, code, mine));
    });
    box.appendChild(columns);
  }

  function languageColumn(intent, code, examples) {
    var col = el("section", "lang-col");
    col.setAttribute("data-testid", "examples-" + code);
    col.setAttribute("data-language", code);
    var h = el("h3", null, code + " · " + A.languageName(code));
    h.appendChild(el("span", "count" + (examples.length ? "" : " count-empty"), examples.length));
    col.appendChild(h);
    var list = el("ul", "examples");
    examples.forEach(function (x) { list.appendChild(exampleItem(intent, x)); });
    col.appendChild(list);

    var form = el("form", "add-example");
    var input = el("input");
    input.setAttribute("data-testid", "add-example-" + code);
    input.maxLength = 400;
    input.placeholder = "New example";
    input.lang = code;
    input.setAttribute("aria-label", "New example in " + A.languageName(code));
    var add = el("button", "btn btn-primary", "Add");
    add.type = "submit";
    add.setAttribute("data-testid", "add-example-" + code + "-submit");
    form.appendChild(input);
    form.appendChild(add);
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var text = input.value.trim();
      if (!text) return;
      add.disabled = true;
      // An addition overwrites nothing: no If-Match, so a stale page can still add.
      A.api("POST", BASE + "/intents/" + enc(intent.name) + "/examples", { language: code, text: text })
        .then(function () {
          input.value = "";
          A.toast("Example added to " + intent.name + " (" + code + ")");
          return loadIntents();
        })
        .catch(A.fail)
        .then(function () { add.disabled = false; });
    });
    col.appendChild(form);
    return col;
  }

  // The plain text with its entity spans marked: a <mark> per span, the rest as text nodes.
  function annotated(x) {
    var span = el("span", "example-text");
    span.setAttribute("data-testid", "example-text");
    var plain = x.plain !== undefined && x.plain !== null ? String(x.plain) : String(x.text);
    var spans = (x.entities || []).slice().sort(function (a, b) { return a.start - b.start; });
    var at = 0;
    spans.forEach(function (e) {
      if (e.start < at || e.end > plain.length) return;
      span.appendChild(document.createTextNode(plain.slice(at, e.start)));
      var mark = el("mark", "entity", plain.slice(e.start, e.end));
      mark.title = e.entity + (e.value !== undefined && e.value !== null && e.value !== plain.slice(e.start, e.end) ? " = " + e.value : "");
      mark.setAttribute("data-entity", e.entity);
      span.appendChild(mark);
      at = e.end;
    });
    span.appendChild(document.createTextNode(plain.slice(at)));
    return span;
  }

  function exampleItem(intent, x) {
    var li = el("li", "example");
    li.setAttribute("data-testid", "example");
    li.setAttribute("data-example-id", x.id);
    li.setAttribute("data-language", x.language);
    li.title = x.file ? x.file : "";
    li.appendChild(annotated(x));
    var tools = el("span", "tools");
    tools.appendChild(button("Edit", "btn-mini", "example-edit", function () { editExample(li, intent, x); }));
    tools.appendChild(button("Move", "btn-mini", "example-move", function () { moveExample(li, intent, x); }));
    tools.appendChild(button("×", "btn-mini btn-danger-ghost", "example-delete", function () {
      write("DELETE", "/examples/" + enc(x.id)).then(function () {
        A.toast("Example deleted");
        return loadIntents();
      }).catch(A.fail);
    }));
    li.appendChild(tools);
    return li;
  }

  // Edits the text with its markup, so `[Tbilisi](city)` can be typed or kept.
  function editExample(li, intent, x) {
    clear(li);
    var form = el("form", "inline-edit");
    var input = el("input");
    input.value = x.text;
    input.maxLength = 400;
    input.setAttribute("data-testid", "example-edit-input");
    form.appendChild(input);
    var save = el("button", "btn btn-mini btn-primary", "Save");
    save.type = "submit";
    save.setAttribute("data-testid", "example-edit-save");
    form.appendChild(save);
    form.appendChild(button("Cancel", "btn-mini btn-ghost", null, loadExamples));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      write("PUT", "/examples/" + enc(x.id), { text: input.value.trim() }).then(function () {
        A.toast("Example saved");
        return loadIntents();
      }).catch(A.fail);
    });
    li.appendChild(form);
    input.focus();
  }

  function moveExample(li, intent, x) {
    clear(li);
    li.appendChild(el("span", "example-text", x.plain || x.text));
    var select = el("select");
    select.setAttribute("data-testid", "example-move-intent");
    intentNames().forEach(function (n) { select.appendChild(A.option(n, n, n === intent.name)); });
    li.appendChild(select);
    li.appendChild(button("Move", "btn-mini btn-primary", "example-move-save", function () {
      if (select.value === intent.name) return loadExamples();
      write("PUT", "/examples/" + enc(x.id), { intent: select.value }).then(function () {
        A.toast("Example moved to " + select.value);
        return loadIntents();
      }).catch(A.fail);
    }));
    li.appendChild(button("Cancel", "btn-mini btn-ghost", null, loadExamples));
  }

  function renameForm(box, intent) {
    var slot = A.$(".inline-slot", box);
    clear(slot);
    var form = el("form", "card inline-form");
    var input = el("input");
    input.value = intent.name;
    input.maxLength = 48;
    input.setAttribute("data-testid", "intent-rename-input");
    form.appendChild(el("span", null, "New name (rules, stories, forms and buttons follow):"));
    form.appendChild(input);
    var ok = el("button", "btn btn-primary", "Rename");
    ok.type = "submit";
    ok.setAttribute("data-testid", "intent-rename-save");
    form.appendChild(ok);
    form.appendChild(button("Cancel", "btn-ghost", null, function () { clear(slot); }));
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var to = input.value.trim();
      write("PATCH", "/intents/" + enc(intent.name), { new_name: to }).then(function () {
        A.toast(intent.name + " is now " + to);
        C.open = to;
        return loadIntents();
      }).catch(A.fail);
    });
    slot.appendChild(form);
    input.focus();
  }

  function deleteConfirm(box, intent) {
    var slot = A.$(".inline-slot", box);
    clear(slot);
    var card = el("div", "card inline-form danger");
    card.appendChild(el("span", null, "Delete " + intent.name + " and all its examples in every language?"));
    card.appendChild(button("Delete it", "btn-danger", "intent-delete-confirm", function () {
      write("DELETE", "/intents/" + enc(intent.name)).then(function () {
        A.toast(intent.name + " deleted");
        closeIntent();
        return loadIntents();
      }).catch(A.fail);
    }));
    card.appendChild(button("Cancel", "btn-ghost", null, function () { clear(slot); }));
    slot.appendChild(card);
  }

  // ---------------------------------------------------------------- new intent

  function intentForm() {
    var form = tid("intent-form");
    var grid = tid("intent-form-languages");
    clear(grid);
    A.languages().forEach(function (code) {
      var card = el("div", "lang-card");
      card.appendChild(el("h3", null, code + " · " + A.languageName(code)));
      var examples = el("textarea");
      examples.rows = 4;
      examples.lang = code;
      examples.placeholder = "Examples, one per line";
      examples.setAttribute("data-testid", "intent-form-examples-" + code);
      card.appendChild(examples);
      var answer = el("textarea");
      answer.rows = 2;
      answer.lang = code;
      answer.maxLength = 4096;
      answer.placeholder = "Answer (optional)";
      answer.setAttribute("data-testid", "intent-form-answer-" + code);
      card.appendChild(answer);
      grid.appendChild(card);
    });
    form.hidden = false;
    tid("intent-form-name").focus();
  }

  tid("intent-new").addEventListener("click", intentForm);
  tid("intent-form-cancel").addEventListener("click", function () { tid("intent-form").hidden = true; });
  tid("intent-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var name = tid("intent-form-name").value.trim();
    var examples = {};
    var answer = {};
    var anyAnswer = false;
    A.languages().forEach(function (code) {
      examples[code] = tid("intent-form-examples-" + code).value.split("\n")
        .map(function (s) { return s.trim(); }).filter(Boolean);
      var text = tid("intent-form-answer-" + code).value.trim();
      if (text) anyAnswer = true;
      answer[code] = { text: text, buttons: [] };
    });
    var body = { name: name, examples: examples };
    if (anyAnswer) body.answer = answer;
    write("POST", "/intents", body).then(function () {
      tid("intent-form").hidden = true;
      tid("intent-form-name").value = "";
      A.toast("Intent " + name + " created; train a model to use it");
      C.open = name;
      return loadIntents();
    }).catch(A.fail);
  });

  A.section("intents", { show: function () { loadIntents().catch(A.fail); } });

  // ---------------------------------------------------------------- search

  function search() {
    var q = tid("search-input").value.trim();
    var lang = tid("search-language").value;
    if (!q) return;
    var path = BASE + "/examples?limit=200&q=" + enc(q) + (lang ? "&language=" + enc(lang) : "");
    A.api("GET", path).then(function (found) {
      var table = tid("search-results");
      clear(table);
      var items = Array.isArray(found) ? found : (found && found.examples) || [];
      if (!items.length) {
        table.appendChild(el("caption", "muted", q ? "Nothing found." : "Type something to look for."));
        return;
      }
      var head = el("tr");
      ["Intent", "Language", "Example", "File"].forEach(function (t) { head.appendChild(el("th", null, t)); });
      table.appendChild(head);
      items.forEach(function (x) {
        var tr = el("tr", "clickable");
        tr.setAttribute("data-testid", "search-row");
        tr.appendChild(el("td", "intent-name", x.intent));
        tr.appendChild(el("td", null, x.language));
        var td = el("td");
        td.appendChild(annotated(x));
        tr.appendChild(td);
        tr.appendChild(el("td", "muted small", x.file || ""));
        tr.addEventListener("click", function () {
          C.open = x.intent;
          A.show("intents");
        });
        table.appendChild(tr);
      });
    }).catch(A.fail);
  }

  tid("search-form").addEventListener("submit", function (event) { event.preventDefault(); search(); });
  A.section("search", {
    show: function () {
      A.languageSelect(tid("search-language"), "Every language");
      tid("search-input").focus();
    }
  });

  // ---------------------------------------------------------------- try it

  function tryIt() {
    var text = tid("try-input").value.trim();
    if (!text) return;
    var body = { text: text };
    if (tid("try-language").value) body.language = tid("try-language").value;
    var submit = tid("try-submit");
    submit.disabled = true;
    A.api("POST", BASE + "/nlu/parse", body).then(function (r) {
      tid("try-result").hidden = false;
      tid("try-language-result").textContent = r.language + " · " + A.languageName(r.language);
      tid("try-intent").textContent = r.intent || "(none)";
      tid("try-confidence").textContent = A.percent(r.confidence);
      var ranking = tid("try-ranking");
      clear(ranking);
      (r.intent_ranking || []).slice(0, 10).forEach(function (rank) {
        var li = el("li", "rank");
        li.setAttribute("data-testid", "try-rank");
        li.setAttribute("data-intent", rank.name);
        li.appendChild(el("span", "rank-name", rank.name));
        var bar = el("span", "bar");
        var fill = el("span", "bar-fill");
        fill.style.width = Math.max(0, Math.min(100, rank.confidence * 100)) + "%";
        bar.appendChild(fill);
        li.appendChild(bar);
        li.appendChild(el("span", "rank-value", A.percent(rank.confidence)));
        ranking.appendChild(li);
      });
      var entities = tid("try-entities");
      clear(entities);
      if (!(r.entities || []).length) entities.appendChild(el("li", "muted", "none"));
      (r.entities || []).forEach(function (e) {
        var value = typeof e.value === "string" ? e.value : JSON.stringify(e.value);
        entities.appendChild(el("li", null, e.entity + ": " + value));
      });
    }).catch(A.fail).then(function () { submit.disabled = false; });
  }

  tid("try-form").addEventListener("submit", function (event) { event.preventDefault(); tryIt(); });
  tid("try-input").addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); tryIt(); }
  });
  A.section("try", {
    show: function () {
      A.languageSelect(tid("try-language"), "Detect the language");
      tid("try-input").focus();
    }
  });

  A.content = { intentNames: function () { return loadIntents().then(intentNames); } };
})();
