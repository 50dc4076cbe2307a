// The console's warranty-claims panel: the claims of the open conversation's customer,
// their photos and history, and the buttons that move a claim to its next stage (the
// customer is told by the gateway). Every value goes in with textContent, never as HTML.
(function () {
  "use strict";

  var STAGES = {
    submitted: "Submitted", in_review: "In review", approved: "Approved",
    rejected: "Rejected", in_repair: "In repair", completed: "Completed"
  };
  var current = null;

  function tid(name) { return document.querySelector('[data-testid="' + name + '"]'); }
  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }

  function load(id) {
    current = id;
    loadOpen();
    var list = tid("context-claims");
    if (!list) return;
    clear(list);
    list.appendChild(el("li", "ctx-empty", "Loading…"));
    window.SupportConsole.api("GET", "/conversations/" + encodeURIComponent(id) + "/claims").then(function (data) {
      if (current !== id) return;
      render(list, (data && data.claims) || []);
    }).catch(function (err) {
      if (current !== id) return;
      clear(list);
      list.appendChild(el("li", "ctx-empty", err.message));
    });
  }

  function render(list, claims) {
    clear(list);
    if (!claims.length) list.appendChild(el("li", "ctx-empty", "No claims"));
    claims.forEach(function (claim) { list.appendChild(card(claim)); });
  }

  function card(claim) {
    var li = el("li", "ctx-claim");
    li.setAttribute("data-claim", claim.reference);
    var head = el("div", "ctx-claim-head");
    head.appendChild(el("strong", "mono", claim.reference));
    var stage = el("span", "ctx-claim-stage", STAGES[claim.stage] || claim.stage);
    stage.setAttribute("data-testid", "claim-stage");
    head.appendChild(stage);
    li.appendChild(head);
    if (claim.needs_review_reason) li.appendChild(el("p", "ctx-claim-review", claim.needs_review_reason));
    li.appendChild(el("p", "mono", claim.vin + " · " + claim.mileage_km + " km"));
    li.appendChild(el("p", "ctx-claim-symptom", claim.symptom));
    if (claim.attachment_ids.length) {
      var photos = el("div", "ctx-claim-photos");
      claim.attachment_ids.forEach(function (id) {
        var link = el("a");
        link.href = "/api/console/attachments/" + encodeURIComponent(id);
        link.target = "_blank";
        link.rel = "noopener";
        var img = el("img");
        img.src = link.href;
        img.alt = "photo " + id;
        link.appendChild(img);
        photos.appendChild(link);
      });
      li.appendChild(photos);
    }
    var history = el("ol", "ctx-claim-history");
    claim.history.forEach(function (step) {
      var text = (STAGES[step.stage] || step.stage) + " · " + step.actor + " · " + new Date(step.at).toLocaleString();
      var item = el("li", "", text);
      if (step.note) item.appendChild(el("div", "ctx-claim-note", step.note));
      history.appendChild(item);
    });
    li.appendChild(history);
    if (claim.next_stages.length) li.appendChild(mover(claim));
    return li;
  }

  function mover(claim) {
    var box = el("div", "ctx-claim-move");
    var note = el("input");
    note.type = "text";
    note.maxLength = 1000;
    note.placeholder = "Note for the customer (optional)";
    note.setAttribute("data-testid", "claim-note");
    box.appendChild(note);
    claim.next_stages.forEach(function (next) {
      var button = el("button", "btn", "→ " + (STAGES[next] || next));
      button.type = "button";
      button.setAttribute("data-testid", "claim-move-" + next);
      button.addEventListener("click", function () {
        button.disabled = true;
        var body = { stage: next, note: note.value.trim() || null };
        window.SupportConsole.api("POST", "/claims/" + encodeURIComponent(claim.reference) + "/stage", body)
          .then(function () { load(current); loadOpen(); })
          .catch(function (err) { button.disabled = false; window.alert(err.message); });
      });
      box.appendChild(button);
    });
    return box;
  }

  // The open claims of every customer, those needing judgement first: a technician reaches
  // a claim whose conversation never came to the queue from here.
  function loadOpen() {
    var list = tid("claims-list");
    if (!list) return;
    window.SupportConsole.api("GET", "/claims").then(function (data) {
      var claims = (data && data.claims) || [];
      tid("claims-count").textContent = String(claims.length);
      clear(list);
      claims.forEach(function (claim) {
        var li = el("li", "list-item");
        li.setAttribute("data-testid", "claims-item");
        li.tabIndex = 0;
        li.appendChild(el("strong", "mono", claim.reference));
        li.appendChild(el("span", "ctx-claim-stage", STAGES[claim.stage] || claim.stage));
        li.appendChild(el("div", "ctx-claim-symptom", claim.symptom.slice(0, 80)));
        if (claim.needs_review_reason) li.appendChild(el("div", "ctx-claim-review", claim.needs_review_reason));
        if (claim.conversation_id) {
          li.addEventListener("click", function () { window.SupportConsole.open(claim.conversation_id); });
        }
        list.appendChild(li);
      });
    }).catch(function () { /* the list comes back with the next refresh */ });
  }

  function start() {
    if (!window.SupportConsole) return;
    window.SupportConsole.onOpen(load);
    window.SupportConsole.onStart(loadOpen);
    window.setInterval(function () {
      var app = document.getElementById("app");
      if (app && !app.hidden && !document.hidden) loadOpen();
    }, 30000);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
