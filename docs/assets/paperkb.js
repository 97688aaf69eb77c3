/* Language switch for notes: EN / 中文 / Both. Both languages show unless the reader asks;
   the choice is kept in localStorage and re-applied on every page (also with instant navigation). */
(function () {
  "use strict";
  var KEY = "paperkb.lang";
  var MODES = ["both", "en", "zh"];
  var LABELS = { en: "EN", zh: "中文", both: "Both" };

  function stored() {
    try {
      var value = window.localStorage.getItem(KEY);
      return MODES.indexOf(value) >= 0 ? value : "both";
    } catch (error) {
      return "both";
    }
  }

  /* material's search box: its placeholder follows the switch too. */
  function labelSearch(mode) {
    var field = document.querySelector(".md-search__input");
    if (!field) return;
    var english = field.getAttribute("data-pkb-placeholder") || field.placeholder;
    field.setAttribute("data-pkb-placeholder", english);
    field.placeholder = mode === "zh" ? "搜索" : mode === "en" ? english : english + " · 搜索";
  }

  function apply(mode) {
    var root = document.documentElement;
    root.classList.remove("pkb-only-en", "pkb-only-zh");
    if (mode !== "both") root.classList.add("pkb-only-" + mode);
    root.setAttribute("data-pkb-lang", mode);
    labelSearch(mode);
    var buttons = document.querySelectorAll(".pkb-lang-switch button");
    for (var i = 0; i < buttons.length; i++) {
      buttons[i].setAttribute("aria-pressed", String(buttons[i].getAttribute("data-mode") === mode));
    }
  }

  function choose(mode) {
    try {
      window.localStorage.setItem(KEY, mode);
    } catch (error) {
      /* private mode: the choice lasts for this page only */
    }
    apply(mode);
  }

  function buildSwitch() {
    var group = document.createElement("div");
    group.className = "pkb-lang-switch";
    group.setAttribute("role", "group");
    group.setAttribute("aria-label", "Language of notes");
    ["en", "zh", "both"].forEach(function (mode) {
      var button = document.createElement("button");
      button.type = "button";
      button.setAttribute("data-mode", mode);
      button.title = mode === "both" ? "Show English and Chinese" : "Show only " + LABELS[mode];
      button.textContent = LABELS[mode];
      group.appendChild(button);
    });
    return group;
  }

  /* The site's name "English · 中文" as two spans: the language switch shows one, and on a phone
     the two stack on two short lines instead of being cut to "Paper …". */
  function splitSiteName() {
    var name = document.querySelector(".md-header__title .md-header__topic:first-child .md-ellipsis");
    if (!name || name.querySelector("[data-lang]")) return;
    var parts = name.textContent.trim().split(" · ");
    if (parts.length !== 2) return;
    name.textContent = "";
    name.classList.add("pkb-site-name");
    [["en", parts[0]], ["", " · "], ["zh", parts[1]]].forEach(function (part) {
      var span = document.createElement("span");
      if (part[0]) span.setAttribute("data-lang", part[0]);
      else span.className = "pkb-t-sep";
      span.textContent = part[1];
      name.appendChild(span);
    });
  }

  /* A chart by year wider than a phone opens on its latest years. */
  function showLatestYears() {
    var boxes = document.querySelectorAll(".pkb-chart-box--latest");
    for (var i = 0; i < boxes.length; i++) boxes[i].scrollLeft = boxes[i].scrollWidth;
  }

  function mount() {
    splitSiteName();
    showLatestYears();
    var header = document.querySelector(".md-header__inner");
    if (header && !header.querySelector(".pkb-lang-switch")) {
      var search = header.querySelector(".md-search");
      header.insertBefore(buildSwitch(), search || null);
    }
    apply(stored());
  }

  /* A card's BibTeX: one listener for every Copy button (a page may hold thousands of cards). */
  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copyBibtex(button) {
    var block = button.parentNode && button.parentNode.querySelector(".pkb-bibtex");
    if (!block) return;
    function show(label) {
      button.textContent = label;
      window.setTimeout(function () { button.textContent = "Copy"; }, 1500);
    }
    function fallback() {
      selectText(block);
      show("Selected: press Ctrl+C");
    }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(block.textContent).then(function () { show("Copied"); }, fallback);
    } else {
      fallback();
    }
  }

  /* The button comes when a BibTeX block is first opened: no per-card work while a page loads. */
  document.addEventListener(
    "toggle",
    function (event) {
      var details = event.target;
      if (!details.open || !details.classList || !details.classList.contains("pkb-card__bibtex")) return;
      if (details.querySelector(".pkb-copy")) return;
      var button = document.createElement("button");
      button.type = "button";
      button.className = "pkb-copy";
      button.textContent = "Copy";
      details.appendChild(button);
    },
    true
  );

  document.addEventListener("click", function (event) {
    if (!event.target.closest) return;
    var button = event.target.closest(".pkb-lang-switch button");
    if (button) choose(button.getAttribute("data-mode"));
    var copy = event.target.closest(".pkb-copy");
    if (copy) copyBibtex(copy);
  });

  apply(stored());
  if (typeof window.document$ !== "undefined" && window.document$.subscribe) {
    window.document$.subscribe(mount);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", mount);
  } else {
    mount();
  }
})();
