// The room's waiting page: holds a WebSocket to the room, sends heartbeats so the lab manager
// sees who is waiting, and submits the join form by itself when the room starts.
(function () {
  "use strict";
  var box = document.getElementById("room-wait");
  var form = document.getElementById("room-join");
  if (!box || !form) { return; }
  var heartbeatMs = parseInt(box.dataset.heartbeatMs, 10) || 10000;
  var submitted = false;
  var socketOpen = false;

  function clientId() {
    var id = null;
    try { id = window.sessionStorage.getItem("quorum-room-client"); } catch (e) {}
    if (!id) {
      id = "";
      var chars = "abcdefghijklmnopqrstuvwxyz0123456789";
      for (var i = 0; i < 16; i++) { id += chars[Math.floor(Math.random() * chars.length)]; }
      try { window.sessionStorage.setItem("quorum-room-client", id); } catch (e) {}
    }
    return id;
  }

  function join() {
    if (submitted) { return; }
    submitted = true;
    form.submit();
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var query = "?client=" + encodeURIComponent(clientId());
    if (box.dataset.label) { query += "&label=" + encodeURIComponent(box.dataset.label); }
    var socket = new WebSocket(scheme + window.location.host + "/ws/room/" +
                               encodeURIComponent(box.dataset.room) + "/" + query);
    var beat = null;
    socket.onopen = function () {
      socketOpen = true;
      beat = setInterval(function () {
        if (socket.readyState === 1) { socket.send(JSON.stringify({type: "heartbeat"})); }
      }, heartbeatMs);
    };
    socket.onmessage = function (event) {
      var message = {};
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message.type === "RoomStarted") { join(); }
    };
    socket.onclose = function () {
      socketOpen = false;
      if (beat) { clearInterval(beat); }
      if (!submitted) { setTimeout(connect, 3000); }
    };
  }

  // While the socket is down, a slow poll of the room's state does the socket's job.
  function poll() {
    if (!socketOpen && !submitted) {
      fetch("/room/" + encodeURIComponent(box.dataset.room) + "/state/", {credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (s) { if (s.accepting) { join(); } })
        .catch(function () {});
    }
    if (!submitted) { setTimeout(poll, 5000); }
  }

  if (box.dataset.accepting === "1") { join(); return; }
  connect();
  setTimeout(poll, 5000);
})();
