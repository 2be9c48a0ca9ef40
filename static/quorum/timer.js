// A timed page's countdown. The page carries the seconds its timer had left by the server's
// clock when it was rendered (so a browser clock that is off does not matter); at 0 the form is
// posted as "time is up" with what the participant has entered, and the server decides: if its
// own deadline has passed it stores the page as a timeout, otherwise it shows the page again
// with the time really left. The server fires the timeout by itself too, browser or not.
// While the session's timers are paused the countdown stands still; every few seconds the page
// asks how its timer stands (participant-timer), so a pause, a resume or an advance by the lab
// manager reaches it without a reload.
(function () {
  "use strict";
  var box = document.getElementById("quorum-timer");
  var form = document.getElementById("form");
  if (!box || !form) { return; }
  var shown = box.querySelector(".quorum-timer-left");
  var label = box.querySelector(".quorum-timer-label");
  var CHECK_MS = 10000;
  var paused = box.dataset.paused === "1";
  var remaining = parseFloat(box.dataset.remaining) || 0;
  var deadline = Date.now() + remaining * 1000;  // in this browser's clock
  var sent = false;

  function text(seconds) {
    var s = Math.max(0, Math.ceil(seconds));
    var m = Math.floor(s / 60), r = s % 60;
    return m + ":" + (r < 10 ? "0" : "") + r;
  }

  function timeIsUp() {
    if (sent) { return; }
    sent = true;
    var flag = document.createElement("input");
    flag.type = "hidden";
    flag.name = "_quorum_timeout";
    flag.value = "1";
    form.appendChild(flag);
    form.submit();
  }

  function tick() {
    if (paused) {
      shown.textContent = text(remaining);
      return;
    }
    var left = (deadline - Date.now()) / 1000;
    shown.textContent = text(left);
    if (left <= 0) { timeIsUp(); }
  }

  function check() {
    fetch(box.dataset.state, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
      .then(function (s) {
        if (s.status !== "playing" || s.position !== box.dataset.position) {
          sent = true;
          window.location.reload();
          return;
        }
        if (s.remaining === null) { return; }
        paused = s.paused;
        remaining = s.remaining;
        deadline = Date.now() + remaining * 1000;
        label.textContent = paused ? "Timer paused:" : "Time left on this page:";
        tick();
      })
      .catch(function () {})
      .then(function () { setTimeout(check, CHECK_MS); });
  }

  tick();
  setInterval(tick, 250);
  setTimeout(check, CHECK_MS);
})();
