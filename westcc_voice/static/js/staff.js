/* Small behaviours of the staff pages, kept out of the HTML so the Content-Security-Policy
   can refuse every inline script. */
(function () {
  /* <button data-print>: open the browser's print dialogue (letters home). */
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () { window.print(); });
  });
  /* <body data-reload-in-ms="N">: reload once after N ms, so the projector shows that the
     session's code has stopped working. */
  var reloadIn = parseInt(document.body.getAttribute("data-reload-in-ms") || "", 10);
  if (reloadIn > 0) {
    setTimeout(function () { window.location.reload(); }, reloadIn);
  }
})();
