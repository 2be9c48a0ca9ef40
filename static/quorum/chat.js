// {% chat %}: each chat box joins its channel over the page's socket (presence.js) and shows
// the channel's messages as they come, without reloading (sessions_core/engine/chat.py).
(function () {
  "use strict";
  if (window.quorumChatStarted || !window.quorumPage) { return; }
  window.quorumChatStarted = true;
  var page = window.quorumPage;
  var boxes = Array.prototype.slice.call(document.querySelectorAll(".quorum-chat"));

  function boxesOf(channel) {
    return boxes.filter(function (box) { return box.dataset.channel === channel; });
  }

  function show(box, message) {
    var list = box.querySelector(".quorum-chat-messages");
    if (list.querySelector('[data-id="' + message.id + '"]')) { return; }
    var line = document.createElement("p");
    line.className = "quorum-chat-message" +
      (String(message.sender) === box.dataset.me ? " quorum-chat-mine" : "");
    line.dataset.id = message.id;
    var who = document.createElement("strong");
    who.textContent = message.nickname + ": ";
    line.appendChild(who);
    line.appendChild(document.createTextNode(message.body));
    list.appendChild(line);
    list.scrollTop = list.scrollHeight;
  }

  page.on("chat_history", function (answer) {
    boxesOf(answer.channel).forEach(function (box) {
      answer.messages.forEach(function (message) { show(box, message); });
    });
  });
  page.on("chat", function (message) {
    boxesOf(message.channel).forEach(function (box) { show(box, message); });
  });
  page.on("error", function (message) {
    if (message.about !== "chat") { return; }
    boxes.forEach(function (box) {
      var error = box.querySelector(".quorum-chat-error");
      error.textContent = message.detail;
      error.hidden = false;
    });
  });

  boxes.forEach(function (box) {
    var input = box.querySelector(".quorum-chat-input");
    function post() {
      var body = input.value.trim();
      if (!body) { return; }
      box.querySelector(".quorum-chat-error").hidden = true;
      page.send({type: "chat", ticket: box.dataset.ticket, body: body});
      input.value = "";
    }
    box.querySelector(".quorum-chat-button").addEventListener("click", post);
    // Enter sends the message, and must not submit the page's form.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") { event.preventDefault(); post(); }
    });
    page.onOpen(function () { page.send({type: "chat_join", ticket: box.dataset.ticket}); });
  });
})();
