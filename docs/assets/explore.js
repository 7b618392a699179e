// Explore page: faceted filters and word search over Pagefind's index, with the state in the
// address (explore/?topic=naps&region=africa&q=budget) so a view can be shared or bookmarked.
// Text from records is inserted with textContent only, never as markup.
(function () {
  "use strict";
  var root = document.querySelector(".wps-explore");
  if (!root) return;
  var PAGE = 20;
  var form = root.querySelector("form.wps-filters");
  var query = root.querySelector("#wps-query");
  var list = root.querySelector("#wps-result-list");
  var status = root.querySelector(".wps-status");
  var more = root.querySelector("#wps-more");
  var facets = [];
  root.querySelectorAll("input[type=checkbox]").forEach(function (box) {
    if (facets.indexOf(box.name) < 0) facets.push(box.name);
  });
  var pagefind = null;
  var results = [];
  var shown = 0;
  var generation = 0;

  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    query.value = params.get("q") || "";
    facets.forEach(function (facet) {
      var wanted = [];
      params.getAll(facet).forEach(function (v) { wanted = wanted.concat(v.split(",")); });
      root.querySelectorAll('input[name="' + facet + '"]').forEach(function (box) {
        box.checked = wanted.indexOf(box.value) >= 0;
      });
    });
  }

  function selected() {
    var chosen = {};
    facets.forEach(function (facet) {
      var values = [];
      root.querySelectorAll('input[name="' + facet + '"]:checked').forEach(function (box) {
        values.push(box.value);
      });
      if (values.length) chosen[facet] = values;
    });
    return chosen;
  }

  function writeAddress(chosen) {
    var params = new URLSearchParams();
    var words = query.value.trim();
    if (words) params.set("q", words);
    Object.keys(chosen).forEach(function (facet) { params.set(facet, chosen[facet].join(",")); });
    var search = params.toString();
    var address = window.location.pathname + (search ? "?" + search : "");
    if (address !== window.location.pathname + window.location.search) {
      window.history.replaceState(null, "", address);
    }
  }

  function updateCounts(counts) {
    root.querySelectorAll("[data-count]").forEach(function (el) {
      var parts = el.getAttribute("data-count").split(":");
      var byValue = counts && counts[parts[0]];
      el.textContent = byValue && byValue[parts.slice(1).join(":")] !== undefined ? byValue[parts.slice(1).join(":")] : "0";
    });
  }

  function card(data) {
    var li = document.createElement("li");
    li.className = "wps-card";
    var a = document.createElement("a");
    a.className = "wps-card-title";
    a.href = data.url;
    a.textContent = (data.meta && data.meta.title) || data.url;
    li.appendChild(a);
    var meta = document.createElement("span");
    meta.className = "wps-card-meta";
    meta.textContent = (data.meta && data.meta.kind) || "";
    li.appendChild(meta);
    var text = document.createElement("span");
    text.className = "wps-card-summary";
    // Pagefind's excerpt marks hits with <mark>; keep the words, drop any markup.
    var holder = document.createElement("div");
    holder.innerHTML = "";
    holder.textContent = (data.excerpt || "").replace(/<\/?mark>/g, "");
    text.textContent = holder.textContent;
    li.appendChild(text);
    return li;
  }

  function showMore(run) {
    var slice = results.slice(shown, shown + PAGE);
    shown += slice.length;
    more.hidden = shown >= results.length;
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (items) {
      if (run !== generation) return;
      items.forEach(function (data) { list.appendChild(card(data)); });
    });
  }

  function refresh() {
    var run = ++generation;
    var chosen = selected();
    writeAddress(chosen);
    var filters = { all: "record" };
    Object.keys(chosen).forEach(function (facet) { filters[facet] = { any: chosen[facet] }; });
    var words = query.value.trim();
    var options = { filters: filters };
    if (!words) options.sort = { year: "desc" };
    status.textContent = "Searching…";
    return pagefind.search(words || null, options).then(function (search) {
      if (run !== generation || !search) return;
      results = search.results;
      shown = 0;
      list.textContent = "";
      updateCounts(search.filters);
      var n = results.length;
      status.textContent = n === 1 ? "1 record" : n + " records";
      if (!n) status.textContent = "No records match these filters.";
      return showMore(run);
    });
  }

  // From disk (file://) Pagefind cannot load; the offline edition ships every record's facets
  // and text in assets/offline-catalogue.js, searched here with the same interface.
  function foldText(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function offlineEngine(data, base) {
    var facetValues = function (rec, facet) { return (rec.f && rec.f[facet]) || []; };
    return {
      search: function (words, options) {
        var tokens = words ? foldText(words).split(" ").filter(Boolean) : [];
        var filters = options.filters || {};
        var facetNames = Object.keys(filters).filter(function (k) { return k !== "all"; });
        var matches = [];
        data.records.forEach(function (rec) {
          var text = " " + rec.x;
          var title = " " + foldText(rec.t);
          var score = 0;
          for (var i = 0; i < tokens.length; i++) {
            if (text.indexOf(" " + tokens[i]) < 0) return;
            score += 1 + (title.indexOf(" " + tokens[i]) >= 0 ? 5 : 0);
          }
          for (var j = 0; j < facetNames.length; j++) {
            var wanted = filters[facetNames[j]].any || [];
            var have = facetValues(rec, facetNames[j]);
            if (!wanted.some(function (v) { return have.indexOf(v) >= 0; })) return;
          }
          matches.push({ rec: rec, score: score });
        });
        matches.sort(function (a, b) {
          if (tokens.length && b.score !== a.score) return b.score - a.score;
          if (b.rec.y !== a.rec.y) return b.rec.y - a.rec.y;
          return a.rec.t.localeCompare(b.rec.t);
        });
        var counts = {};
        matches.forEach(function (m) {
          Object.keys(m.rec.f || {}).forEach(function (facet) {
            counts[facet] = counts[facet] || {};
            m.rec.f[facet].forEach(function (v) { counts[facet][v] = (counts[facet][v] || 0) + 1; });
          });
        });
        return Promise.resolve({
          filters: counts,
          results: matches.map(function (m) {
            return {
              data: function () {
                return Promise.resolve({
                  url: new URL(m.rec.p, base).href,
                  meta: { title: m.rec.t, kind: m.rec.k },
                  excerpt: m.rec.s
                });
              }
            };
          })
        });
      }
    };
  }

  var timer = null;
  query.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 250);
  });
  form.addEventListener("change", function (event) {
    if (event.target !== query) refresh();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); refresh(); });
  form.addEventListener("reset", function () { setTimeout(refresh, 0); });
  more.addEventListener("click", function () { showMore(generation); });
  window.addEventListener("popstate", function () { readAddress(); refresh(); });

  readAddress();
  if (window.location.protocol === "file:" && window.WPS_OFFLINE) {
    pagefind = offlineEngine(window.WPS_OFFLINE, new URL(root.getAttribute("data-site-root"), window.location.href).href);
    refresh();
    return;
  }
  var moduleUrl = new URL(root.getAttribute("data-pagefind"), window.location.href).href;
  var siteRoot = new URL(root.getAttribute("data-site-root"), window.location.href).pathname;
  import(moduleUrl).then(function (module) {
    pagefind = module;
    return pagefind.options({ baseUrl: siteRoot });
  }).then(function () {
    return pagefind.init ? pagefind.init() : null;
  }).then(refresh).catch(function (error) {
    status.textContent = "Search could not start (" + error.message + "). Browse by topic, region or type instead.";
  });
})();
