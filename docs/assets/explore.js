// Explore page: faceted filters and word search over Pagefind's index, with the state in the
// address (explore/?topic=naps&region=africa&q=budget) so a view can be shared or bookmarked.
// Text from records is inserted with textContent only, never as markup.
(function () {
  "use strict";
  var root = document.querySelector(".wps-explore");
  if (!root) return;
  var PAGE = 10; // results fetched at a time: each costs a Pagefind fragment on slow links
  var form = root.querySelector("form.wps-filters");
  var query = root.querySelector("#wps-query");
  var list = root.querySelector("#wps-result-list");
  var status = root.querySelector(".wps-status");
  var more = root.querySelector("#wps-more");
  var facets = [];
  root.querySelectorAll("input[type=checkbox]").forEach(function (box) {
    if (facets.indexOf(box.name) < 0) facets.push(box.name);
  });
  var strings = JSON.parse(root.getAttribute("data-strings") || "{}");
  function say(key, values) {
    var text = strings[key] || key;
    Object.keys(values || {}).forEach(function (name) { text = text.split("{" + name + "}").join(values[name]); });
    return text;
  }
  // values asked for in the address that no record has (?country=YE): kept, never dropped
  var missing = {};
  var labels = JSON.parse(root.getAttribute("data-labels") || "{}");
  var pagefind = null;
  var browseIndex = null;
  var results = [];
  var shown = 0;
  var generation = 0;

  function readAddress() {
    var params = new URLSearchParams(window.location.search);
    query.value = params.get("q") || "";
    facets.forEach(function (facet) {
      var wanted = [];
      params.getAll(facet).forEach(function (v) { wanted = wanted.concat(v.split(",")); });
      var known = [];
      root.querySelectorAll('input[name="' + facet + '"]').forEach(function (box) {
        box.checked = wanted.indexOf(box.value) >= 0;
        known.push(box.value);
      });
      var unknown = wanted.filter(function (v) { return v && known.indexOf(v) < 0; });
      if (unknown.length) missing[facet] = unknown; else delete missing[facet];
    });
  }

  function selected() {
    var chosen = {};
    facets.forEach(function (facet) {
      var values = [];
      root.querySelectorAll('input[name="' + facet + '"]:checked').forEach(function (box) {
        values.push(box.value);
      });
      values = values.concat(missing[facet] || []);
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

  var totals = {};
  root.querySelectorAll("[data-count]").forEach(function (el) { totals[el.getAttribute("data-count")] = el.textContent; });

  function updateCounts(counts) {
    if (!counts) {
      root.querySelectorAll("[data-count]").forEach(function (el) { el.textContent = totals[el.getAttribute("data-count")]; });
      return;
    }
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
    a.dir = "auto"; // a record keeps its own language, and its direction, on any page
    a.href = data.url;
    a.textContent = (data.meta && data.meta.title) || data.url;
    li.appendChild(a);
    var meta = document.createElement("span");
    meta.className = "wps-card-meta";
    meta.textContent = (data.meta && data.meta.kind) || "";
    li.appendChild(meta);
    var text = document.createElement("span");
    text.className = "wps-card-summary";
    text.dir = "auto";
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
    // only record pages are indexed, so no filter is needed to keep other pages out; an
    // "all records" filter would make Pagefind fetch a list of every page on each search
    var filters = {};
    Object.keys(chosen).forEach(function (facet) { filters[facet] = { any: chosen[facet] }; });
    var words = query.value.trim();
    var options = { filters: filters };
    if (!words) options.sort = { year: "desc" };
    status.textContent = say("searching");
    var engine = !words && browseIndex ? Promise.resolve(browseIndex) : loadEngine();
    return engine.then(function (found) {
      return found.search(words || null, options);
    }).then(function (search) {
      if (run !== generation || !search) return;
      results = search.results;
      shown = 0;
      list.textContent = "";
      updateCounts(search.filters);
      var n = results.length;
      status.textContent = n === 1 ? say("one") : say("other", { n: n });
      if (!n) status.textContent = say("none");
      showMissing();
      return showMore(run).then(function () {
        // a reader who browsed is likely to search next: fetch Pagefind while they read
        if (browseIndex && !words) setTimeout(function () { loadEngine().catch(function () {}); }, 0);
      });
    }).catch(function (error) {
      status.textContent = say("failed", { error: error.message });
    });
  }

  // From disk (file://) Pagefind cannot load; the offline edition ships every record's facets
  // and text in assets/offline-catalogue.js, searched here with the same interface.
  // "No records for Yemen yet": a value in the address that no record has is said, with a
  // way to add one, instead of being dropped in silence
  function showMissing() {
    var old = root.querySelector(".wps-missing");
    if (old) old.remove();
    var names = [];
    Object.keys(missing).forEach(function (facet) {
      missing[facet].forEach(function (v) { names.push((labels[facet] && labels[facet][v]) || v); });
    });
    if (!names.length) return;
    var p = document.createElement("p");
    p.className = "wps-missing wps-empty";
    p.textContent = say("missing", { values: names.join(", ") }) + " ";
    var add = document.createElement("a");
    add.href = root.getAttribute("data-contribute");
    add.textContent = say("add");
    p.appendChild(add);
    status.insertAdjacentElement("afterend", p);
  }

  function foldText(text) {
    // every non-spacing mark goes (Latin accents, Arabic hamza and vowel signs), as the
    // catalogue's own folding (wpshub.vocab.fold) does
    return String(text).normalize("NFKD").replace(/\p{Mn}/gu, "").toLowerCase()
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

  // Online, without words: the build's explore-index (records in display order, in chunks,
  // and per facet value the positions of its records). Pagefind would load its whole index
  // for a search without words; this fetches only the lists and chunks a view needs.
  function slug(text) {
    return String(text).toLowerCase().replace(/[^a-z0-9]+/g, "-").replace(/^-+|-+$/g, "") || "x";
  }

  function indexEngine(base, total) {
    var cache = {};
    function getJson(path) {
      if (!cache[path]) {
        cache[path] = fetch(new URL(path, base).href).then(function (r) {
          if (!r.ok) throw new Error(path + ": " + r.status);
          return r.json();
        });
      }
      return cache[path];
    }
    function union(lists) {
      var seen = {};
      lists.forEach(function (l) { l.forEach(function (i) { seen[i] = true; }); });
      return Object.keys(seen).map(Number).sort(function (a, b) { return a - b; });
    }
    function intersect(a, b) {
      var out = [], i = 0, j = 0;
      while (i < a.length && j < b.length) {
        if (a[i] === b[j]) { out.push(a[i]); i++; j++; } else if (a[i] < b[j]) i++; else j++;
      }
      return out;
    }
    return {
      search: function (words, options) {
        var filters = options.filters || {};
        var facetNames = Object.keys(filters).filter(function (k) { return k !== "all"; });
        var chunkSize = 10;
        var positions = facetNames.length ? null : { length: total };
        var lists = facetNames.map(function (facet) {
          return Promise.all(filters[facet].any.map(function (value) {
            return getJson(facet + "/" + slug(value) + ".json").catch(function () { return []; });
          })).then(union);
        });
        return getJson("meta.json").then(function (meta) {
          chunkSize = meta.chunk;
          return Promise.all(lists);
        }).then(function (sets) {
          if (sets.length) {
            positions = sets.reduce(function (a, b) { return intersect(a, b); });
          }
          var results = [];
          for (var n = 0; n < positions.length; n++) {
            (function (index) {
              results.push({
                data: function () {
                  return getJson("r" + Math.floor(index / chunkSize) + ".json").then(function (chunk) {
                    var rec = chunk[index % chunkSize];
                    return { url: new URL(rec.p, siteBase).href, meta: { title: rec.t, kind: rec.k }, excerpt: rec.s };
                  });
                }
              });
            })(sets.length ? positions[n] : n);
          }
          return { results: results, filters: null };
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
  form.addEventListener("reset", function () { missing = {}; setTimeout(refresh, 0); });
  more.addEventListener("click", function () { showMore(generation); });
  window.addEventListener("popstate", function () { readAddress(); refresh(); });

  readAddress();
  if (window.location.protocol === "file:" && window.WPS_OFFLINE) {
    var offline = offlineEngine(window.WPS_OFFLINE, new URL(root.getAttribute("data-site-root"), window.location.href).href);
    loadEngine = function () { return Promise.resolve(offline); };
    refresh();
    return;
  }
  var siteBase = new URL(root.getAttribute("data-site-root"), window.location.href).href;
  if (root.getAttribute("data-index")) {
    browseIndex = indexEngine(new URL(root.getAttribute("data-index"), window.location.href).href, Number(root.getAttribute("data-total")));
  }
  var moduleUrl = new URL(root.getAttribute("data-pagefind"), window.location.href).href;
  var siteRoot = new URL(root.getAttribute("data-site-root"), window.location.href).pathname;
  var loading = null;
  // Pagefind (its wasm and index) is loaded only when words are searched, or when there is
  // no explore index to browse with.
  function loadEngine() {
    if (!loading) {
      loading = import(moduleUrl).then(function (module) {
        pagefind = module;
        return pagefind.options({ baseUrl: siteRoot });
      }).then(function () {
        return pagefind.init ? pagefind.init() : null;
      }).then(function () { return pagefind; });
    }
    return loading;
  }
  refresh();
})();
