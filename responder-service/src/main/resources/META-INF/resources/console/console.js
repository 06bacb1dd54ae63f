// Live updates (the console's only script besides htmx): an element with data-live="<stream>" listens to that
// server-sent event stream, and on each event asks htmx to refresh its parts marked hx-trigger="live".
// htmx 2's own SSE extension is not packaged for Maven; EventSource reconnects by itself.
document.addEventListener('DOMContentLoaded', function () {
  document.querySelectorAll('[data-live]').forEach(function (container) {
    var source = new EventSource(container.getAttribute('data-live'));
    source.onmessage = function () {
      container.querySelectorAll('[hx-trigger="live"]').forEach(function (part) {
        htmx.trigger(part, 'live');
      });
    };
    window.addEventListener('pagehide', function () { source.close(); });
  });
});
