/*
 * Moderation workspace keyboard shortcuts and bulk selection. The pages work without this script
 * (plain forms); this only adds speed:
 *   j / k  next / previous card        a  approve the current card
 *   r      open the reject panel; press again (or Enter in it) to reject with the ticked reasons
 *   1–7    toggle reason 1–7 of the current card      x  select the card for a bulk decision
 *   ?      show the shortcuts                       Esc close the panel or the help
 */
(function () {
  "use strict";

  var STORAGE_KEY = "majlis.workspace.position";
  var cards = Array.prototype.slice.call(document.querySelectorAll("[data-ws-card]"));
  var help = document.getElementById("ws-help");
  var current = -1;

  function isTyping(target) {
    if (!target) return false;
    var tag = target.tagName;
    return tag === "TEXTAREA" || tag === "SELECT" ||
      (tag === "INPUT" && !/^(checkbox|radio|button|submit)$/i.test(target.type)) ||
      target.isContentEditable;
  }

  function select(index, focus) {
    if (!cards.length) return;
    index = Math.max(0, Math.min(cards.length - 1, index));
    if (current >= 0 && cards[current]) {
      cards[current].classList.remove("is-current");
      cards[current].removeAttribute("aria-current");
    }
    current = index;
    var card = cards[current];
    card.classList.add("is-current");
    card.setAttribute("aria-current", "true");
    if (focus !== false) {
      card.focus({ preventScroll: true });
      card.scrollIntoView({ block: "nearest", behavior: "auto" });
    }
  }

  function currentCard() {
    return current >= 0 ? cards[current] : null;
  }

  function rememberPosition() {
    try { window.sessionStorage.setItem(STORAGE_KEY, String(current)); } catch (e) { /* private mode */ }
  }

  function submitForm(form) {
    if (!form) return;
    rememberPosition();
    if (typeof form.requestSubmit === "function") form.requestSubmit(); else form.submit();
  }

  function openReject(card) {
    var panel = card.querySelector("[data-ws-reject]");
    if (!panel) return null;
    if (!panel.open) {
      panel.open = true;
      var first = panel.querySelector("input[type='checkbox']");
      if (first) first.focus();
    }
    return panel;
  }

  function reject(card) {
    var panel = card.querySelector("[data-ws-reject]");
    if (!panel) return;
    if (!panel.open) { openReject(card); return; }
    var form = panel.querySelector("form");
    if (!form.querySelector("input[name='reasons']:checked")) {
      var error = form.querySelector("[data-ws-reason-error]");
      if (error) error.hidden = false;
      var first = form.querySelector("input[name='reasons']");
      if (first) first.focus();
      return;
    }
    submitForm(form);
  }

  function toggleReason(card, number) {
    var boxes = card.querySelectorAll("[data-ws-reject] input[name='reasons']");
    var box = boxes[number - 1];
    if (!box) return;
    openReject(card);
    box.checked = !box.checked;
    box.dispatchEvent(new Event("change", { bubbles: true }));
    box.focus();
  }

  function toggleHelp(show) {
    if (!help || typeof help.showModal !== "function") return;
    if (show === undefined) show = !help.open;
    if (show && !help.open) help.showModal();
    if (!show && help.open) help.close();
  }

  // Bulk selection: keep the counter and the bulk buttons in step with the ticked cards.
  var bulkForm = document.getElementById("ws-bulk-form");
  var bulkCount = document.querySelector("[data-ws-bulk-count]");
  var selectAll = document.querySelector("[data-ws-select-all]");
  function bulkBoxes() {
    return Array.prototype.slice.call(document.querySelectorAll("input[data-ws-bulk-item]"));
  }
  function updateBulk() {
    var checked = bulkBoxes().filter(function (box) { return box.checked; }).length;
    if (bulkCount) bulkCount.textContent = String(checked);
    if (bulkForm) {
      Array.prototype.forEach.call(bulkForm.querySelectorAll("[data-ws-bulk-action]"), function (button) {
        button.disabled = checked === 0;
      });
    }
    if (selectAll) {
      var total = bulkBoxes().length;
      selectAll.checked = total > 0 && checked === total;
      selectAll.indeterminate = checked > 0 && checked < total;
    }
  }
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target === selectAll) {
      bulkBoxes().forEach(function (box) { box.checked = selectAll.checked; });
    }
    if (target === selectAll || (target.hasAttribute && target.hasAttribute("data-ws-bulk-item"))) updateBulk();
    if (target.name === "reasons") {
      var form = target.form;
      var error = form && form.querySelector("[data-ws-reason-error]");
      if (error && form.querySelector("input[name='reasons']:checked")) error.hidden = true;
    }
  });
  if (bulkForm) {
    bulkForm.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      var isReject = submitter && submitter.value === "reject";
      if (isReject && !bulkForm.querySelector("input[name='reasons']:checked")) {
        event.preventDefault();
        var error = bulkForm.querySelector("[data-ws-reason-error]");
        if (error) error.hidden = false;
      }
    });
  }
  updateBulk();

  cards.forEach(function (card, index) {
    card.addEventListener("focusin", function () { if (current !== index) select(index, false); });
    card.addEventListener("click", function () { if (current !== index) select(index, false); });
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === "Escape") {
      if (help && help.open) return; // the dialog closes itself
      var card = currentCard();
      var panel = card && card.querySelector("[data-ws-reject][open]");
      if (panel) { panel.open = false; card.focus(); event.preventDefault(); }
      return;
    }
    var typing = isTyping(event.target);
    // Enter inside the open reject panel's note submits the rejection (Shift+Enter for a new line).
    if (typing) return;
    var key = event.key;
    if (key === "?") { toggleHelp(); event.preventDefault(); return; }
    if (help && help.open) return;
    var cardNow = currentCard();
    switch (key) {
      case "j": select(current + 1); break;
      case "k": select(current < 0 ? 0 : current - 1); break;
      case "a":
        if (cardNow) submitForm(cardNow.querySelector("[data-ws-approve]"));
        break;
      case "r":
        if (cardNow) reject(cardNow);
        break;
      case "x":
        if (cardNow) {
          var box = cardNow.querySelector("input[data-ws-bulk-item]");
          if (box) { box.checked = !box.checked; updateBulk(); }
        }
        break;
      default:
        if (/^[1-7]$/.test(key) && cardNow) toggleReason(cardNow, Number(key));
        else return;
    }
    event.preventDefault();
  });

  // Decision forms remember where the moderator was, so the next card is selected after reload.
  Array.prototype.forEach.call(document.querySelectorAll("[data-ws-approve], [data-ws-reject] form"),
    function (form) { form.addEventListener("submit", rememberPosition); });

  var helpButton = document.querySelector("[data-ws-help-open]");
  if (helpButton) helpButton.addEventListener("click", function () { toggleHelp(true); });
  var helpClose = document.querySelector("[data-ws-help-close]");
  if (helpClose) helpClose.addEventListener("click", function () { toggleHelp(false); });

  var start = 0;
  try {
    var saved = window.sessionStorage.getItem(STORAGE_KEY);
    if (saved !== null) {
      start = Number(saved) || 0;
      window.sessionStorage.removeItem(STORAGE_KEY);
    }
  } catch (e) { /* private mode */ }
  if (cards.length) select(start, false);
})();
