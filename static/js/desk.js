/* Small progressive enhancements; every page works without this file.
 *
 * - [data-tabs]: in-page section links become accessible tabs (arrow keys, Home/End, #hash).
 * - details.menu: closes on Escape and on a click elsewhere.
 * - .error-summary: receives focus, so keyboard and screen-reader users land on the problem.
 * - form[data-confirm]: asks before a consequential action (phase 2: suspend, withdraw, …).
 */
(function () {
  "use strict";

  function enhanceTabs(root) {
    var links = Array.prototype.slice.call(root.querySelectorAll(".tabs__tab"));
    var panels = links.map(function (link) { return document.getElementById(link.hash.slice(1)); });
    if (!links.length || panels.indexOf(null) !== -1) return;
    var list = root.querySelector(".tabs__list");
    list.setAttribute("role", "tablist");
    Array.prototype.forEach.call(list.children, function (item) { item.setAttribute("role", "presentation"); });

    function select(index, focus) {
      links.forEach(function (link, i) {
        var selected = i === index;
        link.setAttribute("aria-selected", selected ? "true" : "false");
        link.tabIndex = selected ? 0 : -1;
        panels[i].hidden = !selected;
      });
      if (focus) links[index].focus();
    }

    links.forEach(function (link, i) {
      link.setAttribute("role", "tab");
      link.id = link.id || "tab-" + panels[i].id;
      link.setAttribute("aria-controls", panels[i].id);
      panels[i].setAttribute("role", "tabpanel");
      panels[i].setAttribute("aria-labelledby", link.id);
      panels[i].tabIndex = 0;
      link.addEventListener("click", function (event) {
        event.preventDefault();
        select(i, false);
        history.replaceState(null, "", link.hash);
      });
      link.addEventListener("keydown", function (event) {
        var next = { ArrowRight: i + 1, ArrowLeft: i - 1, Home: 0, End: links.length - 1 }[event.key];
        if (next === undefined) return;
        event.preventDefault();
        select((next + links.length) % links.length, true);
      });
    });
    var initial = links.findIndex(function (link) { return link.hash === location.hash; });
    select(initial === -1 ? 0 : initial, false);
    root.classList.add("is-enhanced");
  }

  function enhanceMenus() {
    var menus = document.querySelectorAll("details.menu");
    document.addEventListener("click", function (event) {
      menus.forEach(function (menu) { if (menu.open && !menu.contains(event.target)) menu.open = false; });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      menus.forEach(function (menu) {
        if (!menu.open) return;
        menu.open = false;
        menu.querySelector("summary").focus();
      });
    });
  }

  function focusErrors() {
    var summary = document.querySelector(".error-summary");
    if (!summary) return;
    summary.tabIndex = -1;
    summary.focus();
  }

  function confirmForms() {
    document.addEventListener("submit", function (event) {
      var message = event.target.getAttribute("data-confirm");
      if (message && !window.confirm(message)) event.preventDefault();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-tabs]").forEach(enhanceTabs);
    enhanceMenus();
    focusErrors();
    confirmForms();
  });
})();
