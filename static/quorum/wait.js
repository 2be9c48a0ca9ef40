// A waiting page moves on by itself: the server pushes "advance" over the WebSocket; while the
// socket is down, a slow poll of the participant's state does the same job.
(function () {
  "use strict";
  var box = document.getElementById("quorum-wait");
  if (!box) { return; }
  var pollMs = parseInt(box.dataset.pollMs, 10) || 5000;
  var socketOpen = false;
  var leaving = false;

  function moveOn() {
    if (leaving) { return; }
    leaving = true;
    window.location.reload();
  }

  function connect() {
    var scheme = window.location.protocol === "https:" ? "wss://" : "ws://";
    var socket;
    try { socket = new WebSocket(scheme + window.location.host + box.dataset.socket); }
    catch (e) { setTimeout(connect, pollMs); return; }
    socket.onopen = function () { socketOpen = true; };
    socket.onmessage = function (event) {
      var message = {};
      try { message = JSON.parse(event.data); } catch (e) { return; }
      if (message.type === "advance") { moveOn(); }
      if (message.type === "state" && message.position !== box.dataset.position) { moveOn(); }
    };
    socket.onclose = function () { socketOpen = false; setTimeout(connect, pollMs); };
  }

  function poll() {
    if (!socketOpen && !leaving) {
      fetch(box.dataset.state, {credentials: "same-origin"})
        .then(function (r) { return r.json(); })
        .then(function (s) {
          if (s.status !== "playing" || s.position !== box.dataset.position) { moveOn(); }
        })
        .catch(function () {});
    }
    setTimeout(poll, pollMs);
  }

  connect();
  setTimeout(poll, pollMs);
})();
