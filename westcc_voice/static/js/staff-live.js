/* The live count of class sessions: ask the server for each session's numbers every few
   seconds and write them into the page, so a teacher sees answers arrive without
   reloading. Without JavaScript the page shows the numbers it was loaded with.

   <... data-live-url="/staff/sessions/live" data-live-every-ms="5000"> on any element,
   and inside it, per session, <... data-live-session="ID"> holding
   <... data-live="received">, <... data-live="waiting"> and <... data-live-box="waiting">
   (hidden while nothing waits). */
(function () {
  "use strict";
  var root = document.querySelector("[data-live-url]");
  if (!root || !window.fetch) { return; }
  var url = root.getAttribute("data-live-url");
  var every = parseInt(root.getAttribute("data-live-every-ms") || "5000", 10) || 5000;
  var boxes = Array.prototype.slice.call(document.querySelectorAll("[data-live-session]"));
  if (!boxes.length) { return; }
  var ids = boxes.map(function (box) { return box.getAttribute("data-live-session"); })
    .filter(function (id, i, all) { return all.indexOf(id) === i; });
  var wait = every, LONGEST = 60000;

  function write(box, counts) {
    var received = box.querySelector("[data-live='received']");
    if (received && received.textContent !== String(counts.received)) {
      received.textContent = String(counts.received);
      var label = received.parentNode.querySelector(".live-label");
      if (label) { label.textContent = (counts.received === 1 ? "answer" : "answers") + " sent"; }
    }
    var waiting = box.querySelector("[data-live='waiting']");
    if (waiting && waiting.textContent !== String(counts.waiting)) {
      waiting.textContent = String(counts.waiting);
    }
    var waitingBox = box.querySelector("[data-live-box='waiting']");
    if (waitingBox) { waitingBox.hidden = !counts.waiting; }
  }

  function look() {
    fetch(url + "?ids=" + ids.join(","), { credentials: "same-origin", cache: "no-store",
                                           headers: { "Accept": "application/json" } })
      .then(function (response) {
        if (!response.ok) { throw new Error("status " + response.status); }
        return response.json();
      })
      .then(function (data) {
        boxes.forEach(function (box) {
          var counts = data.sessions[box.getAttribute("data-live-session")];
          if (counts) { write(box, counts); }
        });
        wait = every;
      }, function () { wait = Math.min(wait * 2, LONGEST); })
      .then(function () { window.setTimeout(look, wait); });
  }
  window.setTimeout(look, every);
})();
