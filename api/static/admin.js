/*
 * Bot admin pages: the shell (login, the sidebar of sections, requests, helpers).
 * The sections live in their own files and register with `Admin.section(name, {...})`:
 *   admin_content.js  Intents & examples (coverage grid, six language columns), Search, Try it
 *   admin_answers.js  Answers (six languages side by side, buttons)
 *   admin_models.js   Training & models (live progress, log tail, registry, Activate / Roll back)
 *   admin_review.js   Unsure inbox, Audit log, Canned responses
 *
 * Plain JavaScript, no framework, no build step, nothing loaded from elsewhere (CSP:
 * script-src 'self', style-src 'self'). Every piece of data reaches the page through
 * textContent, attributes or element properties, never innerHTML: training examples and
 * customers' messages may hold `<script>` and must show as text.
 *
 * Login is the agent console's (POST /api/console/login, cookie + CSRF token in memory);
 * admin calls go to /api/admin/... with X-CSRF-Token on every write.
 *
 * Hooks for browser tests (data-testid unless noted):
 *   login form: #username, #password, button "Sign in"; login-error; admins-only (an agent's screen);
 *   admin-name, logout; nav-<section> for intents|search|answers|try|models|unsure|audit|canned,
 *   section-<section> (the visible one has data-active="true"); error / error-text (the error bar), toast.
 *   Intents: coverage (table), coverage-row [data-intent], coverage-cell [data-intent, data-language,
 *     data-count, data-empty="true" when 0]; intent-detail [data-intent]; examples-<lang> (a column),
 *     example [data-example-id, data-language] with example-text, example-edit, example-move, example-delete;
 *     add-example-<lang> (input) + add-example-<lang>-submit; intent-new, intent-form-*, intent-rename,
 *     intent-delete, intent-delete-confirm.
 *   Search: search-input, search-language, search-results (rows: search-row).
 *   Answers: answers-list (items: answer-item [data-answer]), answer-editor, answer-text-<lang>,
 *     answer-button-title / answer-button-payload (inside answer-lang-<lang>), answer-add-button-<lang>, answer-save.
 *   Try it: try-input, try-language, try-submit, try-result, try-language-result, try-intent,
 *     try-confidence, try-ranking (rows: try-rank [data-intent]), try-entities.
 *   Training & models (#train, #rollback, #training-progress are also ids; the job is polled every
 *   second only while this section is open, so open nav-models first):
 *     train            starts a training job (POST /api/admin/training)
 *     training-current the job panel; training-status [data-status = training|evaluating|ready|failed|
 *                      cancelled|none, data-model-id]; training-progress (<progress>, value 0..1, none while
 *                      the step is unknown; data-status); training-step (the trainer's words);
 *                      training-log (log tail, refreshed every second); training-cancel; training-error
 *     models           the registry table; model-row [data-model-id, data-status, data-active="true|false",
 *                      data-gate="pass|fail|none"]; inside a row: activate [data-model-id] (disabled unless
 *                      ready and not active), model-gate, model-log-open
 *     rollback         POST /api/admin/models/rollback
 *   Unsure inbox: unsure-list; unsure-row [data-message-id, data-language, data-state="open|added|dismissed"]
 *     with unsure-text, unsure-reasons, unsure-intent (<select>, preset to the predicted intent),
 *     unsure-add ("Add to training"), unsure-dismiss, unsure-outcome; unsure-reason, unsure-language, unsure-more.
 *   Audit log: audit-list (rows: audit-row [data-action]), audit-action, audit-actor, audit-more.
 *   Canned: canned-form (canned-shortcut, canned-language-input, canned-title, canned-text, canned-save),
 *     canned-list (rows: canned-row [data-shortcut, data-language] with canned-delete).
 */
(function () {
  "use strict";

  var LANGUAGE_NAMES = { az: "Azərbaycanca", kk: "Қазақша", ka: "ქართული", ne: "नेपाली", ru: "Русский", en: "English" };

  var S = {
    session: 0,      // bumped at every login/logout: late answers of an old session are dropped
    me: null,
    csrf: null,
    current: null,   // the visible section's name
    languages: ["az", "kk", "ka", "ne", "ru", "en"]
  };
  var sections = {};

  function $(sel, root) { return (root || document).querySelector(sel); }
  function $$(sel, root) { return Array.prototype.slice.call((root || document).querySelectorAll(sel)); }
  function tid(name, root) { return $('[data-testid="' + name + '"]', root); }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function button(label, cls, testid, onClick) {
    var b = el("button", "btn " + (cls || ""), label);
    b.type = "button";
    if (testid) b.setAttribute("data-testid", testid);
    if (onClick) b.addEventListener("click", onClick);
    return b;
  }

  function option(value, label, selected) {
    var o = el("option", null, label);
    o.value = value;
    if (selected) o.selected = true;
    return o;
  }

  // Naive timestamps from the database are UTC.
  function parseTime(iso) {
    if (!iso) return null;
    var s = String(iso);
    if (/T\d/.test(s) && !/(Z|[+-]\d\d:?\d\d)$/i.test(s)) s += "Z";
    var t = new Date(s);
    return isNaN(t.getTime()) ? null : t;
  }

  function when(iso) {
    var t = parseTime(iso);
    if (!t) return "";
    return t.toLocaleString([], { day: "numeric", month: "short", hour: "2-digit", minute: "2-digit", second: "2-digit" });
  }

  function percent(x, digits) {
    if (x === null || x === undefined || isNaN(Number(x))) return "–";
    return (Number(x) * 100).toFixed(digits === undefined ? 1 : digits) + "%";
  }

  function languageName(code) { return LANGUAGE_NAMES[code] || code; }

  function setLanguages(list) {
    if (Array.isArray(list) && list.length) S.languages = list.slice();
  }

  // Fills a <select> with the languages; `any` adds a first "every language / detect" choice.
  function languageSelect(select, any) {
    var keep = select.value;
    clear(select);
    if (any) select.appendChild(option("", any));
    S.languages.forEach(function (code) { select.appendChild(option(code, code + " · " + languageName(code))); });
    if (keep) select.value = keep;
  }

  // ---------------------------------------------------------------- requests

  function detailOf(data, status) {
    var d = data && data.detail;
    if (typeof d === "string" && d) return d;
    if (Array.isArray(d)) return d.map(function (x) { return (x && x.msg) || JSON.stringify(x); }).join("; ");
    if (d) return JSON.stringify(d);
    return "Request failed (HTTP " + status + ")";
  }

  // Resolves with the parsed JSON (null when empty); rejects with an Error carrying .status
  // and the server's reason. `headers` adds request headers (If-Match). A 401 ends the session.
  function api(method, path, body, headers) {
    var h = { Accept: "application/json" };
    Object.keys(headers || {}).forEach(function (k) { h[k] = headers[k]; });
    var init = { method: method, headers: h, credentials: "same-origin", cache: "no-store" };
    if (method !== "GET") h["X-CSRF-Token"] = S.csrf || "";
    if (body !== undefined) {
      h["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    var session = S.session;
    return fetch(path, init).then(function (res) {
      return res.text().then(function (raw) {
        var data = null;
        try { data = raw ? JSON.parse(raw) : null; } catch (e) { data = null; }
        if (session !== S.session) {
          var stale = new Error("stale");
          stale.handled = true;
          throw stale;
        }
        if (res.ok) return data;
        var err = new Error(detailOf(data, res.status));
        err.status = res.status;
        if (res.status === 401 && path !== "/api/console/login" && path !== "/api/console/me") {
          err.handled = true;
          if (S.me) sessionEnded();
        }
        throw err;
      });
    }, function () {
      var err = new Error("Cannot reach the server. Check the connection and try again.");
      err.status = 0;
      throw err;
    });
  }

  function showError(text) {
    tid("error-text").textContent = text;
    tid("error").hidden = false;
  }
  function hideError() { tid("error").hidden = true; }
  function fail(err) { if (!err.handled) showError(err.message); }

  var toastTimer = null;
  function toast(text) {
    var node = tid("toast");
    node.textContent = text;
    node.hidden = false;
    clearTimeout(toastTimer);
    toastTimer = setTimeout(function () { node.hidden = true; }, 3500);
  }

  // ---------------------------------------------------------------- session

  function screen(name) {
    $("#login").hidden = name !== "login";
    $("#forbidden").hidden = name !== "forbidden";
    $("#app").hidden = name !== "app";
  }

  function loginError(text) {
    var node = tid("login-error");
    node.textContent = text || "";
    node.hidden = !text;
  }

  function showLogin(message) {
    screen("login");
    loginError(message);
    $("#password").value = "";
    ($("#username").value ? $("#password") : $("#username")).focus();
  }

  function startSession(data) {
    S.session++;
    S.me = data.user;
    S.csrf = data.csrf_token;
    if (!S.me || S.me.role !== "admin") {
      tid("forbidden-user").textContent = (S.me && (S.me.display_name || S.me.username)) || "";
      screen("forbidden");
      return;
    }
    tid("admin-name").textContent = S.me.display_name || S.me.username;
    screen("app");
    var wanted = (window.location.hash || "").replace(/^#/, "");
    show(Object.prototype.hasOwnProperty.call(sections, wanted) ? wanted : "intents");
  }

  function teardown() {
    leave();
    S.session++;
    S.me = null;
    S.csrf = null;
    S.current = null;
    hideError();
  }

  function sessionEnded() {
    teardown();
    showLogin("Your session has ended. Please sign in again.");
  }

  function logout() {
    api("POST", "/api/console/logout").catch(function () { /* gone already */ }).then(function () {
      teardown();
      showLogin("");
    });
  }

  $("#login-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var submit = $('#login-form button[type="submit"]');
    submit.disabled = true;
    loginError("");
    api("POST", "/api/console/login", { username: $("#username").value.trim(), password: $("#password").value })
      .then(function (data) { $("#password").value = ""; startSession(data); })
      .catch(function (err) { loginError(err.message); })
      .then(function () { submit.disabled = false; });
  });
  tid("logout").addEventListener("click", logout);
  tid("forbidden-logout").addEventListener("click", logout);
  tid("error-dismiss").addEventListener("click", hideError);

  // ---------------------------------------------------------------- sections

  function leave() {
    var old = S.current && sections[S.current];
    if (old && old.hide) old.hide();
  }

  function show(name) {
    if (!sections[name]) return;
    if (S.current !== name) leave();
    S.current = name;
    $$(".section").forEach(function (node) {
      var active = node.id === "section-" + name;
      node.hidden = !active;
      node.setAttribute("data-active", active ? "true" : "false");
    });
    $$(".nav").forEach(function (node) {
      node.classList.toggle("active", node.getAttribute("data-section") === name);
    });
    if (window.location.hash !== "#" + name) history.replaceState(null, "", "#" + name);
    hideError();
    sections[name].show();
  }

  $$(".nav").forEach(function (node) {
    node.addEventListener("click", function () { show(node.getAttribute("data-section")); });
  });

  window.Admin = {
    api: api,
    el: el,
    $: $,
    $$: $$,
    tid: tid,
    clear: clear,
    button: button,
    option: option,
    when: when,
    percent: percent,
    fail: fail,
    toast: toast,
    languageName: languageName,
    languageSelect: languageSelect,
    languages: function () { return S.languages.slice(); },
    setLanguages: setLanguages,
    session: function () { return S.session; },
    isCurrent: function (name) { return S.current === name; },
    show: show,
    section: function (name, handlers) { sections[name] = handlers; }
  };

  // Sections register on DOMContentLoaded's turn (their scripts are deferred after this one).
  document.addEventListener("DOMContentLoaded", function () {
    api("GET", "/api/console/me").then(startSession, function (err) {
      showLogin(err.status === 401 ? "" : err.message);
    });
  });
})();
