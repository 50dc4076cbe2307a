/*
 * Admin pages, review: the unsure inbox (customers' messages the bot was unsure about:
 * pick the intent, add it to the training data in its language with one click, or
 * dismiss it), the audit log of admin changes, and the console's canned responses.
 * Customers' words are shown with textContent: `<script>` in a message is text.
 */
(function () {
  "use strict";

  var A = window.Admin;
  var el = A.el, tid = A.tid, clear = A.clear, button = A.button;
  var BASE = "/api/admin";
  var PAGE = 50;
  var REASONS = { fallback: "not understood", low_confidence: "low confidence", handed_off: "handed off", rated_badly: "rated badly", not_ours: "answered not ours" };

  function enc(s) { return encodeURIComponent(s); }
  function query(params) {
    var parts = [];
    Object.keys(params).forEach(function (k) {
      if (params[k] !== "" && params[k] !== null && params[k] !== undefined) parts.push(k + "=" + enc(params[k]));
    });
    return parts.length ? "?" + parts.join("&") : "";
  }

  // ---------------------------------------------------------------- unsure inbox

  var U = { intents: [], items: [], total: 0 };

  function loadUnsure(more) {
    var before = more && U.items.length ? U.items[U.items.length - 1].message_id : null;
    var params = { reason: tid("unsure-reason").value, language: tid("unsure-language").value, limit: PAGE, before_id: before };
    return A.api("GET", BASE + "/unsure" + query(params)).then(function (data) {
      var items = (data && data.items) || [];
      U.items = more ? U.items.concat(items) : items;
      U.total = (data && data.total) || 0;
      renderUnsure(more ? items : U.items, !more);
      tid("unsure-more").hidden = items.length < PAGE;
    }).catch(A.fail);
  }

  function unsureHead(table) {
    var head = el("tr");
    ["When", "Language", "Message", "Why", "Bot's guess", "Intent to learn", ""].forEach(function (t) {
      head.appendChild(el("th", null, t));
    });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    table.appendChild(el("tbody"));
  }

  function renderUnsure(items, fresh) {
    var table = tid("unsure-list");
    if (fresh) {
      clear(table);
      unsureHead(table);
    }
    tid("unsure-total").textContent = U.total + " waiting";
    var body = A.$("tbody", table);
    if (fresh && !items.length) {
      var tr = el("tr");
      var td = el("td", "muted", "Nothing to review: the bot understood everything it was asked.");
      td.colSpan = 7;
      tr.appendChild(td);
      body.appendChild(tr);
    }
    items.forEach(function (item) { body.appendChild(unsureRow(item)); });
  }

  function unsureRow(item) {
    var tr = el("tr");
    tr.setAttribute("data-testid", "unsure-row");
    tr.setAttribute("data-message-id", String(item.message_id));
    tr.setAttribute("data-language", item.language || "");
    tr.setAttribute("data-state", "open");
    tr.appendChild(el("td", "small", A.when(item.at)));
    tr.appendChild(el("td", null, item.language || "?"));
    var text = el("td", "unsure-text", item.text);
    text.setAttribute("data-testid", "unsure-text");
    text.lang = item.language || "";
    tr.appendChild(text);
    var reasons = el("td", "reasons");
    reasons.setAttribute("data-testid", "unsure-reasons");
    (item.reasons || []).forEach(function (r) {
      reasons.appendChild(el("span", "chip chip-" + r, REASONS[r] || r));
    });
    tr.appendChild(reasons);
    var guess = (item.intent || "–") + (item.confidence !== null && item.confidence !== undefined ? " · " + A.percent(item.confidence, 0) : "");
    tr.appendChild(el("td", "small muted", guess));
    var pick = el("td");
    var select = el("select");
    select.setAttribute("data-testid", "unsure-intent");
    select.setAttribute("aria-label", "Intent for this message");
    var known = U.intents.indexOf(item.intent) >= 0;
    if (!known) select.appendChild(A.option("", "choose an intent…", true));
    U.intents.forEach(function (name) { select.appendChild(A.option(name, name, name === item.intent)); });
    pick.appendChild(select);
    tr.appendChild(pick);
    var actions = el("td", "row-actions");
    var outcome = el("span", "outcome");
    outcome.setAttribute("data-testid", "unsure-outcome");
    var add = button("Add to training", "btn-primary", "unsure-add", function () {
      if (!select.value) { A.fail(new Error("Choose the intent this message means first.")); return; }
      decide(tr, "add", { intent: select.value }, "added to " + select.value + " (" + item.language + ")");
    });
    var dismiss = button("Dismiss", "btn-ghost", "unsure-dismiss", function () {
      decide(tr, "dismiss", undefined, "dismissed");
    });
    actions.appendChild(add);
    actions.appendChild(dismiss);
    actions.appendChild(outcome);
    tr.appendChild(actions);
    return tr;
  }

  function decide(tr, what, body, done) {
    var id = tr.getAttribute("data-message-id");
    A.$$("button, select", tr).forEach(function (b) { b.disabled = true; });
    A.api("POST", BASE + "/unsure/" + enc(id) + "/" + what, body).then(function () {
      tr.setAttribute("data-state", what === "add" ? "added" : "dismissed");
      tr.classList.add("decided");
      A.tid("unsure-outcome", tr).textContent = done;
      U.total = Math.max(0, U.total - 1);
      tid("unsure-total").textContent = U.total + " waiting";
      if (what === "add") A.toast("Added to the training data; train a model to teach the bot");
    }).catch(function (err) {
      A.$$("button, select", tr).forEach(function (b) { b.disabled = false; });
      A.fail(err);
    });
  }

  tid("unsure-filters").addEventListener("submit", function (event) { event.preventDefault(); loadUnsure(false); });
  tid("unsure-more").addEventListener("click", function () { loadUnsure(true); });

  A.section("unsure", {
    show: function () {
      A.languageSelect(tid("unsure-language"), "Every language");
      A.content.intentNames().then(function (names) {
        U.intents = names;
        return loadUnsure(false);
      }).catch(A.fail);
    }
  });

  // ---------------------------------------------------------------- audit log

  var L = { entries: [] };

  function snapshot(value) {
    if (value === null || value === undefined) return "";
    return typeof value === "string" ? value : JSON.stringify(value, null, 1);
  }

  function loadAudit(more) {
    var before = more && L.entries.length ? L.entries[L.entries.length - 1].id : null;
    var params = { action: tid("audit-action").value.trim(), actor: tid("audit-actor").value.trim(), limit: PAGE, before_id: before };
    return A.api("GET", BASE + "/audit" + query(params)).then(function (data) {
      var entries = Array.isArray(data) ? data : (data && (data.entries || data.items)) || [];
      L.entries = more ? L.entries.concat(entries) : entries;
      var table = tid("audit-list");
      if (!more) {
        clear(table);
        var head = el("tr");
        ["When", "Who", "What", "Subject", "Before", "After"].forEach(function (t) { head.appendChild(el("th", null, t)); });
        table.appendChild(head);
      }
      entries.forEach(function (e) {
        var tr = el("tr");
        tr.setAttribute("data-testid", "audit-row");
        tr.setAttribute("data-action", e.action);
        tr.appendChild(el("td", "small", A.when(e.at)));
        tr.appendChild(el("td", null, e.actor));
        tr.appendChild(el("td", null, e.action));
        tr.appendChild(el("td", "small", e.subject));
        tr.appendChild(el("td", "snapshot", snapshot(e.before)));
        tr.appendChild(el("td", "snapshot", snapshot(e.after)));
        table.appendChild(tr);
      });
      tid("audit-more").hidden = entries.length < PAGE;
    }).catch(A.fail);
  }

  tid("audit-filters").addEventListener("submit", function (event) { event.preventDefault(); loadAudit(false); });
  tid("audit-more").addEventListener("click", function () { loadAudit(true); });
  A.section("audit", { show: function () { loadAudit(false); } });

  // ---------------------------------------------------------------- canned responses

  function loadCanned() {
    return A.api("GET", BASE + "/canned").then(function (data) {
      var items = Array.isArray(data) ? data : (data && (data.responses || data.items)) || [];
      var table = tid("canned-list");
      clear(table);
      var head = el("tr");
      ["Shortcut", "Language", "Title", "Text", ""].forEach(function (t) { head.appendChild(el("th", null, t)); });
      table.appendChild(head);
      items.forEach(function (c) {
        var tr = el("tr", "clickable");
        tr.setAttribute("data-testid", "canned-row");
        tr.setAttribute("data-shortcut", c.shortcut);
        tr.setAttribute("data-language", c.language);
        tr.appendChild(el("td", "intent-name", "/" + c.shortcut));
        tr.appendChild(el("td", null, c.language));
        tr.appendChild(el("td", null, c.title));
        tr.appendChild(el("td", "snapshot", c.text));
        var actions = el("td", "row-actions");
        actions.appendChild(button("Delete", "btn-danger-ghost", "canned-delete", function (event) {
          event.stopPropagation();
          A.api("DELETE", BASE + "/canned/" + enc(c.shortcut) + "/" + enc(c.language)).then(function () {
            A.toast("/" + c.shortcut + " (" + c.language + ") deleted");
            return loadCanned();
          }).catch(A.fail);
        }));
        tr.appendChild(actions);
        tr.addEventListener("click", function () {
          tid("canned-shortcut").value = c.shortcut;
          tid("canned-language-input").value = c.language;
          tid("canned-title").value = c.title;
          tid("canned-text").value = c.text;
        });
        table.appendChild(tr);
      });
    }).catch(A.fail);
  }

  tid("canned-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var body = {
      shortcut: tid("canned-shortcut").value.trim(),
      language: tid("canned-language-input").value,
      title: tid("canned-title").value.trim(),
      text: tid("canned-text").value.trim()
    };
    A.api("PUT", "/api/console/canned", body).then(function () {
      A.toast("/" + body.shortcut + " (" + body.language + ") saved");
      tid("canned-form").reset();
      return loadCanned();
    }).catch(A.fail);
  });

  A.section("canned", {
    show: function () {
      A.languageSelect(tid("canned-language-input"));
      loadCanned();
    }
  });
})();
