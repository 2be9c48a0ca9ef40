// A participant's page keeps the participant "online" for the lab manager's monitor: it opens the
// participant socket and sends a heartbeat every few seconds (the server touches no database
// for it). A wait page already holds that socket (wait.js): its connect and pings do the same
// job, so on a wait page this script does nothing, and each page has one socket.
//
// The same socket carries (participants/consumers.py lists the messages):
// - live pages: liveSend(data) sends to the page's live_method; a message of the live method
//   calls the page's liveRecv(data), and an error the page's liveError(detail) if it has one;
// - chat boxes (chat.js), through window.quorumPage: send(message), on(type, handler),
//   onOpen(handler) (run at every connect, so a chat joins again after a reconnect);
// - the lab manager's messages (shown at once on top of the page) and reloads;
// - the participant's position on every connect: a page that is no longer theirs reloads.
(function () {
  "use strict";
  var me = document.getElementById("quorum-presence");
  if (!me || document.getElementById("quorum-wait")) { return; }
  var heartbeatMs = parseInt(me.dataset.heartbeatMs, 10) || 10000;
  var position = me.dataset.position || "";
  var retryMs = heartbeatMs;
  var leaving = false;
  var socket = null;
  var waiting = [];         // messages sent before the socket opened
  var handlers = {};        // type -> [function (message)]
  var openers = [];
  window.addEventListener("pagehide", function () { leaving = true; });

  function send(message) {
    if (socket && socket.readyState === 1) { socket.send(JSON.stringify(message)); }
    else { waiting.push(message); }
  }
  function on(type, handler) { (handlers[type] = handlers[type] || []).push(handler); }
  function onOpen(handler) {
    openers.push(handler);
    if (socket && socket.readyState === 1) { handler(); }
  }
  window.quorumPage = {send: send, on: on, onOpen: onOpen, position: position};
  window.liveSend = function (data) { send({type: "live", page: position, data: data}); };

  function notice(text) {
    var box = document.getElementById("quorum-notice");
    if (!box) {
      box = document.createElement("div");
      box.id = "quorum-notice";
      box.className = "alert alert-info quorum-notice";
      box.setAttribute("role", "alert");
      var close = document.createElement("button");
      close.type = "button";
      close.className = "quorum-notice-close";
      close.setAttribute("aria-label", "Close");
      close.textContent = "\u00d7";
      close.addEventListener("click", function () { box.hidden = true; });
      box.appendChild(close);
      box.appendChild(document.createElement("p"));
      document.body.insertBefore(box, document.body.firstChild);
    }
    box.lastChild.textContent = text;
    box.hidden = false;
  }

  on("live", function (message) {
    if (typeof window.liveRecv === "function") { window.liveRecv(message.data); }
  });
  on("error", function (message) {
    if (message.about === "live" && typeof window.liveError === "function") {
      window.liveError(message.detail);
    } else if (message.about !== "chat" && window.console) {
      window.console.warn("quorum: " + message.detail);
    }
  });
  on("message", function (message) { notice(message.text); });
  on("reload", function () { leaving = true; window.location.reload(); });
  // The state sent as the socket connects (again, after a laptop slept or the network dropped):
  // a participant moved on meanwhile (their pages timed out while they were away, say) sees
  // where the session is now.
  on("state", function (message) {
    if (position && message.position && message.position !== position) {
      leaving = true;
      window.location.reload();
    }
  });

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var beat = null;
    var query = "?on=page" + (position ? "&at=" + encodeURIComponent(position) : "");
    try { socket = new WebSocket(scheme + window.location.host + me.dataset.socket + query); }
    catch (e) { setTimeout(connect, retryMs); return; }
    socket.onopen = function () {
      retryMs = heartbeatMs;
      beat = setInterval(function () {
        if (socket.readyState === 1) { socket.send(JSON.stringify({type: "heartbeat"})); }
      }, heartbeatMs);
      openers.forEach(function (handler) { handler(); });
      var queued = waiting;
      waiting = [];
      queued.forEach(send);
    };
    socket.onmessage = function (event) {
      var message = {};
      try { message = JSON.parse(event.data); } catch (e) { return; }
      (handlers[message.type] || []).forEach(function (handler) { handler(message); });
    };
    socket.onclose = function () {
      if (beat) { clearInterval(beat); }
      if (leaving) { return; }
      // Reconnect later, backing off to a minute while the server is away.
      setTimeout(connect, retryMs);
      retryMs = Math.min(retryMs * 2, 60000);
    };
  }

  connect();
})();
