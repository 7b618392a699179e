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
  // on a phone the filters fold behind one "Filters (n)" button, so that the words, the count
  // and the first results fit the first screen
  var toggle = root.querySelector(".wps-filter-toggle");
  var facetBox = root.querySelector("#wps-facets");
  var narrow = window.matchMedia("(max-width: 45em)");
  function fold(folded) {
    facetBox.hidden = folded;
    toggle.setAttribute("aria-expanded", folded ? "false" : "true");
  }
  toggle.hidden = false; // the stylesheet hides it on wide screens, where the filters stay open
  toggle.addEventListener("click", function () { fold(!facetBox.hidden); });
  var onWidth = function () { fold(narrow.matches); };
  if (narrow.addEventListener) narrow.addEventListener("change", onWidth);
  else narrow.addListener(onWidth); // Safari before 14
  fold(narrow.matches);
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
  var browseIndex = null;
  var results = [];
  var cards = {}; // address -> the card shown for it
  var shown = 0;
  var generation = 0;
  var shownSearch = window.location.search;

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
    shownSearch = window.location.search;
  }

  // How many results each value would give with the other ticked filters and the words: the
  // usual faceted count (within one filter any ticked value matches, so a filter's own values
  // are counted without it). 0 is shown greyed, never hidden.
  // the counts the page was built with: every record, no filter, no words
  var totals = {};
  root.querySelectorAll("[data-count]").forEach(function (el) {
    totals[el.getAttribute("data-count")] = Number(el.textContent);
  });

  // counts: facet -> value -> n, or null for the page's own totals
  function updateCounts(counts) {
    root.querySelectorAll("[data-count]").forEach(function (el) {
      var parts = el.getAttribute("data-count").split(":");
      var facet = parts[0], value = parts.slice(1).join(":");
      var n = counts ? (counts[facet] && counts[facet][value]) || 0 : totals[el.getAttribute("data-count")];
      el.textContent = n;
      var label = el.closest("label");
      var box = label && label.querySelector("input");
      if (label) label.classList.toggle("wps-zero", n === 0 && !(box && box.checked));
    });
    root.setAttribute("data-counts", "ready");
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

  // lists: facet -> value -> sorted positions of its records; matched: sorted positions of the
  // records the words match (null: no words). Returns the positions shown and every count.
  function facetSearch(lists, chosen, matched) {
    var ticked = {};
    Object.keys(chosen).forEach(function (facet) {
      ticked[facet] = union(chosen[facet].map(function (v) { return (lists[facet] || {})[v] || []; }));
    });
    function narrowed(skip) {
      var set = matched;
      Object.keys(ticked).forEach(function (facet) {
        if (facet !== skip) set = set ? intersect(set, ticked[facet]) : ticked[facet];
      });
      return set;
    }
    var counts = {};
    Object.keys(lists).forEach(function (facet) {
      var base = narrowed(facet);
      counts[facet] = {};
      Object.keys(lists[facet]).forEach(function (v) {
        counts[facet][v] = base ? intersect(lists[facet][v], base).length : lists[facet][v].length;
      });
    });
    return { positions: narrowed(null), counts: counts };
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
    text.textContent = (data.excerpt || "").replace(/<\/?mark>/g, "");
    li.appendChild(text);
    if (data.passage) addPassage(li, data.passage);
    return li;
  }

  // A match inside the record's document: on which page, and a link to that page of it.
  function addPassage(li, passage) {
    var where = document.createElement("span");
    where.className = "wps-card-where";
    where.textContent = passage.page ? say("page", { n: passage.page }) : say("in_document");
    li.appendChild(where);
    if (!passage.document) return;
    var open = document.createElement("a");
    open.className = "wps-card-document";
    open.rel = "noopener noreferrer";
    open.href = passage.document + (passage.page ? "#page=" + passage.page : "");
    open.textContent = passage.page ? say("open_page", { n: passage.page }) : say("in_document");
    li.appendChild(open);
  }

  // A Pagefind match in a document's text (an indexed page that is not published): shown as
  // its record, with the page of the best passage. Other matches are shown as they are.
  function fromPagefind(data) {
    if (!data.meta || !data.meta.record) return data;
    var best = null;
    (data.sub_results || []).forEach(function (sub) {
      var hits = (sub.excerpt.match(/<mark>/g) || []).length;
      if (hits && (!best || hits > best.hits)) best = { sub: sub, hits: hits };
    });
    var sub = best ? best.sub : (data.sub_results || [])[0];
    var page = sub && /#p(\d+)$/.exec(sub.url || "");
    var excerpt = sub ? sub.excerpt : data.excerpt;
    if (page) excerpt = excerpt.replace(new RegExp("^" + page[1] + "\\.\\s*"), "");
    return {
      url: new URL(data.meta.record, siteBase).href,
      meta: { title: data.meta.title, kind: data.meta.kind },
      excerpt: excerpt,
      passage: { page: page ? Number(page[1]) : 0, document: data.meta.document || "" }
    };
  }

  function showMore(run) {
    var first = shown === 0;
    var slice = results.slice(shown, shown + PAGE);
    shown += slice.length;
    more.hidden = shown >= results.length;
    // busy until the cards are drawn: the status counts the results before their data arrives
    list.setAttribute("aria-busy", "true");
    return Promise.all(slice.map(function (r) { return r.data(); })).then(function (items) {
      if (run !== generation) return;
      list.setAttribute("aria-busy", "false");
      if (first) {
        // the cards shown so far (the last search's, or the page's own first results) stay
        // until these replace them, so the list never flashes empty
        list.textContent = "";
        cards = {};
      }
      items.forEach(function (data) {
        // a record found in its own words and in its document's text is one card
        var key = new URL(data.url, window.location.href).href;
        var shownCard = cards[key];
        if (!shownCard) {
          cards[key] = list.appendChild(card(data));
        } else if (data.passage && !shownCard.querySelector(".wps-card-where")) {
          addPassage(shownCard, data.passage);
        }
      });
    });
  }

  function refresh() {
    var run = ++generation;
    root.setAttribute("data-counts", "pending");
    var chosen = selected();
    writeAddress(chosen);
    var words = query.value.trim();
    status.textContent = say("searching");
    list.setAttribute("aria-busy", "true");
    var engine = !words && browseIndex ? Promise.resolve(browseIndex) : loadEngine();
    return engine.then(function (found) {
      return found.search(words || null, chosen);
    }).then(function (search) {
      if (run !== generation || !search) return;
      results = search.results;
      shown = 0;
      var ticked = 0;
      Object.keys(chosen).forEach(function (facet) { ticked += chosen[facet].length; });
      toggle.textContent = say("filters", { n: ticked });
      // the counts may arrive after the first results (browsing fetches them second)
      Promise.resolve(search.counts).then(function (counts) {
        if (run === generation) updateCounts(counts);
      }).catch(function () {});
      var n = results.length;
      status.textContent = n === 1 ? say("one") : say("other", { n: n });
      if (!n) status.textContent = say("none");
      showMissing();
      return showMore(run).then(function () {
        // a reader who browsed is likely to search next: fetch Pagefind while they read
        if (browseIndex && !words) setTimeout(function () { loadEngine().catch(function () {}); }, 0);
      });
    }).catch(function (error) {
      list.setAttribute("aria-busy", "false");
      list.textContent = "";
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

  // The first page of a record's documents (the offline edition with documents carries
  // their text) holding every word: its number and a passage around the first word. Pages
  // are folded once, on the first search; the passage is cut from the page as written.
  function documentHit(rec, tokens) {
    var documents = rec.d || [];
    for (var d = 0; d < documents.length; d++) {
      var doc = documents[d];
      if (!doc.f) doc.f = doc.p.map(function (page) { return " " + foldText(page); });
      for (var p = 0; p < doc.p.length; p++) {
        var folded = doc.f[p];
        var all = tokens.every(function (token) { return folded.indexOf(" " + token) >= 0; });
        if (!all) continue;
        var at = rawPosition(doc.p[p], tokens[0]);
        var start = Math.max(0, at - 100);
        var excerpt = doc.p[p].slice(start, at + 200).replace(/\s+/g, " ").trim();
        return {
          page: doc.g ? p + 1 : 0,
          document: doc.u,
          excerpt: (start ? "…" : "") + excerpt + (at + 200 < doc.p[p].length ? "…" : "")
        };
      }
    }
    return null;
  }

  // Where a folded word starts in the page as written: each character folded on its own,
  // with a note of where it came from.
  function rawPosition(page, token) {
    var folded = " ";
    var origin = [0];
    for (var i = 0; i < page.length; ) {
      var ch = String.fromCodePoint(page.codePointAt(i));
      var f = ch.normalize("NFKD").replace(/\p{Mn}/gu, "").toLowerCase().replace(/[^\p{L}\p{N}]/gu, " ");
      for (var k = 0; k < f.length; k++) { folded += f[k]; origin.push(i); }
      i += ch.length;
    }
    var at = folded.indexOf(" " + token);
    return at < 0 ? 0 : origin[at + 1];
  }

  function offlineEngine(data, base) {
    var lists = {};
    var titles = [];
    data.records.forEach(function (rec, position) {
      titles.push(" " + foldText(rec.t));
      Object.keys(rec.f || {}).forEach(function (facet) {
        lists[facet] = lists[facet] || {};
        rec.f[facet].forEach(function (v) { (lists[facet][v] = lists[facet][v] || []).push(position); });
      });
    });
    return {
      search: function (words, chosen) {
        var tokens = words ? foldText(words).split(" ").filter(Boolean) : [];
        var scores = {};
        var passages = {};
        var matched = null;
        if (tokens.length) {
          matched = [];
          var inDocument = !!chosen["in"];
          data.records.forEach(function (rec, position) {
            var text = " " + rec.x;
            var score = 0;
            for (var i = 0; i < tokens.length && !inDocument; i++) {
              if (text.indexOf(" " + tokens[i]) < 0) { score = -1; break; }
              score += 1 + (titles[position].indexOf(" " + tokens[i]) >= 0 ? 5 : 0);
            }
            if (inDocument || score < 0) {
              // not in the record's own words: in its document's text (below any record match)
              var hit = documentHit(rec, tokens);
              if (!hit) return;
              passages[position] = hit;
              score = 0.5;
            }
            scores[position] = score;
            matched.push(position);
          });
        }
        var found = facetSearch(lists, chosen, matched);
        var positions = found.positions || data.records.map(function (_, i) { return i; });
        positions.sort(function (a, b) {
          var ra = data.records[a], rb = data.records[b];
          if (tokens.length && scores[b] !== scores[a]) return scores[b] - scores[a];
          if (rb.y !== ra.y) return rb.y - ra.y;
          return ra.t.localeCompare(rb.t);
        });
        return Promise.resolve({
          counts: found.counts,
          results: positions.map(function (position) {
            var rec = data.records[position];
            return {
              data: function () {
                var hit = passages[position];
                return Promise.resolve({
                  url: new URL(rec.p, base).href,
                  meta: { title: rec.t, kind: rec.k },
                  excerpt: hit ? hit.excerpt : rec.s,
                  passage: hit ? { page: hit.page, document: hit.document } : null
                });
              }
            };
          })
        });
      }
    };
  }

  // Online, without words: the build's explore-index (records in display order, in chunks,
  // and in facets.json the positions of every facet value's records). Pagefind would load its
  // whole index for a search without words; this fetches the lists once and only the chunks
  // a view shows.
  function indexEngine(base) {
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
    function slug(text) {  // as wpshub.data.addresses.slugify names the files
      var words = String(text).normalize("NFKD").replace(/\p{M}/gu, "").toLowerCase()
        .match(/[a-z0-9]+/g) || [];
      var name = "";
      for (var i = 0; i < words.length; i++) {
        var longer = name ? name + "-" + words[i] : words[i];
        if (longer.length > 80) { name = name || words[i].slice(0, 80); break; }
        name = longer;
      }
      return name || "x";
    }
    return {
      search: function (words, chosen) {
        var facetNames = Object.keys(chosen);
        var lists = facetNames.map(function (facet) {
          return Promise.all(chosen[facet].map(function (value) {
            return getJson(facet + "/" + slug(value) + ".json").catch(function () { return []; });
          })).then(union);
        });
        return Promise.all([getJson("meta.json"), Promise.all(lists)]).then(function (loaded) {
          var meta = loaded[0];
          var positions = loaded[1].length ? loaded[1].reduce(intersect) : null;
          var total = positions ? positions.length : meta.count;
          var results = [];
          for (var n = 0; n < total; n++) {
            (function (index) {
              results.push({
                data: function () {
                  return getJson("r" + Math.floor(index / meta.chunk) + ".json").then(function (chunk) {
                    var rec = chunk[index % meta.chunk];
                    return { url: new URL(rec.p, siteBase).href, meta: { title: rec.t, kind: rec.k }, excerpt: rec.s };
                  });
                }
              });
            })(positions ? positions[n] : n);
          }
          // with no filter the page's own totals are the counts: nothing more to fetch
          var counts = facetNames.length
            ? getJson("facets.json").then(function (all) { return facetSearch(all, chosen, null).counts; })
            : null;
          return { results: results, counts: counts };
        });
      }
    };
  }

  // Pagefind counts each value among the results of one search; a ticked filter's own values
  // are counted by a second search without that filter (its index chunks are already loaded).
  function pagefindEngine(pagefind) {
    function filtersWithout(chosen, skip) {
      var filters = {};
      Object.keys(chosen).forEach(function (facet) {
        if (facet !== skip) filters[facet] = { any: chosen[facet] };
      });
      return filters;
    }
    return {
      search: function (words, chosen) {
        var options = { filters: filtersWithout(chosen, null) };
        // without words, a document's text page would repeat its record
        if (!words) {
          options.sort = { year: "desc" };
          if (!chosen["in"]) options.filters["in"] = { none: ["document"] };
        }
        var searches = [pagefind.search(words, options)];
        Object.keys(chosen).forEach(function (facet) {
          searches.push(pagefind.search(words, { filters: filtersWithout(chosen, facet) }));
        });
        return Promise.all(searches).then(function (all) {
          var counts = {};
          Object.keys(all[0].filters || {}).forEach(function (facet) { counts[facet] = all[0].filters[facet]; });
          Object.keys(chosen).forEach(function (facet, i) {
            counts[facet] = (all[i + 1].filters || {})[facet] || {};
          });
          var results = all[0].results.map(function (result) {
            return { data: function () { return result.data().then(fromPagefind); } };
          });
          return { results: results, counts: counts };
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
  // Back and Forward restore a view; a jump to #wps-results (the skip link) changes no view
  window.addEventListener("popstate", function () {
    if (window.location.search === shownSearch) return;
    readAddress();
    refresh();
  });

  readAddress();
  // the page's own first results are those of the view without words or filters
  if (window.location.search.length > 1) list.textContent = "";
  if (window.location.protocol === "file:" && window.WPS_OFFLINE) {
    var offline = offlineEngine(window.WPS_OFFLINE, new URL(root.getAttribute("data-site-root"), window.location.href).href);
    loadEngine = function () { return Promise.resolve(offline); };
    refresh();
    return;
  }
  var siteBase = new URL(root.getAttribute("data-site-root"), window.location.href).href;
  if (root.getAttribute("data-index")) {
    browseIndex = indexEngine(new URL(root.getAttribute("data-index"), window.location.href).href);
  }
  var moduleUrl = new URL(root.getAttribute("data-pagefind"), window.location.href).href;
  var siteRoot = new URL(root.getAttribute("data-site-root"), window.location.href).pathname;
  var moreBundles = (root.getAttribute("data-pagefind-more") || "").split(" ").filter(Boolean).map(function (path) {
    return new URL(path.replace(/\/?$/, "/"), window.location.href).href;
  });
  // merged bundles rank by score only, so a view without words (newest first) is browsed from
  // the offline edition's catalogue when the page has no explore index
  if (!browseIndex && moreBundles.length && window.WPS_OFFLINE) {
    browseIndex = offlineEngine(window.WPS_OFFLINE, siteBase);
  }
  var loading = null;
  // Pagefind (its wasm and index) is loaded only when words are searched, or when there is
  // no explore index to browse with. Its filter lists (a few kB) are loaded with it, so that
  // every search returns counts for every filter.
  function loadEngine() {
    if (!loading) {
      loading = import(moduleUrl).then(function (module) {
        return module.options({ baseUrl: siteRoot }).then(function () {
          return module.init ? module.init() : null;
        }).then(function () {
          // a large language is indexed in several bundles: one search over all of them
          return Promise.all(moreBundles.map(function (bundle) {
            return module.mergeIndex(bundle, { baseUrl: siteRoot });
          }));
        }).then(function () {
          return module.filters();
        }).then(function () { return pagefindEngine(module); });
      }).catch(function (error) {
        loading = null; // a bundle that failed to load is tried again by the next search
        throw error;
      });
    }
    return loading;
  }
  refresh();
})();
