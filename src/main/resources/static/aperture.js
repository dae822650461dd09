// Local times, "x minutes ago" and rate-limit countdowns for <time datetime> elements the server renders in UTC.
(function () {
  "use strict";
  var rtf = new Intl.RelativeTimeFormat(undefined, { numeric: "auto" });
  var clock = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit", second: "2-digit" });
  var full = new Intl.DateTimeFormat(undefined, { year: "numeric", month: "2-digit", day: "2-digit",
    hour: "2-digit", minute: "2-digit", second: "2-digit" });
  var hour = new Intl.DateTimeFormat(undefined, { hour: "2-digit", minute: "2-digit" });
  var day = new Intl.DateTimeFormat(undefined, { month: "short", day: "numeric" });

  function ago(ms) {
    var s = Math.round(ms / 1000), a = Math.abs(s);
    if (a < 45) return rtf.format(-s, "second");
    if (a < 2700) return rtf.format(-Math.round(s / 60), "minute");
    if (a < 79200) return rtf.format(-Math.round(s / 3600), "hour");
    return rtf.format(-Math.round(s / 86400), "day");
  }

  function countdown(ms) {
    // A reset in the past is not "now": the alert stays until the next answer shows the limit is gone.
    if (ms <= 0) return null;
    var s = Math.floor(ms / 1000), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return "in " + (h ? h + " h " : "") + (h || m ? m + " min " : "") + (h ? "" : r + " s");
  }

  function render(root) {
    var now = Date.now();
    (root || document).querySelectorAll("time[datetime]").forEach(function (el) {
      var t = new Date(el.getAttribute("datetime"));
      if (isNaN(t)) return;
      var mode = el.dataset.mode || "local";
      el.title = full.format(t);
      if (mode === "ago") el.textContent = full.format(t) + " (" + ago(now - t) + ")";
      else if (mode === "countdown") {
        var left = countdown(t - now);
        el.textContent = left ? left + " (" + hour.format(t) + ")" : "passed at " + hour.format(t) + "; the next call shows whether the limit is gone";
      }
      else if (mode === "clock") el.textContent = clock.format(t);
      else el.textContent = full.format(t);
    });
    (root || document).querySelectorAll("text[data-t]").forEach(function (el) {
      var t = new Date(el.dataset.t);
      el.textContent = el.dataset.fmt === "hour" ? hour.format(t) : day.format(t);
    });
  }

  // ui.LiveUpdates said what the pages show has changed: fetch this page once and swap its live regions
  // (elements with an id and data-live) for their new versions. A region with a request in flight or the
  // keyboard focus in a field is left alone until the next change, so nothing is taken from under the admin.
  var refreshing = false;
  function refresh() {
    if (refreshing) return;
    refreshing = true;
    fetch(location.href, { headers: { "X-Live-Refresh": "1" }, credentials: "same-origin" })
      .then(function (r) { return r.ok && !r.redirected ? r.text() : null; })
      .then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html");
        document.querySelectorAll("[data-live][id]").forEach(function (old) {
          var next = fresh.getElementById(old.id);
          var focus = document.activeElement;
          if (!next || old.querySelector(".htmx-request") || old.classList.contains("htmx-request")) return;
          if (focus && focus !== document.body && old.contains(focus) && /INPUT|SELECT|TEXTAREA/.test(focus.tagName)) return;
          var copy = document.importNode(next, true);
          old.replaceWith(copy);
          if (window.htmx) window.htmx.process(copy);
          render(copy);
        });
      })
      .catch(function () { /* the next change or poll tries again */ })
      .finally(function () { refreshing = false; });
  }

  document.addEventListener("alerts-changed", refresh);
  document.addEventListener("DOMContentLoaded", function () { render(); });
  document.addEventListener("htmx:afterSettle", function () { render(); });
  setInterval(function () { render(); }, 1000);
})();
