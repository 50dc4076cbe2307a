/*
 * Agent console: the queue of conversations the bot handed over, the agent's own
 * conversations, one open transcript with its context, and the actions on it.
 *
 * Contract: docs/console-api.md. Plain JavaScript, no framework, no build step,
 * nothing loaded from elsewhere. Every piece of data reaches the page through
 * textContent, attributes or element properties, never through innerHTML: customer
 * text such as `<img src=x onerror=…>` must show as text.
 *
 * Live updates come from one WebSocket; the lists and the open transcript are kept
 * from its frames, and re-fetched after every (re)connect, so nothing is polled.
 */
(function () {
  "use strict";

  var API = "/api/console";
  var MAX_LEN = 4096;
  var CHANNELS = { whatsapp: "WhatsApp", telegram: "Telegram", webchat: "Web chat", socketio: "Web chat (socket.io)" };
  var STATES = { waiting_for_agent: "Waiting for agent", agent: "With an agent", bot: "With the bot", closed: "Closed" };

  // ---------------------------------------------------------------- state

  var S = {
    session: 0,        // bumped at every login/logout: late answers of an old session are dropped
    me: null,
    csrf: null,        // kept in memory only, sent as X-CSRF-Token on every POST
    queue: [],         // Summary[], in display order
    mine: [],
    unread: {},        // conversation id -> true
    current: null,     // the open conversation, see openConversation()
    canned: {},        // language -> [{shortcut, language, title, text}] | "loading"
    drafts: {},        // conversation id -> unsent text
    listsSeq: 0,
    socket: null,
    retry: 0,
    retryTimer: null,
    hashOpened: false
  };

  // Panels in their own files (console_claims.js) hear which conversation opens and call
  // the API through `api`, with the session's CSRF token.
  var opened = [];
  var started = [];
  window.SupportConsole = {
    api: function (m, p, b) { return api(m, p, b); },
    onOpen: function (hook) { opened.push(hook); },
    onStart: function (hook) { started.push(hook); },
    open: function (id) { openConversation(id); }
  };

  // ---------------------------------------------------------------- helpers

  function $(sel, root) { return (root || document).querySelector(sel); }
  function tid(name) { return $('[data-testid="' + name + '"]'); }

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function sameId(a, b) { return a !== null && a !== undefined && b !== null && b !== undefined && String(a) === String(b); }

  // The server's timestamps may come without an offset (naive UTC from the database):
  // such a string is read as UTC, not as the browser's local time.
  function parseTime(iso) {
    if (!iso) return null;
    var s = String(iso);
    if (/T\d/.test(s) && !/(Z|[+-]\d\d:?\d\d)$/i.test(s)) s += "Z";
    var t = new Date(s);
    return isNaN(t.getTime()) ? null : t;
  }

  function clock(t) { return t ? t.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : ""; }

  function dayLabel(t) {
    var today = new Date();
    var yesterday = new Date(today.getTime() - 86400000);
    if (t.toDateString() === today.toDateString()) return "Today";
    if (t.toDateString() === yesterday.toDateString()) return "Yesterday";
    return t.toLocaleDateString([], { day: "numeric", month: "long", year: "numeric" });
  }

  function whenLabel(t) {
    if (!t) return "";
    return t.toDateString() === new Date().toDateString() ? clock(t) : t.toLocaleDateString([], { day: "numeric", month: "short" }) + ", " + clock(t);
  }

  // "3 min", "1 h 20 min", "2 d 4 h": the waiting time in the lists, refreshed by tick().
  function elapsed(t) {
    var min = Math.max(0, Math.floor((Date.now() - t.getTime()) / 60000));
    if (min < 1) return "<1 min";
    if (min < 60) return min + " min";
    var h = Math.floor(min / 60);
    if (h < 24) return h + " h" + (min % 60 ? " " + (min % 60) + " min" : "");
    return Math.floor(h / 24) + " d" + (h % 24 ? " " + (h % 24) + " h" : "");
  }

  function percent(c) { return Math.round(Number(c) * 100) + "%"; }

  // "45 000 km": thousands grouped with a space.
  function grouped(n) { return String(Math.round(Number(n))).replace(/\B(?=(\d{3})+(?!\d))/g, " "); }

  // Only http(s) and same-site links go into href/src: never a javascript: URL.
  function safeUrl(url) {
    if (!url) return null;
    try {
      var u = new URL(String(url), window.location.href);
      return u.protocol === "http:" || u.protocol === "https:" ? u.href : null;
    } catch (e) { return null; }
  }

  function customerName(s) {
    var c = (s && s.customer) || {};
    return c.name || c.external_id || "Unknown customer";
  }

  function initials(name) {
    var parts = String(name || "?").replace(/^\+/, "").trim().split(/\s+/);
    return ((parts[0] || "?").charAt(0) + (parts.length > 1 ? parts[parts.length - 1].charAt(0) : "")).toUpperCase();
  }

  // A stable colour per name, so the same customer keeps the same avatar.
  function avatar(node, name) {
    var hash = 0;
    for (var i = 0; i < name.length; i++) hash = (hash * 31 + name.charCodeAt(i)) | 0;
    node.textContent = initials(name);
    node.style.backgroundColor = "hsl(" + (Math.abs(hash) % 360) + ", 45%, 46%)";
  }

  function channelChip(channel) {
    var chip = el("span", "chip-channel", CHANNELS[channel] || channel || "?");
    chip.setAttribute("data-channel", channel || "");
    return chip;
  }

  function prioBadge(node, s) {
    var label = s.priority_label || "normal";
    node.hidden = label === "normal" || !label;
    node.textContent = label;
    node.className = "prio prio-" + label;
    node.setAttribute("data-priority", label);
  }

  function heldByMe(s) { return !!(s && s.assigned_agent && S.me && sameId(s.assigned_agent.id, S.me.id)); }
  function isAdmin() { return !!(S.me && S.me.role === "admin"); }

  function preview(m) {
    if (!m) return "";
    var text = m.text || "";
    if (!text && m.attachments && m.attachments.length) text = "Attachment: " + (m.attachments[0].filename || m.attachments[0].kind || "file");
    var who = m.sender === "bot" ? "Bot: " : m.sender === "agent" ? "Agent: " : m.sender === "system" ? "System: " : "";
    return who + text;
  }

  // ---------------------------------------------------------------- requests

  function detailOf(data, status) {
    var d = data && data.detail;
    if (typeof d === "string" && d) return d;
    if (Array.isArray(d)) return d.map(function (x) { return (x && x.msg) || JSON.stringify(x); }).join("; ");
    if (d) return JSON.stringify(d);
    return "Request failed (HTTP " + status + ")";
  }

  // Resolves with the parsed JSON (null for an empty answer such as 204); rejects with
  // an Error carrying .status and the server's detail as its message. A 401 on any
  // call but the login itself and the first /me ends the session on the spot.
  function api(method, path, body, retried) {
    var headers = { Accept: "application/json" };
    var init = { method: method, headers: headers, credentials: "same-origin", cache: "no-store" };
    if (method !== "GET") headers["X-CSRF-Token"] = S.csrf || "";
    if (body !== undefined) {
      headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    var session = S.session;
    return fetch(API + path, init).then(function (res) {
      return res.text().then(function (raw) {
        var data = null;
        try { data = raw ? JSON.parse(raw) : null; } catch (e) { data = null; }
        if (res.ok) return data;
        var err = new Error(detailOf(data, res.status));
        err.status = res.status;
        // A token rotated by a login in another tab: take the current one and try once more.
        if (res.status === 403 && method !== "GET" && !retried && /csrf/i.test(err.message) && session === S.session) {
          return api("GET", "/me").then(function (me) {
            S.csrf = me.csrf_token;
            return api(method, path, body, true);
          }, function () { throw err; });
        }
        if (res.status === 401 && path !== "/login" && path !== "/me") {
          err.handled = true;
          if (session === S.session && S.me) sessionEnded();
        }
        throw err;
      });
    }, function () {
      var err = new Error("Cannot reach the server. Check the connection and try again.");
      err.status = 0;
      throw err;
    });
  }

  function fail(err) { if (!err.handled) showError(err.message); }

  // ---------------------------------------------------------------- error bar

  function showError(text) {
    tid("error-text").textContent = text;
    tid("error").hidden = false;
  }
  function hideError() { tid("error").hidden = true; }

  // ---------------------------------------------------------------- session

  function showLogin(message) {
    $("#app").hidden = true;
    $("#login").hidden = false;
    loginError(message);
    $("#password").value = "";
    ($("#username").value ? $("#password") : $("#username")).focus();
  }

  // The error line is hidden while it has nothing to say.
  function loginError(text) {
    var node = tid("login-error");
    node.textContent = text || "";
    node.hidden = !text;
  }

  function startSession(data) {
    S.session++;
    S.me = data.user;
    S.csrf = data.csrf_token;
    $("#login").hidden = true;
    $("#app").hidden = false;
    tid("agent-name").textContent = S.me.display_name || S.me.username;
    tid("agent-role").textContent = S.me.role || "";  // "agent" | "admin", capitalised by the CSS
    tid("agent-languages").textContent = (S.me.languages || []).join(" · ").toUpperCase();
    avatar($("#me-avatar"), S.me.display_name || S.me.username || "?");
    loadLists();
    connect();
    started.forEach(function (hook) { hook(); });
  }

  // Everything of the old session goes: socket, lists, open conversation, token.
  function teardown() {
    S.session++;
    S.me = null;
    S.csrf = null;
    S.queue = [];
    S.mine = [];
    S.unread = {};
    S.current = null;
    S.canned = {};
    S.drafts = {};
    disconnect();
    renderLists();
    showConversation(false);
    hideError();
  }

  function sessionEnded() {
    teardown();
    showLogin("Your session has ended. Please sign in again.");
  }

  $("#login-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var button = $('#login-form button[type="submit"]');
    button.disabled = true;
    loginError("");
    api("POST", "/login", { username: $("#username").value.trim(), password: $("#password").value })
      .then(function (data) { $("#password").value = ""; hideError(); startSession(data); })
      .catch(function (err) { loginError(err.message); })
      .then(function () { button.disabled = false; });
  });

  tid("logout").addEventListener("click", function () {
    api("POST", "/logout").then(function () {
      teardown();
      showLogin("");
    }).catch(fail);
  });

  tid("error-dismiss").addEventListener("click", hideError);

  // ---------------------------------------------------------------- lists

  // Where a Summary belongs. Held by me (including a transfer to me that still waits
  // for my claim) → mine; waiting for anyone → queue; anything else (held by someone
  // else, back with the bot, closed) → neither.
  function placeOf(s) {
    if (heldByMe(s) && (s.state === "agent" || s.state === "waiting_for_agent")) return "mine";
    if (s.state === "waiting_for_agent" && !s.assigned_agent) return "queue";
    return null;
  }

  function time(iso, fallback) { var t = parseTime(iso); return t ? t.getTime() : fallback; }

  // The server's queue order: my languages first, then priority, then the longest wait.
  function queueOrder(a, b) {
    if (!a.matches_my_languages !== !b.matches_my_languages) return a.matches_my_languages ? -1 : 1;
    if ((b.priority || 0) !== (a.priority || 0)) return (b.priority || 0) - (a.priority || 0);
    return time(a.waiting_since, Infinity) - time(b.waiting_since, Infinity);
  }

  // Mine: the latest activity first, like any inbox.
  function mineOrder(a, b) {
    var ta = time(a.last_message && a.last_message.created_at, time(a.waiting_since, 0));
    var tb = time(b.last_message && b.last_message.created_at, time(b.waiting_since, 0));
    return tb - ta;
  }

  function findSummary(id) {
    var all = S.queue.concat(S.mine);
    for (var i = 0; i < all.length; i++) if (sameId(all[i].id, id)) return all[i];
    return null;
  }

  function removeFrom(list, id) { return list.filter(function (s) { return !sameId(s.id, id); }); }

  function applySummary(s) {
    if (!s || s.id === undefined) return;
    S.queue = removeFrom(S.queue, s.id);
    S.mine = removeFrom(S.mine, s.id);
    var place = placeOf(s);
    if (place === "queue") S.queue.push(s);
    else if (place === "mine") S.mine.push(s);
    else delete S.unread[s.id];
    renderLists();
    if (S.current && sameId(S.current.id, s.id)) {
      var before = S.current.summary;
      S.current.summary = s;
      renderHeader();
      // A change of state or holder means new history events: fetch the context again.
      if (!before || before.state !== s.state || !sameId(before.assigned_agent && before.assigned_agent.id, s.assigned_agent && s.assigned_agent.id)) {
        refreshOpen(true);
      }
    }
  }

  function loadLists() {
    var seq = ++S.listsSeq;
    var session = S.session;
    return Promise.all([api("GET", "/queue"), api("GET", "/conversations/mine")]).then(function (answers) {
      if (seq !== S.listsSeq || session !== S.session) return;  // a newer load already answered
      S.queue = answers[0].conversations || [];
      S.mine = answers[1].conversations || [];
      renderLists();
      // A reload keeps the open conversation in the address (#c=<id>).
      if (!S.hashOpened) {
        S.hashOpened = true;
        var m = /^#c=(.+)$/.exec(window.location.hash);
        if (m && !S.current) openConversation(decodeURIComponent(m[1]));
      }
    }).catch(fail);
  }

  function renderLists() {
    S.queue.sort(queueOrder);
    S.mine.sort(mineOrder);
    renderList("queue", S.queue);
    renderList("mine", S.mine);
    document.title = (S.queue.length ? "(" + S.queue.length + ") " : "") + "Agent console";
  }

  function renderList(kind, items) {
    var ul = tid(kind);
    clear(ul);
    items.forEach(function (s) { ul.appendChild(renderItem(kind, s)); });
    tid(kind + "-count").textContent = String(items.length);
    $("#" + kind + "-empty").hidden = items.length > 0;
  }

  function renderItem(kind, s) {
    var name = customerName(s);
    var li = el("li", "item");
    li.setAttribute("data-testid", kind + "-item");
    li.setAttribute("data-conversation-id", s.id);
    li.setAttribute("data-state", s.state || "");
    li.tabIndex = 0;
    if (S.current && sameId(S.current.id, s.id)) { li.className += " selected"; li.setAttribute("aria-current", "true"); }
    if (s.matches_my_languages === false) { li.className += " dim"; li.setAttribute("data-matches", "false"); }

    var av = el("span", "avatar");
    avatar(av, name);
    li.appendChild(av);

    var body = el("div", "item-body");
    var top = el("div", "item-top");
    top.appendChild(el("span", "item-name", name));
    var since = parseTime(s.waiting_since);
    if (since) {
      var wait = el("span", "item-wait since");
      wait.setAttribute("data-testid", "waiting");
      wait.setAttribute("data-since", s.waiting_since);
      wait.title = "Waiting since " + whenLabel(since);
      showSince(wait);
      top.appendChild(wait);
    }
    body.appendChild(top);

    var tags = el("div", "item-tags");
    tags.appendChild(channelChip(s.channel));
    if (s.language) tags.appendChild(el("span", "lang", s.language));
    var prio = el("span");
    prioBadge(prio, s);
    if (!prio.hidden) tags.appendChild(prio);
    if (kind === "mine" && s.state === "waiting_for_agent") tags.appendChild(el("span", "tag-transfer", "transferred to you"));
    body.appendChild(tags);

    if (s.handoff_reason) body.appendChild(el("div", "item-reason", s.handoff_reason));
    var last = el("div", "item-last", s.last_message ? preview(s.last_message) : "No messages yet");
    body.appendChild(last);
    if (s.matches_my_languages === false) body.appendChild(el("div", "item-hint", "Not one of your languages"));
    li.appendChild(body);

    if (S.unread[s.id]) {
      var dot = el("span", "unread");
      dot.setAttribute("data-testid", "unread");
      dot.setAttribute("aria-label", "new messages");
      li.appendChild(dot);
    }

    li.addEventListener("click", function () { openConversation(s.id); });
    li.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); openConversation(s.id); }
    });
    return li;
  }

  // Waiting times move on without re-rendering the lists.
  function showSince(node) {
    var t = parseTime(node.getAttribute("data-since"));
    if (!t) return;
    node.textContent = elapsed(t);
    node.classList.toggle("long", Date.now() - t.getTime() > 10 * 60000);  // a long wait turns orange
  }
  function tick() { Array.prototype.forEach.call(document.querySelectorAll(".since[data-since]"), showSince); }
  setInterval(tick, 15000);

  // ---------------------------------------------------------------- open conversation

  var transcript = tid("transcript");
  var input = tid("reply-input");

  function showConversation(on) {
    tid("conversation").hidden = !on;
    tid("context").hidden = !on;
    $("#placeholder").hidden = on;
    $(".columns").classList.toggle("no-context", !on);  // the pane takes the context's column too
  }

  // S.current = {id, summary, context, shown: {message id: node}, lastDay, loading, live: [frames
  // that arrived while the transcript was loading], seq}
  function openConversation(id) {
    if (S.current && sameId(S.current.id, id) && !S.current.failed) return;
    if (S.current) S.drafts[S.current.id] = input.value;
    S.current = { id: id, summary: findSummary(id), context: null, shown: {}, lastDay: null, loading: true, live: [], seq: 0 };
    delete S.unread[id];
    renderLists();
    history.replaceState(null, "", "#c=" + encodeURIComponent(id));

    showConversation(true);
    clear(transcript);
    transcript.appendChild(el("p", "transcript-loading", "Loading…"));
    closeTransfer();
    closeConfirm();
    setNoteMode(false);
    input.value = S.drafts[id] || "";
    updateCounter();
    closeCanned();
    renderHeader();
    renderContext();
    if (S.current.summary) loadCanned(S.current.summary.language);
    refreshOpen(false);
    opened.forEach(function (hook) { hook(id); });
  }

  // Fetches the open conversation. The first time it renders the transcript; later
  // (quiet = after a state change or a reconnect) it only adds the messages missing.
  function refreshOpen(quiet) {
    var cur = S.current;
    if (!cur) return;
    var seq = ++cur.seq;
    api("GET", "/conversations/" + encodeURIComponent(cur.id)).then(function (data) {
      if (S.current !== cur || seq !== cur.seq) return;
      cur.summary = data.conversation;
      cur.context = data.context || {};
      var messages = (data.messages || []).concat(cur.live);
      cur.live = [];
      if (cur.loading) {
        cur.loading = false;
        renderTranscript(messages);
      } else {
        var missing = messages.filter(function (m) { return m.id === undefined || m.id === null || !cur.shown[m.id]; });
        if (missing.length) renderTranscript(messages.concat(shownMessages()));
      }
      renderHeader();
      renderContext();
      loadCanned(cur.summary.language);
    }).catch(function (err) {
      if (S.current !== cur) return;
      if (cur.loading) {
        cur.failed = true;  // a second click on it tries again
        clear(transcript);
        transcript.appendChild(el("p", "transcript-loading", "Could not load this conversation."));
        if (!cur.summary) tid("conv-customer").textContent = "Unavailable";
      }
      if (!quiet) fail(err);
    });
  }

  function shownMessages() {
    var cur = S.current;
    return Object.keys(cur.shown).map(function (k) { return cur.shown[k].message; });
  }

  function renderHeader() {
    var cur = S.current;
    if (!cur) return;
    var s = cur.summary;
    if (!s) { tid("conv-customer").textContent = "Loading…"; hideActions(); return; }
    var name = customerName(s);
    avatar($("#conv-avatar"), name);
    var who = tid("conv-customer");
    who.textContent = name;
    who.title = s.customer && s.customer.name ? (s.customer.external_id || "") : "";
    var ch = tid("conv-channel");
    ch.textContent = CHANNELS[s.channel] || s.channel || "";
    ch.setAttribute("data-channel", s.channel || "");
    tid("conv-language").textContent = s.language || "—";
    prioBadge(tid("conv-priority"), s);
    var state = tid("conv-state");
    state.textContent = STATES[s.state] || s.state;
    state.setAttribute("data-state", s.state || "");
    tid("conv-holder").textContent = s.assigned_agent
      ? "Held by " + (heldByMe(s) ? "you" : s.assigned_agent.display_name)
      : "Nobody holds it";
    renderActions();
  }

  function hideActions() {
    ["claim", "transfer", "handback", "close"].forEach(function (n) { tid(n).hidden = true; });
    closeConfirm();
    closeTransfer();
    tid("composer").hidden = true;
    tid("readonly-hint").hidden = true;
  }

  // Which actions show depends on the state and on who holds the conversation; the
  // server checks again (the holder or an admin) and answers 409/403 otherwise.
  function renderActions() {
    var s = S.current && S.current.summary;
    if (!s) return hideActions();
    var mine = heldByMe(s);
    var admin = isAdmin();
    var holding = mine && s.state === "agent";
    var open = s.state === "agent" || s.state === "waiting_for_agent";
    tid("claim").hidden = s.state !== "waiting_for_agent";
    tid("transfer").hidden = !(holding || (admin && open));
    tid("handback").hidden = !(holding || (admin && s.state === "agent"));
    var canClose = s.state !== "closed" && (holding || admin);
    tid("close").hidden = !canClose || !$("#close-box").hidden;
    if (!canClose) closeConfirm();
    if (tid("transfer").hidden) closeTransfer();

    tid("composer").hidden = !holding;
    var hint = tid("readonly-hint");
    hint.hidden = holding;
    hint.textContent = s.state === "waiting_for_agent" ? "Claim this conversation to reply."
      : s.state === "agent" ? "Held by " + ((s.assigned_agent && s.assigned_agent.display_name) || "another agent") + ": read only."
      : s.state === "bot" ? "The bot is handling this conversation."
      : "This conversation is closed.";
  }

  // ---------------------------------------------------------------- transcript

  function nearBottom() { return transcript.scrollHeight - transcript.scrollTop - transcript.clientHeight < 80; }
  function toBottom() { transcript.scrollTop = transcript.scrollHeight; }

  // Oldest first; messages without a time keep their place.
  function chronological(messages) {
    return messages.map(function (m, i) { return { m: m, i: i, t: time(m.created_at, 0) }; })
      .sort(function (a, b) { return a.t - b.t || a.i - b.i; })
      .map(function (x) { return x.m; });
  }

  function renderTranscript(messages) {
    var cur = S.current;
    var keep = !cur.shownOnce || nearBottom();
    clear(transcript);
    cur.shown = {};
    cur.lastDay = null;
    chronological(messages).forEach(function (m) { appendMessage(m, false); });
    if (!messages.length) transcript.appendChild(el("p", "transcript-loading", "No messages yet."));
    cur.shownOnce = true;
    if (keep) toBottom();
  }

  // Adds one message unless it is already shown: my own message comes back twice,
  // in the POST answer and as a WebSocket frame.
  function appendMessage(m, scroll) {
    var cur = S.current;
    var hasId = m.id !== undefined && m.id !== null;
    if (hasId && cur.shown[m.id]) return;
    var stick = scroll && (nearBottom() || m.sender === "agent");
    var empty = $(".transcript-loading", transcript);
    if (empty) empty.remove();

    var t = parseTime(m.created_at);
    if (t && t.toDateString() !== cur.lastDay) {
      cur.lastDay = t.toDateString();
      transcript.appendChild(el("div", "day", dayLabel(t)));
    }
    var node = renderMessage(m, t);
    transcript.appendChild(node);
    if (hasId) cur.shown[m.id] = { node: node, message: m };
    if (stick) toBottom();
  }

  function senderName(m) {
    if (m.sender === "customer") return customerName(S.current && S.current.summary);
    if (m.sender === "bot") return "Bot";
    if (m.sender === "system") return "System";
    return m.agent_name || "Agent";
  }

  function renderMessage(m, t) {
    var row = el("div", "row " + (m.sender === "customer" ? "row-in" : "row-out"));
    var bubble = el("div", "msg msg-" + (m.sender || "system"));
    bubble.setAttribute("data-testid", "message");
    bubble.setAttribute("data-sender", m.sender || "");
    if (m.id !== undefined && m.id !== null) bubble.setAttribute("data-message-id", m.id);
    if (m.internal) {
      bubble.setAttribute("data-internal", "true");
      bubble.classList.add("msg-note");
      bubble.appendChild(el("div", "note-label", "Internal note — the customer does not see this"));
    }
    if (m.text) bubble.appendChild(el("div", "msg-text", m.text));

    // Bot buttons as the customer saw them; the agent cannot press them.
    if (m.buttons && m.buttons.length) {
      var chips = el("div", "msg-buttons");
      m.buttons.forEach(function (b) {
        var chip = el("span", "button-chip", b.title);
        if (b.payload) chip.title = b.payload;
        chips.appendChild(chip);
      });
      bubble.appendChild(chips);
    }
    (m.attachments || []).forEach(function (a) { bubble.appendChild(renderAttachment(a)); });

    var meta = el("div", "msg-meta");
    meta.appendChild(el("span", "msg-who", senderName(m)));
    var when = el("time", "msg-time", clock(t));
    if (t) { when.dateTime = t.toISOString(); when.title = t.toLocaleString(); }
    meta.appendChild(when);
    if (m.sender === "agent" && !m.internal && /fail|dead|error|reject/i.test(m.status || "")) {
      meta.appendChild(el("span", "msg-failed", "not delivered (" + m.status + ")"));
    }
    bubble.appendChild(meta);

    if (m.sender === "customer" && m.intent) {
      var intent = el("div", "msg-intent", m.intent + (m.confidence !== null && m.confidence !== undefined ? " · " + percent(m.confidence) : ""));
      intent.setAttribute("data-testid", "message-intent");
      bubble.appendChild(intent);
    }
    row.appendChild(bubble);
    return row;
  }

  function renderAttachment(a) {
    var box = el("div", "attachment");
    box.setAttribute("data-testid", "attachment");
    var url = safeUrl(a.url);
    var name = a.filename || (a.kind || "file") + (a.mime_type ? " (" + a.mime_type + ")" : "");
    var isImage = a.kind === "image" || /^image\//.test(a.mime_type || "");
    if (url && isImage && a.status !== "pending" && a.status !== "failed") {
      var img = document.createElement("img");
      img.className = "thumb";
      img.alt = name;
      img.loading = "lazy";
      var stick = nearBottom();
      img.addEventListener("load", function () { if (stick) toBottom(); });
      img.addEventListener("error", function () { img.remove(); });
      img.src = url;
      var imgLink = el("a", "thumb-link");
      imgLink.href = url;
      imgLink.target = "_blank";
      imgLink.rel = "noopener";
      imgLink.appendChild(img);
      box.appendChild(imgLink);
    }
    if (url && a.status !== "pending" && a.status !== "failed") {
      var link = el("a", "attachment-link", "⤓ " + name);
      link.href = url;
      link.setAttribute("download", a.filename || "");
      box.appendChild(link);
    } else {
      box.appendChild(el("span", "attachment-link disabled",
        name + (a.status === "failed" ? " — could not be fetched" : " — still downloading…")));
    }
    return box;
  }

  // ---------------------------------------------------------------- context panel

  function slotLabel(key) {
    if (key === "vin") return "VIN";
    var s = String(key).replace(/_/g, " ");
    return s.charAt(0).toUpperCase() + s.slice(1);
  }

  function slotValue(key, value) {
    if (value === null || value === undefined || value === "") return "—";
    if (/mileage|odometer/i.test(key) && value !== "" && !isNaN(Number(value))) return grouped(value) + " km";
    if (typeof value === "object") return JSON.stringify(value);
    return String(value);
  }

  function renderContext() {
    var cur = S.current;
    var ctx = (cur && cur.context) || {};
    var s = cur && cur.summary;
    tid("context-reason").textContent = ctx.handoff_reason || (s && s.handoff_reason) || "—";

    var intents = tid("context-intents");
    clear(intents);
    (ctx.intents || []).forEach(function (it) {
      var li = el("li", "ctx-intent");
      var head = el("div", "ctx-intent-head");
      head.appendChild(el("span", "ctx-intent-name", it.intent || "—"));
      if (it.confidence !== null && it.confidence !== undefined) head.appendChild(el("span", "ctx-intent-pct", percent(it.confidence)));
      li.appendChild(head);
      var bar = el("div", "bar");
      var fill = el("div", "bar-fill");
      fill.style.width = Math.max(0, Math.min(100, Math.round(Number(it.confidence || 0) * 100))) + "%";
      bar.appendChild(fill);
      li.appendChild(bar);
      if (it.text) li.appendChild(el("div", "ctx-intent-text", "“" + it.text + "”"));
      intents.appendChild(li);
    });
    if (!intents.firstChild) intents.appendChild(el("li", "ctx-empty", cur && cur.loading ? "Loading…" : "No intents yet"));

    // VIN and mileage first, the rest by name.
    var slots = tid("context-slots");
    clear(slots);
    var values = ctx.slots || {};
    Object.keys(values).sort(function (a, b) {
      var rank = function (k) { return k === "vin" ? 0 : k === "mileage" ? 1 : 2; };
      return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
    }).forEach(function (key) {
      var dt = el("dt", "", slotLabel(key));
      var dd = el("dd", key === "vin" ? "mono" : "", slotValue(key, values[key]));
      dd.setAttribute("data-slot", key);
      slots.appendChild(dt);
      slots.appendChild(dd);
    });
    if (!slots.firstChild) slots.appendChild(el("dd", "ctx-empty", "Nothing collected yet"));

    var events = tid("context-events");
    clear(events);
    (ctx.events || []).forEach(function (e) {
      var li = el("li", "ctx-event");
      li.setAttribute("data-from", e.from || "");
      li.setAttribute("data-to", e.to || "");
      li.appendChild(el("div", "ctx-event-move", (STATES[e.from] || e.from || "start") + " → " + (STATES[e.to] || e.to || "?")));
      var t = parseTime(e.at);
      li.appendChild(el("div", "ctx-event-meta", [e.actor ? "by " + e.actor : "", whenLabel(t)].filter(Boolean).join(" · ")));
      if (e.reason) li.appendChild(el("div", "ctx-event-reason", e.reason));
      events.appendChild(li);
    });
    if (!events.firstChild) events.appendChild(el("li", "ctx-empty", "No state changes yet"));
  }

  // A customer message with an intent goes to the top of "Last intents" at once.
  function noteIntent(m) {
    var cur = S.current;
    if (!cur.context || m.sender !== "customer" || !m.intent) return;
    var list = (cur.context.intents || []).slice();
    list.unshift({ intent: m.intent, confidence: m.confidence, text: m.text, at: m.created_at });
    cur.context.intents = list.slice(0, 10);
    renderContext();
  }

  // ---------------------------------------------------------------- actions

  function conversationAction(name, body) {
    var cur = S.current;
    if (!cur) return Promise.resolve();
    var buttons = document.querySelectorAll(".actions button, .transfer-panel button");
    Array.prototype.forEach.call(buttons, function (b) { b.disabled = true; });
    return api("POST", "/conversations/" + encodeURIComponent(cur.id) + "/" + name, body)
      .then(function (summary) {
        closeConfirm();
        closeTransfer();
        applySummary(summary);
        if (name === "claim" && S.current === cur) input.focus();
      })
      .catch(function (err) {
        fail(err);
        // Someone else moved first (409 "already taken by …"): show where things stand now.
        if (err.status === 409 || err.status === 403 || err.status === 404) { loadLists(); refreshOpen(true); }
      })
      .then(function () { Array.prototype.forEach.call(buttons, function (b) { b.disabled = false; }); });
  }

  tid("claim").addEventListener("click", function () { conversationAction("claim"); });
  tid("handback").addEventListener("click", function () { conversationAction("handback"); });

  // Closing asks once more, in the page: the button turns into "Really close?".
  function closeConfirm() { $("#close-box").hidden = true; }
  tid("close").addEventListener("click", function () {
    $("#close-box").hidden = false;
    tid("close").hidden = true;
    tid("close-confirm").focus();
  });
  tid("close-cancel").addEventListener("click", function () { closeConfirm(); renderActions(); });
  tid("close-confirm").addEventListener("click", function () {
    conversationAction("close").then(renderActions);
  });

  // Transfer: pick an agent (or the queue), then confirm.
  var transferAgents = [];
  function closeTransfer() { tid("transfer-panel").hidden = true; }
  tid("transfer").addEventListener("click", function () {
    if (!tid("transfer-panel").hidden) return closeTransfer();
    var select = tid("transfer-select");
    clear(select);
    select.appendChild(el("option", "", "Loading agents…"));
    tid("transfer-panel").hidden = false;
    api("GET", "/agents").then(function (data) {
      var lang = S.current && S.current.summary && S.current.summary.language;
      transferAgents = (data.agents || []).filter(function (a) { return !S.me || !sameId(a.id, S.me.id); });
      // Online agents who speak the customer's language first.
      transferAgents.sort(function (a, b) {
        var sa = (a.online ? 2 : 0) + ((a.languages || []).indexOf(lang) >= 0 ? 1 : 0);
        var sb = (b.online ? 2 : 0) + ((b.languages || []).indexOf(lang) >= 0 ? 1 : 0);
        return sb - sa;
      });
      clear(select);
      var queue = el("option", "", "Back to queue");
      queue.value = "queue";
      select.appendChild(queue);
      transferAgents.forEach(function (a) {
        var label = a.display_name + " — " + (a.online ? "online" : "offline") +
          ((a.languages || []).length ? " · " + a.languages.join(", ") : "");
        var option = el("option", "", label);
        option.value = String(a.id);
        select.appendChild(option);
      });
      select.focus();
    }).catch(function (err) { closeTransfer(); fail(err); });
  });
  tid("transfer-cancel").addEventListener("click", closeTransfer);
  tid("transfer-confirm").addEventListener("click", function () {
    var value = tid("transfer-select").value;
    var agent = null;
    transferAgents.forEach(function (a) { if (String(a.id) === value) agent = a; });
    if (value !== "queue" && !agent) return;
    conversationAction("transfer", { agent_id: agent ? agent.id : null });
  });

  // ---------------------------------------------------------------- composer

  var noteMode = false;

  function setNoteMode(on) {
    noteMode = on;
    var toggle = tid("note-toggle");
    toggle.setAttribute("data-mode", on ? "note" : "reply");
    toggle.setAttribute("aria-pressed", on ? "true" : "false");
    tid("composer").classList.toggle("note-mode", on);
    input.placeholder = on ? "Internal note: only agents see it" : "Reply to the customer…";
    tid("send").textContent = on ? "Add note" : "Send";
  }
  tid("note-toggle").addEventListener("click", function () { setNoteMode(!noteMode); input.focus(); });

  function updateCounter() {
    var n = input.value.length;
    var counter = tid("char-count");
    counter.textContent = n + " / " + MAX_LEN;
    counter.classList.toggle("near", n > MAX_LEN - 200);
  }

  var sending = false;
  function send() {
    var cur = S.current;
    var text = input.value.replace(/^\s+|\s+$/g, "");
    if (!cur || !text || sending) return;
    if (text.length > MAX_LEN) return showError("A message can have at most " + MAX_LEN + " characters.");
    var path = "/conversations/" + encodeURIComponent(cur.id) + (noteMode ? "/notes" : "/messages");
    sending = true;
    tid("send").disabled = true;
    input.value = "";
    delete S.drafts[cur.id];
    updateCounter();
    closeCanned();
    api("POST", path, { text: text }).then(function (message) {
      if (message) receiveMessage(cur.id, message);
    }).catch(function (err) {
      if (S.current === cur && !input.value) { input.value = text; updateCounter(); }
      fail(err);
      if (err.status === 409) { loadLists(); refreshOpen(true); }
    }).then(function () {
      sending = false;
      tid("send").disabled = false;
      if (S.current === cur) input.focus();
    });
  }

  tid("composer").addEventListener("submit", function (event) { event.preventDefault(); send(); });

  input.addEventListener("keydown", function (event) {
    if (!tid("canned-list").hidden && cannedKey(event)) return;
    // Enter sends; Shift+Enter is a new line; nothing happens while an IME composes.
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing && event.keyCode !== 229) {
      event.preventDefault();
      send();
    }
  });
  input.addEventListener("input", function () {
    if (S.current) S.drafts[S.current.id] = input.value;
    updateCounter();
    updateCanned();
  });
  input.addEventListener("blur", function () {
    setTimeout(function () { if (document.activeElement !== input) closeCanned(); }, 150);
  });

  // ---------------------------------------------------------------- canned responses

  var cannedShown = [];
  var cannedActive = 0;

  function loadCanned(language) {
    var key = language || "";
    if (S.canned[key]) return;
    S.canned[key] = "loading";
    var session = S.session;
    api("GET", "/canned" + (language ? "?language=" + encodeURIComponent(language) : "")).then(function (data) {
      if (session !== S.session) return;
      S.canned[key] = data.responses || [];
      updateCanned();
    }).catch(function (err) { delete S.canned[key]; fail(err); });
  }

  // Shortcuts may be stored with or without their leading "/".
  function bareShortcut(s) { return String(s || "").replace(/^\//, "").toLowerCase(); }

  // The list is open while the whole text is "/" plus a shortcut being typed.
  function updateCanned() {
    var match = /^\/(\S*)$/.exec(input.value);
    var cur = S.current;
    if (!match || !cur || !cur.summary) return closeCanned();
    var all = S.canned[cur.summary.language || ""];
    var query = match[1].toLowerCase();
    cannedShown = Array.isArray(all) ? all.filter(function (r) { return bareShortcut(r.shortcut).indexOf(query) === 0; }) : [];
    cannedActive = 0;
    renderCanned(Array.isArray(all) ? "No canned response starts with “/" + match[1] + "”" : "Loading canned responses…");
  }

  function renderCanned(emptyText) {
    var list = tid("canned-list");
    clear(list);
    cannedShown.forEach(function (r, i) {
      var li = el("li", "canned-item" + (i === cannedActive ? " active" : ""));
      li.setAttribute("data-testid", "canned-item");
      li.setAttribute("data-shortcut", r.shortcut);
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", i === cannedActive ? "true" : "false");
      var head = el("div", "canned-head");
      head.appendChild(el("span", "canned-shortcut", "/" + bareShortcut(r.shortcut)));
      if (r.title) head.appendChild(el("span", "canned-title", r.title));
      li.appendChild(head);
      li.appendChild(el("div", "canned-text", r.text));
      // mousedown, not click: it fires before the textarea's blur closes the list.
      li.addEventListener("mousedown", function (event) { event.preventDefault(); pickCanned(i); });
      list.appendChild(li);
    });
    if (!cannedShown.length) list.appendChild(el("li", "canned-empty", emptyText));
    list.hidden = false;
    var active = $(".canned-item.active", list);
    if (active && active.scrollIntoView) active.scrollIntoView({ block: "nearest" });
  }

  function closeCanned() { tid("canned-list").hidden = true; cannedShown = []; }

  function pickCanned(i) {
    var r = cannedShown[i];
    if (!r) return;
    input.value = r.text;
    if (S.current) S.drafts[S.current.id] = input.value;
    closeCanned();
    updateCounter();
    input.focus();
    input.setSelectionRange(input.value.length, input.value.length);
  }

  // Arrow keys move, Enter/Tab pick, Escape closes. True when the key was used here.
  function cannedKey(event) {
    var n = cannedShown.length;
    if (event.key === "Escape") { closeCanned(); event.preventDefault(); return true; }
    if (!n) return false;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      cannedActive = (cannedActive + (event.key === "ArrowDown" ? 1 : n - 1)) % n;
      renderCanned("");
    } else if ((event.key === "Enter" && !event.shiftKey) || event.key === "Tab") {
      pickCanned(cannedActive);
    } else {
      return false;
    }
    event.preventDefault();
    return true;
  }

  // ---------------------------------------------------------------- live updates

  // One message, from the WebSocket or from my own POST: the open transcript, the
  // list preview, and an unread dot on the other conversations.
  function receiveMessage(conversationId, m) {
    if (!m) return;
    var s = findSummary(conversationId);
    // Like the server's last_message, the preview leaves internal notes out.
    if (s && !m.internal) s.last_message = { text: m.text, sender: m.sender, created_at: m.created_at, attachments: m.attachments };
    var cur = S.current;
    if (cur && sameId(cur.id, conversationId)) {
      if (cur.loading) cur.live.push(m);
      else { appendMessage(m, true); noteIntent(m); }
    } else if (s && !(m.sender === "agent" && S.me && m.agent_name === S.me.display_name)) {
      S.unread[s.id] = true;
    }
    if (s) renderLists();
  }

  // The socket sends one Summary to every console, so its matches_my_languages cannot
  // be about me: work it out here with the server's rule (no languages set = all).
  function forMe(s) {
    var mine = (S.me && S.me.languages) || [];
    if (s && mine.length) s.matches_my_languages = mine.indexOf(s.language || "") >= 0;
    else if (s) s.matches_my_languages = true;
    return s;
  }

  function setWsStatus(state, text) {
    var node = tid("ws-status");
    node.setAttribute("data-state", state);
    node.textContent = text;
  }

  function connect() {
    var session = S.session;
    clearTimeout(S.retryTimer);
    var url = (window.location.protocol === "https:" ? "wss://" : "ws://") + window.location.host + API + "/ws";
    var ws;
    try { ws = new WebSocket(url); } catch (e) { return reconnectLater(session); }
    S.socket = ws;
    ws.onopen = function () {
      if (session !== S.session) return ws.close();
      S.retry = 0;
      setWsStatus("live", "live");
      // Whatever happened while the socket was down (or before it first opened) is
      // fetched again; the frames keep everything current from here on.
      loadLists();
      if (S.current) refreshOpen(true);
    };
    ws.onmessage = function (event) {
      if (session !== S.session) return;
      var frame;
      try { frame = JSON.parse(event.data); } catch (e) { return; }
      if (frame.type === "conversation") applySummary(forMe(frame.conversation));
      else if (frame.type === "message") receiveMessage(frame.conversation_id, frame.message);
    };
    ws.onclose = function (event) {
      if (session !== S.session || S.socket !== ws) return;
      S.socket = null;
      if (event.code === 4401) return sessionEnded();
      if (event.code === 4403) {
        setWsStatus("offline", "offline");
        return showError("Live updates were refused for this page's address (origin).");
      }
      reconnectLater(session);
    };
  }

  // Back-off: 0.5 s, 1 s, 2 s … up to 15 s, with some jitter so that every console
  // does not come back in the same instant after a restart of the server.
  function reconnectLater(session) {
    setWsStatus("reconnecting", "reconnecting…");
    var delay = Math.min(15000, 500 * Math.pow(2, S.retry++)) * (0.8 + Math.random() * 0.4);
    S.retryTimer = setTimeout(function () { if (session === S.session) connect(); }, delay);
  }

  function disconnect() {
    clearTimeout(S.retryTimer);
    S.retry = 0;
    var ws = S.socket;
    S.socket = null;
    if (ws) ws.close();
    setWsStatus("connecting", "connecting…");
  }

  // Back online: try now instead of waiting out the back-off.
  window.addEventListener("online", function () {
    if (S.me && !S.socket) { S.retry = 0; connect(); }
  });

  // ---------------------------------------------------------------- start

  api("GET", "/me").then(startSession).catch(function (err) {
    if (err.status === 401) return showLogin("");
    showLogin("");
    fail(err);
  });
})();
