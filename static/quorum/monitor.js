// The live monitor: polls its rows view and updates the table in place, without reloading.
// A poll sends the cursor of the last answer and gets only the rows changed since, plus who is
// online now; every few polls it asks for everything again (sessions_core/admin/monitor.py).
// Sorting (click a column's header) and filtering happen here, on the rows the page holds.
(function () {
  "use strict";
  var root = document.getElementById("monitor");
  if (!root) { return; }
  var table = document.getElementById("monitor-table");
  var body = table.tBodies[0];
  var pollMs = parseInt(root.dataset.pollMs, 10) || 2000;
  var fullEvery = parseInt(root.dataset.fullEvery, 10) || 30;
  var rows = {};            // participant id -> row data (as the rows view sends it)
  var online = {};          // participant id -> true
  var lastSeen = {};        // participant id -> epoch seconds
  var cursor = null;
  var polls = 0;
  var skew = 0;             // server clock minus this browser's, in seconds
  var sortKey = "n", sortType = "number", sortDir = 1;
  var COLUMNS = ["n", "label", "code", "status", "position", "entered", "online", "seen", "payoff"];

  function serverNow() { return Date.now() / 1000 + skew; }

  function duration(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    var h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    var pad = function (x) { return (x < 10 ? "0" : "") + x; };
    return h ? h + ":" + pad(m) + ":" + pad(r) : m + ":" + pad(r);
  }

  function cellText(row, key) {
    var id = row.id;
    if (key === "entered") {
      return row.entered && row.status === "playing" ? duration(serverNow() - row.entered) : "";
    }
    if (key === "seen") {
      if (online[id]) { return "now"; }
      return lastSeen[id] ? duration(serverNow() - lastSeen[id]) + " ago" : "never";
    }
    if (key === "status" && row.dropout) { return row.status + " \u00b7 " + row.dropout; }
    return String(row[key] === null || row[key] === undefined ? "" : row[key]);
  }

  function fill(tr, row) {
    COLUMNS.forEach(function (key, i) {
      var td = tr.cells[i];
      if (key === "online") {
        var span = td.firstChild && td.firstChild.nodeType === 1 ? td.firstChild : null;
        if (!span) { td.textContent = ""; span = document.createElement("span"); td.appendChild(span); }
        span.className = online[row.id] ? "monitor-online" : "monitor-offline";
        span.textContent = online[row.id] ? "online" : "offline";
      } else if (key === "code") {
        var a = td.querySelector("a");
        if (!a) { td.textContent = ""; a = document.createElement("a"); a.target = "_blank"; td.appendChild(a); }
        a.href = row.url;
        a.textContent = row.code;
      } else {
        td.textContent = cellText(row, key);
      }
    });
  }

  function rowElement(id) {
    var tr = body.querySelector('tr[data-id="' + id + '"]');
    if (!tr) {
      tr = document.createElement("tr");
      tr.dataset.id = id;
      COLUMNS.forEach(function (key) {
        var td = document.createElement("td");
        td.dataset.key = key;
        if (key === "n" || key === "entered" || key === "payoff") { td.className = "quorum-number"; }
        tr.appendChild(td);
      });
      body.appendChild(tr);
    }
    return tr;
  }

  function sortValue(row) {
    if (sortKey === "online") { return online[row.id] ? 1 : 0; }
    if (sortKey === "seen") { return online[row.id] ? Infinity : (lastSeen[row.id] || 0); }
    if (sortType === "age") { return row.entered && row.status === "playing" ? -row.entered : -Infinity; }
    var v = row[sortKey];
    return sortType === "number" ? Number(v) : String(v || "").toLowerCase();
  }

  function matches(row) {
    var text = document.getElementById("monitor-filter").value.trim().toLowerCase();
    var status = document.getElementById("monitor-status").value;
    var onlineOnly = document.getElementById("monitor-online-only").checked;
    if (status && row.status !== status) { return false; }
    if (onlineOnly && !online[row.id]) { return false; }
    if (!text) { return true; }
    return [row.label, row.code, row.position, row.status, row.dropout, String(row.n)].some(function (v) {
      return String(v || "").toLowerCase().indexOf(text) !== -1;
    });
  }

  function render() {
    var list = Object.keys(rows).map(function (id) { return rows[id]; });
    list.sort(function (a, b) {
      var x = sortValue(a), y = sortValue(b);
      if (x < y) { return -sortDir; }
      if (x > y) { return sortDir; }
      return a.n - b.n;
    });
    var shown = 0;
    list.forEach(function (row) {
      var tr = rowElement(row.id);
      fill(tr, row);
      tr.hidden = !matches(row);
      if (!tr.hidden) { shown += 1; }
      body.appendChild(tr);  // moves it into sorted order
    });
    document.getElementById("monitor-shown").textContent = shown + " of " + list.length + " shown";
    renderSummary(list);
  }

  function renderSummary(list) {
    var counts = {}, order = [];
    list.slice().sort(function (a, b) { return a.n - b.n; }).forEach(function (row) {
      if (!(row.position in counts)) { counts[row.position] = 0; order.push(row.position); }
      counts[row.position] += 1;
    });
    var ul = document.getElementById("monitor-summary");
    ul.textContent = "";
    order.forEach(function (position) {
      var li = document.createElement("li");
      var strong = document.createElement("strong");
      strong.textContent = counts[position];
      li.appendChild(strong);
      li.appendChild(document.createTextNode(" " + position));
      ul.appendChild(li);
    });
  }

  function apply(answer) {
    skew = answer.now - Date.now() / 1000;
    if (answer.full) { rows = {}; lastSeen = {}; }
    answer.rows.forEach(function (row) {
      var old = rows[row.id];
      rows[row.id] = row;
      if (old && (old.position !== row.position || old.status !== row.status)) {
        var tr = rowElement(row.id);
        tr.classList.remove("changed");
        void tr.offsetWidth;  // restart the highlight
        tr.classList.add("changed");
      }
    });
    var quorum = document.getElementById("monitor-quorum");
    if (quorum && answer.quorum) { quorum.textContent = answer.quorum; }
    var presence = answer.presence;
    var note = document.getElementById("monitor-presence-note");
    note.hidden = presence.available;
    note.textContent = presence.available ? "" : presence.detail;
    online = {};
    presence.online.forEach(function (id) { online[id] = true; });
    Object.keys(presence.last_seen).forEach(function (id) { lastSeen[id] = presence.last_seen[id]; });
    if (answer.full) {  // drop rows of participants no longer in the session
      Array.prototype.slice.call(body.rows).forEach(function (tr) {
        if (!rows[tr.dataset.id]) { body.removeChild(tr); }
      });
    }
    cursor = answer.cursor;
    render();
    document.getElementById("monitor-updated").textContent =
      "updated " + new Date().toLocaleTimeString();
  }

  function poll() {
    var full = cursor === null || polls % fullEvery === 0;
    var url = root.dataset.rowsUrl + (full ? "" : "?since=" + encodeURIComponent(cursor));
    polls += 1;
    fetch(url, {credentials: "same-origin", headers: {"Accept": "application/json"}})
      .then(function (r) { if (!r.ok) { throw new Error("HTTP " + r.status); } return r.json(); })
      .then(apply)
      .catch(function (e) {
        document.getElementById("monitor-updated").textContent = "not updated: " + e.message;
      })
      .then(function () { setTimeout(poll, pollMs); });
  }

  Array.prototype.forEach.call(table.tHead.rows[0].cells, function (th) {
    th.addEventListener("click", function () {
      var key = th.dataset.sort;
      sortDir = key === sortKey ? -sortDir : 1;
      sortKey = key;
      sortType = th.dataset.type || "text";
      Array.prototype.forEach.call(table.tHead.rows[0].cells, function (other) {
        other.removeAttribute("aria-sort");
      });
      th.setAttribute("aria-sort", sortDir === 1 ? "ascending" : "descending");
      render();
    });
  });
  ["monitor-filter", "monitor-status", "monitor-online-only"].forEach(function (id) {
    document.getElementById(id).addEventListener("input", render);
    document.getElementById(id).addEventListener("change", render);
  });
  // Times on page and last seen move on between polls too.
  setInterval(function () {
    Object.keys(rows).forEach(function (id) {
      var tr = rowElement(id);
      tr.cells[5].textContent = cellText(rows[id], "entered");
      tr.cells[7].textContent = cellText(rows[id], "seen");
    });
  }, 1000);
  poll();
})();
