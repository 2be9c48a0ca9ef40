// The participant's screen size, reported once to the server (participants/views.py,
// participant_screen), which keeps it in Participant.environment as screen_width and
// screen_height: the screen in CSS pixels (window.screen), as the browser reports it. The page
// includes this script only while the participant's environment has no screen size yet; a
// failed report is simply tried again by the next page.
(function () {
  "use strict";
  var me = document.getElementById("quorum-screen");
  if (!me || !window.fetch || !window.screen) { return; }
  var width = Math.round(window.screen.width), height = Math.round(window.screen.height);
  if (!(width > 0 && height > 0)) { return; }
  fetch(me.dataset.url, {
    method: "POST",
    credentials: "same-origin",
    headers: {"Content-Type": "application/json", "X-CSRFToken": me.dataset.csrf},
    body: JSON.stringify({width: width, height: height})
  }).catch(function () { /* the next page tries again */ });
})();
