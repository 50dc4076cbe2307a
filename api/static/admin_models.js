/*
 * Admin pages, training and models: start a training job, watch its progress and log
 * tail (GET /api/admin/training/current, every second while this section is open),
 * cancel it; the model registry with each model's per-language report and the gate's
 * verdict; Activate one, or Roll back to the one active before.
 * Hooks for the browser test of the whole cycle are listed at the top of admin.js.
 */
(function () {
  "use strict";

  var A = window.Admin;
  var el = A.el, tid = A.tid, clear = A.clear, button = A.button;
  var BASE = "/api/admin";
  var POLL_MS = 1000;
  var RUNNING = { training: true, evaluating: true };
  var STATUS_TEXT = {
    none: "no job running", training: "training", evaluating: "evaluating on the held-out data",
    ready: "ready", failed: "failed", cancelled: "cancelled"
  };

  var M = { timer: null, lastKey: null, models: [], busy: false, polling: false };

  function seconds(s) {
    if (s === null || s === undefined) return "–";
    s = Math.round(Number(s));
    return s < 60 ? s + " s" : Math.floor(s / 60) + " min " + (s % 60) + " s";
  }

  // ---------------------------------------------------------------- the running job

  // The trainer reports a step ("training DIETClassifier (3 of 9)", "evaluating …"): the bar
  // shows the components done as 0–90 %, evaluation as the rest; an unknown step is indeterminate.
  function fraction(status, step) {
    if (status === "ready") return 1;
    if (status === "none" || status === "failed" || status === "cancelled") return 0;
    var m = /\((\d+) of (\d+)\)/.exec(step || "");
    if (status === "training" && m && Number(m[2]) > 0) return 0.9 * Math.min(1, Number(m[1]) / Number(m[2]));
    if (status === "evaluating") return 0.95;
    return null;
  }

  function renderCurrent(data) {
    var model = data && data.model;
    var status = model ? model.status : "none";
    var node = tid("training-status");
    node.textContent = model ? "model " + model.id + ": " + (STATUS_TEXT[status] || status) : STATUS_TEXT.none;
    node.setAttribute("data-status", status);
    node.setAttribute("data-model-id", model ? String(model.id) : "");
    var progress = tid("training-progress");
    var value = fraction(status, model && model.progress);
    if (value === null) progress.removeAttribute("value"); else progress.value = value;  // no value: indeterminate
    progress.setAttribute("data-status", status);
    tid("training-step").textContent = (model && model.progress) || "";
    tid("training-cancel").hidden = !RUNNING[status];
    tid("train").disabled = !!RUNNING[status];
    var error = tid("training-error");
    error.hidden = !(model && model.error);
    error.textContent = (model && model.error) || "";
    var log = tid("training-log");
    var lines = (data && data.log_tail) || [];
    var atBottom = log.scrollTop + log.clientHeight >= log.scrollHeight - 4;
    log.textContent = lines.length ? lines.join("\n") : "The log of the running (or the latest) training shows here.";
    log.classList.toggle("log-empty", !lines.length);
    if (atBottom) log.scrollTop = log.scrollHeight;
    // A job that starts, moves on or ends changes the registry: read it again.
    var key = model ? model.id + ":" + status : "none";
    if (key !== M.lastKey) {
      M.lastKey = key;
      loadModels();
    }
  }

  function poll() {
    if (M.polling) return;
    M.polling = true;
    A.api("GET", BASE + "/training/current").then(renderCurrent).catch(A.fail).then(function () {
      M.polling = false;
    });
  }

  function startPolling() {
    stopPolling();
    poll();
    M.timer = setInterval(poll, POLL_MS);
  }

  function stopPolling() {
    if (M.timer) clearInterval(M.timer);
    M.timer = null;
  }

  tid("train").addEventListener("click", function () {
    tid("train").disabled = true;
    A.api("POST", BASE + "/training").then(function (model) {
      A.toast("Training model " + model.id + "; the bot keeps answering with the active model meanwhile");
      poll();
    }).catch(function (err) {
      tid("train").disabled = false;
      A.fail(err);
    });
  });

  tid("training-cancel").addEventListener("click", function () {
    var id = tid("training-status").getAttribute("data-model-id");
    if (!id) return;
    A.api("POST", BASE + "/training/" + encodeURIComponent(id) + "/cancel").then(poll).catch(A.fail);
  });

  // ---------------------------------------------------------------- the registry

  function loadModels() {
    return A.api("GET", BASE + "/models").then(function (models) {
      M.models = models || [];
      renderModels();
    }).catch(A.fail);
  }

  function reportCell(model, code) {
    var langs = model.report && model.report.languages;
    var r = langs && langs[code];
    var td = el("td", "num", r ? A.percent(r.accuracy) : "–");
    var drop = model.gate && model.gate.drops && model.gate.drops[code];
    if (r && r.examples !== undefined) td.title = r.examples + " held-out examples";
    if (drop !== undefined && drop !== null && Number(drop) > 0) {
      td.appendChild(el("span", "drop", " −" + Number(drop).toFixed(1)));
    }
    return td;
  }

  function gateCell(model) {
    var td = el("td", "gate");
    td.setAttribute("data-testid", "model-gate");
    if (!model.gate) {
      td.textContent = model.status === "ready" ? "no verdict" : "–";
      return td;
    }
    td.classList.add(model.gate.passes ? "gate-pass" : "gate-fail");
    td.textContent = (model.gate.passes ? "passes" : "refused") + (model.gate.reason ? ": " + model.gate.reason : "");
    return td;
  }

  function renderModels() {
    var table = tid("models");
    clear(table);
    var langs = A.languages();
    var head = el("tr");
    ["Model", "Status", "Started", "By", "Training"].forEach(function (t) { head.appendChild(el("th", null, t)); });
    langs.forEach(function (code) { head.appendChild(el("th", "num", code)); });
    ["Overall", "Gate", ""].forEach(function (t) { head.appendChild(el("th", null, t)); });
    var thead = el("thead");
    thead.appendChild(head);
    table.appendChild(thead);
    var body = el("tbody");
    if (!M.models.length) {
      var empty = el("tr");
      var td = el("td", "muted", "No model trained from these pages yet.");
      td.colSpan = 8 + langs.length;
      empty.appendChild(td);
      body.appendChild(empty);
    }
    M.models.forEach(function (model) {
      var tr = el("tr", model.active ? "active-model" : "");
      tr.setAttribute("data-testid", "model-row");
      tr.setAttribute("data-model-id", String(model.id));
      tr.setAttribute("data-status", model.status);
      tr.setAttribute("data-active", model.active ? "true" : "false");
      tr.setAttribute("data-gate", model.gate ? (model.gate.passes ? "pass" : "fail") : "none");
      var name = el("td", null, "#" + model.id + " ");
      name.appendChild(el("code", "muted", String(model.fingerprint || "").slice(0, 12)));
      if (model.active) name.appendChild(el("span", "badge badge-live", "live"));
      tr.appendChild(name);
      tr.appendChild(el("td", "status status-" + model.status, STATUS_TEXT[model.status] || model.status));
      tr.appendChild(el("td", "small", A.when(model.started_at)));
      tr.appendChild(el("td", "small", model.started_by || ""));
      tr.appendChild(el("td", "small", seconds(model.training_seconds)));
      langs.forEach(function (code) { tr.appendChild(reportCell(model, code)); });
      var overall = model.report ? model.report.overall : null;
      tr.appendChild(el("td", "num", typeof overall === "number" ? A.percent(overall) : "–"));
      tr.appendChild(gateCell(model));
      var actions = el("td", "row-actions");
      var activate = button(model.active ? "Active" : "Activate", model.active ? "" : "btn-primary", "activate", function () {
        activateModel(model);
      });
      activate.setAttribute("data-model-id", String(model.id));
      activate.disabled = model.active || model.status !== "ready";
      actions.appendChild(activate);
      actions.appendChild(button("Log", "btn-ghost", "model-log-open", function () { showLog(model); }));
      tr.appendChild(actions);
      body.appendChild(tr);
    });
    table.appendChild(body);
    tid("rollback").disabled = !M.models.some(function (m) { return m.activated_at && !m.active; });
  }

  function activateModel(model) {
    if (M.busy) return;
    M.busy = true;
    A.api("POST", BASE + "/models/" + encodeURIComponent(model.id) + "/activate").then(function (m) {
      A.toast("Model " + m.id + " is live");
    }).catch(A.fail).then(function () {
      M.busy = false;
      loadModels();
    });
  }

  tid("rollback").addEventListener("click", function () {
    if (M.busy) return;
    M.busy = true;
    A.api("POST", BASE + "/models/rollback").then(function (m) {
      A.toast("Rolled back: model " + m.id + " is live again");
    }).catch(A.fail).then(function () {
      M.busy = false;
      loadModels();
    });
  });

  function showLog(model) {
    A.api("GET", BASE + "/models/" + encodeURIComponent(model.id) + "/log").then(function (data) {
      tid("model-log-card").hidden = false;
      tid("model-log-title").textContent = "Log of model " + model.id;
      tid("model-log").textContent = ((data && data.lines) || []).join("\n");
      tid("model-log-card").scrollIntoView({ block: "start" });
    }).catch(A.fail);
  }

  A.section("models", {
    show: function () { M.lastKey = null; startPolling(); },
    hide: stopPolling
  });
})();
