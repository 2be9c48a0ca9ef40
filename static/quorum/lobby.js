// The countdown of an arrival-time lobby (templates/quorum/lobby_countdown.html): the seconds
// left when the server made the page, counted down on this page's own clock (so a wrong clock
// on the participant's computer does not matter), and a reload at 0: the server releases the
// participant then, or shows the page again with the time it still has.
(function () {
  "use strict";
  var box = document.getElementById("lobby-countdown");
  if (!box) { return; }
  var shown = document.getElementById("lobby-countdown-time");
  var end = Date.now() + parseFloat(box.dataset.seconds) * 1000;
  var reloaded = false;

  function text(seconds) {
    var minutes = Math.floor(seconds / 60);
    var rest = seconds % 60;
    return minutes + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function tick() {
    var left = Math.max(0, end - Date.now());
    shown.textContent = text(Math.ceil(left / 1000));
    if (left <= 0) {
      if (!reloaded) {
        reloaded = true;
        // A little after 0, so the server's clock has passed the release time too.
        setTimeout(function () { window.location.reload(); }, 250);
      }
      return;
    }
    setTimeout(tick, Math.min(1000, left % 1000 || 1000));
  }

  tick();
})();
