/*
 * Vehicle support web chat widget.
 *
 * Embed on any page:   <script src="https://YOUR-GATEWAY/webchat/widget.js" async></script>
 * Full page mode:      <script src="/webchat/widget.js" data-mode="page"></script>
 * Language of a page:  data-lang="az" (else the browser's language); the labels then
 *                      follow the language the bot answers in.
 *
 * The labels (title, Send, ...) come from the gateway with the session, from the same
 * files as the bot's answers (bot/responses/<lang>.yml, "widget:").
 * The browser keeps its session id (localStorage) so a reload restores the history,
 * and keeps messages the gateway has not acknowledged yet, re-sending them after a
 * reconnect, or after the retry_after of a refusal (too many messages from one address);
 * the gateway de-duplicates them on client_id. Customer and bot text is
 * always set with textContent: nothing received is ever parsed as HTML.
 */
(function () {
  "use strict";
  var script = document.currentScript;
  var origin = new URL(script.src, window.location.href);
  var mode = script.getAttribute("data-mode") || "bubble";
  var KEY_SESSION = "supportbot.session";
  var KEY_UNSENT = "supportbot.unsent";
  var wsBase = (origin.protocol === "https:" ? "wss://" : "ws://") + origin.host + "/webchat/ws";
  var pageLanguage = (script.getAttribute("data-lang") || navigator.language || "").split("-")[0].toLowerCase();
  var language = pageLanguage;
  var labels = {};          // language -> the widget's labels, sent by the gateway
  var state = "connecting"; // which status label is showing

  var style = document.createElement("style");
  style.textContent = [
    ".sb-root{font:15px/1.4 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans','Noto Sans Georgian','Noto Sans Devanagari',sans-serif;color:#1d2433;box-sizing:border-box}",
    ".sb-root *{box-sizing:border-box}",
    ".sb-bubble .sb-panel{position:fixed;right:20px;bottom:84px;width:360px;max-width:calc(100vw - 40px);height:520px;max-height:calc(100vh - 120px);box-shadow:0 8px 30px rgba(0,0,0,.2);border-radius:14px;display:none}",
    ".sb-bubble.sb-open .sb-panel{display:flex}",
    ".sb-page .sb-panel{display:flex;width:100%;max-width:720px;height:100vh;margin:0 auto}",
    ".sb-panel{flex-direction:column;background:#fff;overflow:hidden}",
    ".sb-toggle{position:fixed;right:20px;bottom:20px;width:56px;height:56px;border-radius:50%;border:0;background:#0b5cad;color:#fff;font-size:26px;cursor:pointer;box-shadow:0 4px 14px rgba(0,0,0,.25)}",
    ".sb-head{background:#0b5cad;color:#fff;padding:12px 16px;font-weight:600;display:flex;justify-content:space-between;align-items:center}",
    ".sb-status{font-size:12px;font-weight:400;opacity:.85}",
    ".sb-log{flex:1;overflow-y:auto;padding:12px;background:#f4f6fa}",
    ".sb-msg{width:fit-content;max-width:85%;margin:6px 0;padding:8px 12px;border-radius:12px;white-space:pre-wrap;overflow-wrap:anywhere}",
    ".sb-in{margin-left:auto;background:#0b5cad;color:#fff;border-bottom-right-radius:4px}",
    ".sb-out{background:#fff;border:1px solid #dfe3ea;border-bottom-left-radius:4px}",
    ".sb-system{background:#fff7e0;border-color:#f0d48a}",
    ".sb-unsent{opacity:.6}",
    ".sb-buttons{display:flex;flex-wrap:wrap;gap:6px;margin:4px 0 8px}",
    ".sb-buttons button{border:1px solid #0b5cad;background:#fff;color:#0b5cad;border-radius:16px;padding:5px 12px;cursor:pointer;font:inherit;font-size:14px}",
    ".sb-buttons button:hover{background:#e8f0fa}",
    ".sb-form{display:flex;border-top:1px solid #dfe3ea;padding:8px;gap:8px;background:#fff}",
    ".sb-form textarea{flex:1;resize:none;border:1px solid #cfd6e0;border-radius:10px;padding:8px;font:inherit;height:42px}",
    ".sb-form button{border:0;background:#0b5cad;color:#fff;border-radius:10px;padding:0 16px;font:inherit;cursor:pointer}"
  ].join("\n");
  document.head.appendChild(style);

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined) node.textContent = text;
    return node;
  }

  var root = el("div", "sb-root " + (mode === "page" ? "sb-page" : "sb-bubble"));
  var panel = el("div", "sb-panel");
  var head = el("div", "sb-head");
  var title = el("span", "", "💬");
  var status = el("span", "sb-status", "…");
  head.appendChild(title);
  head.appendChild(status);
  var log = el("div", "sb-log");
  log.setAttribute("role", "log");
  log.setAttribute("aria-live", "polite");
  var form = el("form", "sb-form");
  var input = el("textarea");
  input.maxLength = 4096;
  var send = el("button", "", "➤");
  send.type = "submit";
  form.appendChild(input);
  form.appendChild(send);
  panel.appendChild(head);
  panel.appendChild(log);
  panel.appendChild(form);
  root.appendChild(panel);
  var toggle = null;
  if (mode !== "page") {
    toggle = el("button", "sb-toggle", "💬");
    toggle.addEventListener("click", function () { root.classList.toggle("sb-open"); input.focus(); });
    root.appendChild(toggle);
  }
  document.body.appendChild(root);

  var shown = {};       // message id -> element, so a message is never shown twice
  var pending = load(KEY_UNSENT, []);  // frames sent but not acknowledged
  var socket = null;
  var retry = 500;

  function load(key, fallback) {
    try { return JSON.parse(localStorage.getItem(key)) || fallback; } catch (e) { return fallback; }
  }
  function save() { localStorage.setItem(KEY_UNSENT, JSON.stringify(pending)); }
  function newId() {
    var bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.prototype.map.call(bytes, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  function scroll() { log.scrollTop = log.scrollHeight; }

  function label(name) {
    var set = labels[language] || labels.en || {};
    return set[name] || "";
  }
  function showLabels() {
    if (!label("title")) return;  // no labels yet: the neutral ones stay
    root.lang = labels[language] ? language : "en";
    title.textContent = label("title");
    send.textContent = label("send");
    input.placeholder = label("placeholder");
    input.setAttribute("aria-label", label("placeholder"));
    if (toggle) toggle.setAttribute("aria-label", label("open_chat"));
    if (mode === "page") { document.title = label("title"); document.documentElement.lang = root.lang; }
    status.textContent = label(state);
  }
  function setState(next) { state = next; status.textContent = label(state) || "…"; }
  function followLanguage(message) {  // the labels speak the language the bot answers in
    if (message.direction === "out" && message.language && labels[message.language] && message.language !== language) {
      language = message.language;
      showLabels();
    }
  }

  function render(message) {
    if (shown[message.id]) return;
    var unsent = message.client_id && document.querySelector('[data-client-id="' + message.client_id + '"]');
    if (unsent) unsent.remove();
    var cls = "sb-msg " + (message.direction === "in" ? "sb-in" : "sb-out") + (message.sender === "system" ? " sb-system" : "");
    var bubble = el("div", cls, message.text);
    bubble.setAttribute("data-id", message.id);
    bubble.setAttribute("data-sender", message.sender);
    log.appendChild(bubble);
    shown[message.id] = bubble;
    followLanguage(message);
    if (message.buttons && message.buttons.length) {
      var row = el("div", "sb-buttons");
      message.buttons.forEach(function (b) {
        var button = el("button", "", b.title);
        button.type = "button";
        button.addEventListener("click", function () {
          transmit({ type: "button", client_id: newId(), title: b.title, payload: b.payload });
        });
        row.appendChild(button);
      });
      log.appendChild(row);
    }
    scroll();
  }

  function renderUnsent(frame) {
    var bubble = el("div", "sb-msg sb-in sb-unsent", frame.type === "button" ? frame.title : frame.text);
    bubble.setAttribute("data-client-id", frame.client_id);
    log.appendChild(bubble);
    scroll();
  }

  function transmit(frame) {
    pending.push(frame);
    save();
    renderUnsent(frame);
    if (socket && socket.readyState === 1) socket.send(JSON.stringify(frame));
  }

  var lastNote = { text: "", at: 0 };
  function notify(reason) {  // once, not once per refused message of a burst
    var now = Date.now();
    if (reason === lastNote.text && now - lastNote.at < 30000) return;
    lastNote = { text: reason, at: now };
    log.appendChild(el("div", "sb-msg sb-out sb-system", "⚠ " + reason));
    scroll();
  }

  // Too many messages from this address: the gateway stored nothing and says when to try
  // again; the message stays on screen as unsent and goes again then (the client id keeps
  // it from being stored twice).
  function resendLater(clientId, seconds) {
    setTimeout(function () {
      var frame = pending.filter(function (f) { return f.client_id === clientId; })[0];
      if (frame && socket && socket.readyState === 1) socket.send(JSON.stringify(frame));
    }, Math.max(0.2, seconds) * 1000 + Math.random() * 300);
  }

  function connect() {
    var url = wsBase + "?lang=" + encodeURIComponent(pageLanguage);
    var session = localStorage.getItem(KEY_SESSION);
    if (session) url += "&session_id=" + encodeURIComponent(session);
    socket = new WebSocket(url);
    socket.onopen = function () { setState("online"); retry = 500; };
    socket.onmessage = function (event) {
      var frame = JSON.parse(event.data);
      if (frame.type === "session") {
        localStorage.setItem(KEY_SESSION, frame.session_id);
        labels = frame.labels || {};
        showLabels();
      } else if (frame.type === "history") {
        frame.messages.forEach(render);
        pending.forEach(function (f) {  // re-send what the gateway never acknowledged
          if (!document.querySelector('[data-client-id="' + f.client_id + '"]')) renderUnsent(f);
          socket.send(JSON.stringify(f));
        });
      } else if (frame.type === "ack") {
        pending = pending.filter(function (f) { return f.client_id !== frame.client_id; });
        save();
        render(frame.message);
      } else if (frame.type === "message") {
        render(frame.message);
      } else if (frame.type === "error") {
        if (frame.client_id && typeof frame.retry_after === "number") resendLater(frame.client_id, frame.retry_after);
        notify(frame.reason);
      }
    };
    socket.onclose = function () {
      setState("reconnecting");
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 10000);
    };
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var text = input.value.trim();
    if (!text) return;
    input.value = "";
    transmit({ type: "message", client_id: newId(), text: text });
  });
  input.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && !event.shiftKey) { event.preventDefault(); form.requestSubmit(); }
  });
  window.supportbot = { socket: function () { return socket; } };
  connect();
})();
