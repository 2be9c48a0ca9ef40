// A participant's page keeps the participant "online" for the lab manager's monitor: it opens the
// participant socket and sends a heartbeat every few seconds (the server touches no database
// for it). A wait page already holds that socket (wait.js): its connect and pings do the same
// job, so on a wait page this script does nothing, and each page has one socket.
(function () {
  "use strict";
  var me = document.getElementById("quorum-presence");
  if (!me || document.getElementById("quorum-wait")) { return; }
  var heartbeatMs = parseInt(me.dataset.heartbeatMs, 10) || 10000;
  var retryMs = heartbeatMs;
  var leaving = false;
  window.addEventListener("pagehide", function () { leaving = true; });

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket;
    var beat = null;
    try { socket = new WebSocket(scheme + window.location.host + me.dataset.socket + "?on=page"); }
    catch (e) { setTimeout(connect, retryMs); return; }
    socket.onopen = function () {
      retryMs = heartbeatMs;
      beat = setInterval(function () {
        if (socket.readyState === 1) { socket.send(JSON.stringify({type: "heartbeat"})); }
      }, heartbeatMs);
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
