// The care-team console's only script of its own: it tells the user whether live updates are flowing.
// Everything else is htmx and its SSE extension, driven by attributes in the server's HTML.
(function () {
  'use strict';
  function status(text) {
    var el = document.getElementById('live-status');
    if (el) {
      el.textContent = text;
    }
  }
  document.addEventListener('htmx:sseOpen', function () { status('Live updates on'); });
  document.addEventListener('htmx:sseError', function () { status('Live updates interrupted: reconnecting'); });
  document.addEventListener('htmx:sseClose', function () { status('Live updates stopped: reload the page'); });
})();
