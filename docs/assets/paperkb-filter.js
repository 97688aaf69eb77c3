/* Filter and sort the paper cards of a topic page or All papers. The page holds every card (without
   JavaScript all show); this script adds the form into the page's [data-pkb-filter] box, reads the
   cards' data attributes (data-status, -year, -venue, -tags, -code, -long, -added, -title) and sets
   `hidden` on the cards that do not match, so find-in-page (Ctrl+F) sees only the others. The
   state lives in the URL query (?status=to-read&tag=gan&sort=year), so a view can be shared. */
(function () {
  "use strict";
  if (window.paperkbFilter) return; /* loaded once, even if the script runs again */
  window.paperkbFilter = true;

  var FIELDS = ["status", "from", "to", "venue", "tag", "code", "long", "sort"];
  var TEXT = {
    status: ["Status", "状态"], from: ["From", "起始年份"], to: ["to", "截止年份"],
    venue: ["Venue", "会议/期刊"], tag: ["Tag", "标签"], code: ["has code", "有代码"],
    long: ["has long note", "有详细笔记"], sort: ["Sort", "排序"], reset: ["Clear", "清除"],
    any: ["any", "全部"], "to-read": ["to read", "待读"], reading: ["reading", "在读"],
    read: ["read", "已读"], page: ["as listed", "默认顺序"], year: ["year, newest first", "年份（新→旧）"],
    added: ["date added, newest first", "添加日期（新→旧）"], title: ["title, A to Z", "标题（A→Z）"],
    form: ["Filter and sort papers", "筛选与排序论文"], box: ["Filter and sort", "筛选与排序"]
  };

  function lang() {
    return document.documentElement.getAttribute("data-pkb-lang") || "both";
  }

  /* Option text cannot hold spans: it follows the language switch (see relabel). */
  function plain(key) {
    var pair = TEXT[key], mode = lang();
    return mode === "en" ? pair[0] : mode === "zh" ? pair[1] : pair[0] + " · " + pair[1];
  }

  function spans(en, zh) {
    return '<span data-lang="en">' + en + '</span><span class="pkb-t-sep" aria-hidden="true"> · </span>' +
      '<span data-lang="zh" lang="zh">' + zh + "</span>";
  }

  function element(tag, attributes, html) {
    var node = document.createElement(tag);
    Object.keys(attributes).forEach(function (name) { node.setAttribute(name, attributes[name]); });
    if (html) node.innerHTML = html;
    return node;
  }

  function option(value, key, text) {
    var node = element("option", { value: value });
    if (key) node.setAttribute("data-text", key);
    node.textContent = key ? plain(key) : text;
    return node;
  }

  function field(form, name, control) {
    var label = element("label", { class: "pkb-filter__field" }, "<span>" + spans(TEXT[name][0], TEXT[name][1]) + "</span>");
    control.name = name;
    label.appendChild(control);
    form.appendChild(label);
    return control;
  }

  function choices(name, values, keyed) {
    var select = element("select", {});
    select.appendChild(option("", "any"));
    values.forEach(function (value) { select.appendChild(keyed ? option(value, value) : option(value, null, value)); });
    return select;
  }

  function distinct(cards, read) {
    var seen = {};
    cards.forEach(function (card) { read(card).forEach(function (value) { if (value) seen[value] = true; }); });
    return Object.keys(seen);
  }

  function byText(a, b) { return a.localeCompare(b, undefined, { sensitivity: "base" }); }

  function buildForm(cards) {
    var form = element("form", { class: "pkb-filter__form", "aria-label": plain("form") });
    var years = distinct(cards, function (c) { return [c.dataset.year]; }).sort();
    field(form, "status", choices("status", ["to-read", "reading", "read"], true));
    field(form, "from", choices("from", years));
    field(form, "to", choices("to", years));
    field(form, "venue", choices("venue", distinct(cards, function (c) { return [c.dataset.venue]; }).sort(byText)));
    field(form, "tag", choices("tag", distinct(cards, function (c) { return c.dataset.tags.split("|"); }).sort(byText)));
    ["code", "long"].forEach(function (name) {
      var box = element("input", { type: "checkbox", value: "1" });
      field(form, name, box).parentNode.classList.add("pkb-filter__check");
    });
    var sort = element("select", {});
    ["page", "year", "added", "title"].forEach(function (key) { sort.appendChild(option(key === "page" ? "" : key, key)); });
    field(form, "sort", sort);
    form.appendChild(element("button", { type: "reset", class: "pkb-filter__reset" }, spans(TEXT.reset[0], TEXT.reset[1])));
    return form;
  }

  function readQuery() {
    var params = new URLSearchParams(window.location.search), state = {};
    FIELDS.forEach(function (name) { state[name] = params.get(name) || ""; });
    return state;
  }

  function writeQuery(state) {
    var params = new URLSearchParams(window.location.search);
    FIELDS.forEach(function (name) { if (state[name]) params.set(name, state[name]); else params.delete(name); });
    var query = params.toString();
    var url = window.location.pathname + (query ? "?" + query : "") + window.location.hash;
    window.history.replaceState(window.history.state, "", url);
  }

  function readForm(form) {
    var state = {};
    FIELDS.forEach(function (name) {
      var control = form.elements[name];
      state[name] = control.type === "checkbox" ? (control.checked ? "1" : "") : control.value;
    });
    return state;
  }

  function fillForm(form, state) {
    FIELDS.forEach(function (name) {
      var control = form.elements[name];
      if (control.type === "checkbox") control.checked = state[name] === "1";
      else if (control.querySelector('option[value="' + CSS.escape(state[name]) + '"]')) control.value = state[name];
      else state[name] = control.value = ""; /* a value this page has no card for */
    });
  }

  function matches(card, state) {
    var data = card.dataset, year = parseInt(data.year, 10);
    if (state.status && data.status !== state.status) return false;
    if (state.from && !(year >= parseInt(state.from, 10))) return false;
    if (state.to && !(year <= parseInt(state.to, 10))) return false;
    if (state.venue && data.venue !== state.venue) return false;
    if (state.tag && data.tags.split("|").indexOf(state.tag) < 0) return false;
    if (state.code && data.code !== "1") return false;
    return !(state.long && data.long !== "1");
  }

  var ORDERS = {
    year: function (a, b) { return (parseInt(b.dataset.year, 10) || 0) - (parseInt(a.dataset.year, 10) || 0); },
    added: function (a, b) { return (b.dataset.added || "").localeCompare(a.dataset.added || ""); },
    title: function (a, b) { return byText(a.dataset.title, b.dataset.title); }
  };

  function arrange(box, cards, state) {
    var shown = 0, reorder = box.order !== state.sort;
    box.order = state.sort;
    box.groups.forEach(function (group) {
      var order = group.cards.slice(); /* page order: the order the page was written in */
      var compare = reorder && ORDERS[state.sort];
      if (compare) order.sort(function (a, b) { return compare(a, b) || a.pkbIndex - b.pkbIndex; });
      var visible = 0;
      order.forEach(function (card) {
        var show = matches(card, state);
        if (card.hidden === show) card.hidden = !show;
        visible += show ? 1 : 0;
        if (reorder) group.list.appendChild(card); /* moved only when the order changes */
      });
      group.list.hidden = visible === 0;
      if (group.heading) group.heading.hidden = visible === 0;
      shown += visible;
    });
    box.jumps.forEach(function (chip) { /* All papers: a topic with no card shown leaves the jump list */
      var target = chip.hash && document.getElementById(decodeURIComponent(chip.hash.slice(1)));
      chip.hidden = Boolean(target && target.hidden);
    });
    var total = cards.length;
    box.count.innerHTML =
      shown === total ? spans(total + " papers", total + " 篇") : spans(shown + " of " + total, total + " 篇中的 " + shown + " 篇");
  }

  function groupsOf(page) {
    return Array.prototype.map.call(page.querySelectorAll(".pkb-cards"), function (list) {
      var before = list.previousElementSibling;
      return {
        list: list,
        heading: before && before.classList.contains("pkb-group") ? before : null,
        cards: Array.prototype.slice.call(list.querySelectorAll(":scope > .pkb-item"), 0).map(function (card, i) {
          card.pkbIndex = i; /* ties keep the page's order */
          return card;
        })
      };
    });
  }

  function relabel() {
    document.querySelectorAll(".pkb-filter option[data-text]").forEach(function (node) {
      node.textContent = plain(node.getAttribute("data-text"));
    });
    document.querySelectorAll(".pkb-filter__form").forEach(function (form) { form.setAttribute("aria-label", plain("form")); });
  }

  function mount() {
    var mountPoint = document.querySelector("[data-pkb-filter]");
    if (!mountPoint || mountPoint.firstChild) return;
    var page = mountPoint.closest(".pkb-page") || document;
    var cards = Array.prototype.slice.call(page.querySelectorAll(".pkb-item"));
    if (!cards.length) return;
    var box = { order: "", jumps: Array.prototype.slice.call(page.querySelectorAll(".pkb-jump a")), form: buildForm(cards), groups: groupsOf(page), count: element("output", { class: "pkb-filter__count", "aria-live": "polite" }) };
    var state = readQuery();
    fillForm(box.form, state);
    function update() {
      var current = readForm(box.form);
      writeQuery(current);
      arrange(box, cards, current);
    }
    box.form.addEventListener("change", update);
    box.form.addEventListener("submit", function (event) { event.preventDefault(); });
    box.form.addEventListener("reset", function () { window.setTimeout(update, 0); });
    /* Folded on a phone (the form is tall there) unless the address already filters. */
    var folder = element("details", { class: "pkb-filter__box" });
    var summary = element("summary", {}, '<span class="pkb-filter__title">' + spans(TEXT.box[0], TEXT.box[1]) + "</span> ");
    summary.appendChild(box.count);
    folder.appendChild(summary);
    folder.appendChild(box.form);
    folder.open = !window.matchMedia("(max-width: 44.9375em)").matches || FIELDS.some(function (name) { return state[name]; });
    mountPoint.appendChild(folder);
    mountPoint.hidden = false;
    arrange(box, cards, state);
  }

  new MutationObserver(relabel).observe(document.documentElement, { attributes: true, attributeFilter: ["data-pkb-lang"] });
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(mount);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
