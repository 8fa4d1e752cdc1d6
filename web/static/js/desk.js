/* Small progressive enhancements; every page works without this file.
 *
 * - [data-tabs]: in-page section links become accessible tabs (arrow keys, Home/End, #hash).
 * - details.menu: closes on Escape and on a click elsewhere.
 * - .error-summary: receives focus, so keyboard and screen-reader users land on the problem.
 * - form[data-confirm]: asks before a consequential action (phase 2: suspend, withdraw, …).
 * - form[data-autosubmit]: a filter bar applies a changed select at once (its button stays for
 *   keyboard users and for when this file is missing).
 * - select[data-canned-for]: picking a canned reply fills the message box with its text (already in
 *   the customer's language); a non-empty message box is then sent instead of the choice.
 * - form[data-reply]: the form takes the colour and the button the words of the chosen audience.
 * - [data-refresh="<id>"]: changing this field reloads the element #<id> from the same page with
 *   the new value in the query string (a GET: e.g. the chosen customer's invoices).
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

  function autosubmitFilters() {
    document.querySelectorAll("form[data-autosubmit]").forEach(function (form) {
      form.addEventListener("change", function (event) {
        if (event.target.tagName === "SELECT") form.requestSubmit();
      });
    });
  }

  function cannedReplies() {
    document.querySelectorAll("select[data-canned-for]").forEach(function (select) {
      var box = document.getElementById(select.getAttribute("data-canned-for"));
      if (!box) return;
      var filled = "";
      select.addEventListener("change", function () {
        var option = select.options[select.selectedIndex];
        var text = option.getAttribute("data-body");
        if (text === null) return;
        var typed = box.value.trim() && box.value !== filled;
        if (typed && !window.confirm(select.getAttribute("data-replace-question"))) return;
        box.value = filled = text;
        box.focus();
      });
      select.form.addEventListener("submit", function () {
        // The box holds what will be sent (maybe edited): the choice itself is not sent too.
        if (box.value.trim()) select.disabled = true;
      });
    });
  }

  function replyAudience() {
    document.querySelectorAll("form[data-reply]").forEach(function (form) {
      var button = form.querySelector("button[type=submit]");
      function update() {
        var checked = form.querySelector("input[type=radio]:checked");
        var value = checked ? checked.value : "";
        form.setAttribute("data-visibility", value);
        var label = button && button.getAttribute("data-label-" + value);
        if (label) button.textContent = label;
      }
      form.addEventListener("change", update);
      update();
    });
  }

  function refreshFragments() {
    document.addEventListener("change", function (event) {
      var field = event.target.closest ? event.target.closest("[data-refresh]") : null;
      if (!field) return;
      var target = document.getElementById(field.getAttribute("data-refresh"));
      if (!target) return;
      var url = new URL(window.location.href);
      url.searchParams.set(field.name, field.value);
      target.setAttribute("aria-busy", "true");
      fetch(url.toString(), { credentials: "same-origin" })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          var fresh = new DOMParser().parseFromString(html, "text/html").getElementById(target.id);
          if (fresh) target.replaceWith(fresh);
          history.replaceState(null, "", url.toString());
        })
        .catch(function () { target.removeAttribute("aria-busy"); });
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-tabs]").forEach(enhanceTabs);
    enhanceMenus();
    focusErrors();
    confirmForms();
    autosubmitFilters();
    cannedReplies();
    replyAudience();
    refreshFragments();
  });
})();
