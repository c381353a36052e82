/* global document, window, EventSource, DOMParser, fetch */
/*
 * The web UI's only script. It listens to the sandbox's change events and swaps the parts of the
 * page marked data-live for fresh ones (forms, the message body and scroll positions stay as they
 * are), and places calendar events from their data attributes (the pages allow no inline styles).
 * It is loaded as a module, so its names stay out of the page's global scope.
 */
function placeEvents(root) {
  root.querySelectorAll(".day .event[data-top]").forEach(function (el) {
    var lanes = Number(el.dataset.lanes) || 1;
    var lane = Number(el.dataset.lane) || 0;
    el.style.top = el.dataset.top + "%";
    el.style.height = el.dataset.height + "%";
    el.style.left = (lane / lanes) * 100 + "%";
    el.style.width = 100 / lanes + "%";
    el.style.right = "auto";
  });
}

function scrollWeek() {
  var body = document.querySelector(".week-body[data-scroll-hour]");
  if (body) body.scrollTop = Number(body.dataset.scrollHour) * 40;
}

var refreshing = false;
var again = false;

function refresh() {
  if (refreshing) {
    again = true;
    return;
  }
  refreshing = true;
  fetch(window.location.href, { headers: { Accept: "text/html" }, credentials: "same-origin" })
    .then(function (res) {
      return res.ok ? res.text() : "";
    })
    .then(function (text) {
      if (!text) return;
      var fresh = new DOMParser().parseFromString(text, "text/html");
      document.querySelectorAll("[data-live][id]").forEach(function (el) {
        var next = fresh.getElementById(el.id);
        if (!next || next.innerHTML === el.innerHTML) return;
        var scroll = el.querySelector(".week-body");
        var top = scroll ? scroll.scrollTop : 0;
        el.replaceWith(next);
        placeEvents(next);
        var nextScroll = next.querySelector(".week-body");
        if (nextScroll) nextScroll.scrollTop = top;
      });
    })
    .catch(function () {})
    .then(function () {
      refreshing = false;
      if (again) {
        again = false;
        refresh();
      }
    });
}

function listen() {
  var live = document.getElementById("live");
  if (!window.EventSource || !live || document.body.dataset.liveUpdates !== "on") return;
  var since = document.body.dataset.revision || "";
  var source = new EventSource("/_sandbox/ui/live?since=" + encodeURIComponent(since));
  var timer = null;
  source.addEventListener("open", function () {
    live.textContent = "live";
    live.classList.add("on");
  });
  source.addEventListener("error", function () {
    live.textContent = "reconnecting";
    live.classList.remove("on");
  });
  source.addEventListener("change", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(refresh, 100);
  });
}

document.addEventListener("DOMContentLoaded", function () {
  placeEvents(document);
  scrollWeek();
  listen();
});
