// A waiting page moves on by itself: the server pushes "advance" over the WebSocket. A push can
// still go missing (a socket reconnecting, a Redis hiccup), so the page also pings every few
// seconds and moves on when the answer says its wait page has opened; while the socket is
// down, a slow poll of the participant's state does the same job. The lab manager's messages
// are shown on the page, and a reload from the monitor reloads it.
// The quorum lobby (templates/quorum/quorum_lobby.html, data-status="new") uses it too: it
// moves on when the participant is no longer "new" (started, or released), and shows the
// number present from the lobby's "quorum" pushes and from the pings' answers.
(function () {
  "use strict";
  var box = document.getElementById("quorum-wait");
  if (!box) { return; }
  var pollMs = parseInt(box.dataset.pollMs, 10) || 5000;
  var pingMs = parseInt(box.dataset.pingMs, 10) || 3000;
  var status = box.dataset.status || "playing";
  var socketOpen = false;
  var leaving = false;

  function count(present) {
    var shown = document.getElementById("quorum-present");
    if (shown && typeof present === "number") { shown.textContent = String(present); }
  }

  function moveOn() {
    if (leaving) { return; }
    leaving = true;
    window.location.reload();
  }

  // A message from the lab manager, shown at once (presence.js shows it on other pages).
  function notice(text) {
    var note = document.getElementById("quorum-notice");
    if (!note) {
      note = document.createElement("div");
      note.id = "quorum-notice";
      note.className = "alert alert-info quorum-notice";
      note.setAttribute("role", "alert");
      note.appendChild(document.createElement("p"));
      document.body.insertBefore(note, document.body.firstChild);
    }
    note.firstChild.textContent = text;
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket;
    var pinger = null;
    try { socket = new WebSocket(scheme + window.location.host + box.dataset.socket); }
    catch (e) { setTimeout(connect, pollMs); return; }
    socket.onopen = function () {
      socketOpen = true;
      pinger = setInterval(function () {
        if (socket.readyState === 1) { socket.send(JSON.stringify({type: "ping"})); }
      }, pingMs);
    };
    socket.onmessage = function (event) {
      var message = {};
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message.type === "advance" || message.type === "reload") { moveOn(); }
      if (message.type === "message") { notice(message.text); }
      if (message.type === "quorum") { count(message.present); }
      if (message.type === "state" && message.quorum) { count(message.quorum.present); }
      // A participant who passed a last wait page has finished at a position that can equal
      // the wait page's own (the last app's round 1, page 0): the status says it then.
      if (message.type === "state" && (message.open || message.status !== status ||
                                       message.position !== box.dataset.position)) { moveOn(); }
    };
    socket.onclose = function () {
      socketOpen = false;
      if (pinger) { clearInterval(pinger); }
      setTimeout(connect, pollMs);
    };
  }

  function poll() {
    if (!socketOpen && !leaving) {
      fetch(box.dataset.state, {credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (s) {
          if (s.status !== status || s.position !== box.dataset.position) { moveOn(); }
        })
        .catch(function () {});
    }
    setTimeout(poll, pollMs);
  }

  connect();
  setTimeout(poll, pollMs);
})();
