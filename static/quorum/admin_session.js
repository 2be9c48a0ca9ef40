// A session's change page: while its initialization is queued or running, ask the admin how far
// it has got (a small JSON view) and show it, until it is done or has failed. Without
// JavaScript the page shows the state at the time it loaded.
(function () {
  "use strict";
  var POLL_MS = 1000;
  var RUNNING = {queued: true, running: true, saving: true};

  function start() {
    var label = document.getElementById("initialization");
    var bar = document.getElementById("initialization-progress");
    if (!label || !label.dataset.url || !RUNNING[label.dataset.state]) { return; }
    function show(status) {
      label.textContent = status.text;
      label.dataset.state = status.state;
      if (bar) {
        bar.max = status.total || 1;
        bar.value = status.total ? status.done : (status.initialized ? 1 : 0);
      }
    }
    function poll() {
      fetch(label.dataset.url, {credentials: "same-origin", headers: {Accept: "application/json"}})
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (status) {
          if (status) { show(status); }
          if (status && RUNNING[status.state]) { setTimeout(poll, POLL_MS); }
        })
        .catch(function () { setTimeout(poll, POLL_MS * 5); });
    }
    setTimeout(poll, POLL_MS);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
