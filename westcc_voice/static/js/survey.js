/* WEST voice survey pages: enhancements only; every page works without this file.
 *
 * - show_if: each conditional question carries its parsed condition as JSON
 *   (data-show-if), the same tree the server evaluates (definitions/expressions.py).
 *   Hidden questions are disabled so nothing of them is posted; a question that
 *   appears is added to the form's "seen" list and announced, and so is an option
 *   with its own condition once offered ("homework_help:tutor"). Without this file the
 *   server finds what an answer on the page revealed and shows the page again.
 * - Back/forward cache: a page restored from memory is reloaded, so the server
 *   decides what it shows (after a submit: the start, never the last child's answers).
 * - Class tablets: the thanks page goes back to the start after a countdown that a
 *   person can pause.
 * - A class tablet left alone (templates/collect/_idle_check.html): after data-seconds
 *   without a touch or key it asks "Are you still there?"; after data-warning more it
 *   clears the pupil's answers unsent (posting /survey/idle, or in the tablet document
 *   going back to its start) so the next pupil sees nothing.
 * - Menus (<details class="menu">) close with Escape, focus going back to their button.
 * - Text boxes with a maxlength show how many characters are left (the words come from
 *   the page, data-count-one and data-count-many); the count is announced politely
 *   (aria-live) only when near the limit, so typing is not talked over.
 * - Rankings: up and down buttons beside each option's place (setupRanking).
 * - The answer code's copy button (templates/collect/_receipt.html) appears where the
 *   browser can copy, and says "Code copied" in a polite live region.
 * - window.westccSurvey gives tablet.js the same evaluator and answer reader.
 */
(function () {
  "use strict";

  var PREFER_NOT_TO_SAY = "prefer_not_to_say";

  function answered(value) {
    if (value === undefined || value === null || value === "" || value === PREFER_NOT_TO_SAY) {
      return false;
    }
    if (Array.isArray(value)) { return value.length > 0; }
    if (typeof value === "object") { return Object.keys(value).length > 0; }
    return true;
  }

  var MISSING = {};

  /* A question's answer, or one grid item's: "learning.enjoy" reads item "enjoy" of the
     grid "learning" (expressions.lookup on the server). */
  function lookup(answers, ref) {
    if (Object.prototype.hasOwnProperty.call(answers, ref) || ref.indexOf(".") < 0) {
      return answers[ref];
    }
    var dot = ref.indexOf(".");
    var grid = answers[ref.slice(0, dot)];
    return grid && typeof grid === "object" && !Array.isArray(grid) ? grid[ref.slice(dot + 1)] : undefined;
  }

  function valueOf(node, answers) {
    var kind = node[0];
    if (kind === "lit") { return node[1]; }
    if (kind === "list") { return node[1].slice(); }
    if (kind === "ref") {
      var v = lookup(answers, node[1]);
      return answered(v) ? v : MISSING;
    }
    return evaluate(node, answers);
  }

  function same(a, b) {
    if (Array.isArray(a) || Array.isArray(b)) { return JSON.stringify(a) === JSON.stringify(b); }
    return a === b;
  }

  function evaluate(tree, answers) {
    var kind = tree[0], i;
    if (kind === "or") {
      for (i = 1; i < tree.length; i++) { if (evaluate(tree[i], answers)) { return true; } }
      return false;
    }
    if (kind === "and") {
      for (i = 1; i < tree.length; i++) { if (!evaluate(tree[i], answers)) { return false; } }
      return true;
    }
    if (kind === "not") { return !evaluate(tree[1], answers); }
    if (kind === "answered") { return answered(lookup(answers, tree[1])); }
    if (kind === "lit") { return Boolean(tree[1]); }
    if (kind === "cmp") {
      var op = tree[1];
      var left = valueOf(tree[2], answers), right = valueOf(tree[3], answers);
      if (left === MISSING || right === MISSING) { return false; }
      if (op === "==") { return same(left, right); }
      if (op === "!=") { return !same(left, right); }
      if (op === "in" || op === "not in") {
        var found = Array.isArray(right) ? right.some(function (r) { return same(left, r); }) : false;
        return op === "in" ? found : !found;
      }
      if (typeof left !== typeof right) { return false; }
      if (op === "<") { return left < right; }
      if (op === "<=") { return left <= right; }
      if (op === ">") { return left > right; }
      if (op === ">=") { return left >= right; }
    }
    return false;
  }

  /* Read one question's answer from the form, typed as the server stores it. */
  function numberish(kind, raw) {
    if ((kind === "ordinal" || kind === "numeric") && /^-?\d+(\.\d+)?$/.test(raw)) {
      return Number(raw);
    }
    return raw;
  }

  function readAnswer(question) {
    var qid = question.getAttribute("data-qid");
    var type = question.getAttribute("data-type");
    var kind = question.getAttribute("data-kind");
    var name = "a-" + qid;
    var inputs = question.querySelectorAll("input, textarea, select");
    if (type === "multiple_choice") {
      var chosen = [];
      inputs.forEach(function (el) { if (el.name === name && el.checked) { chosen.push(el.value); } });
      return chosen.indexOf(PREFER_NOT_TO_SAY) >= 0 ? PREFER_NOT_TO_SAY : chosen;
    }
    if (type === "ranking") {
      var pntsBox = question.querySelector('input[name="' + name + '-pnts"]');
      if (pntsBox && pntsBox.checked) { return PREFER_NOT_TO_SAY; }
      var placed = [];
      question.querySelectorAll("select.rank-place").forEach(function (el) {
        if (el.value !== "") { placed.push([Number(el.value), el.name.slice(name.length + 1)]); }
      });
      placed.sort(function (a, b) { return a[0] - b[0]; });
      return placed.map(function (p) { return p[1]; });
    }
    if (type === "grid") {
      var grid = {};
      inputs.forEach(function (el) {
        if (el.checked && el.name.indexOf(name + "-") === 0) {
          grid[el.name.slice(name.length + 1)] = numberish("ordinal", el.value);
        }
      });
      return grid;
    }
    var value = "";
    inputs.forEach(function (el) {
      if (el.name !== name) { return; }
      if (el.type === "radio" || el.type === "checkbox") {
        if (el.checked) { value = el.value; }
      } else {
        value = el.value.trim();
      }
    });
    var pnts = question.querySelector('input[name="' + name + '-pnts"]');
    if (pnts && pnts.checked) { return PREFER_NOT_TO_SAY; }
    return numberish(kind, value);
  }

  function setupConditions(form) {
    var questions = Array.prototype.slice.call(form.querySelectorAll(".question[data-qid]"));
    var conditional = questions.filter(function (q) {
      return q.hasAttribute("data-show-if") || q.querySelector(".option[data-show-if]");
    });
    if (!conditional.length) { return; }
    var earlier = {};
    try { earlier = JSON.parse(form.getAttribute("data-earlier-answers") || "{}"); } catch (e) { earlier = {}; }
    var live = document.getElementById("live-region");

    function markSeen(qid) {
      var exists = Array.prototype.some.call(form.querySelectorAll('input[name="seen"]'),
        function (el) { return el.value === qid; });
      if (!exists) {
        var seen = document.createElement("input");
        seen.type = "hidden"; seen.name = "seen"; seen.value = qid;
        form.appendChild(seen);
      }
    }

    /* Options with their own condition: offered only when it holds; one hidden is
       unchosen and disabled, so it is never sent (the server refuses it too). */
    function showOptions(question, answers, offeredNow) {
      question.querySelectorAll(".option[data-show-if]").forEach(function (option) {
        var offered = true;
        try { offered = evaluate(JSON.parse(option.getAttribute("data-show-if")), answers); } catch (e) { offered = true; }
        if (offered && option.hidden) { offeredNow.push(option); }
        option.hidden = !offered;
        if (offered) {
          var input = option.querySelector("input");
          if (input) { markSeen(question.getAttribute("data-qid") + ":" + input.value); }
        }
        option.querySelectorAll("input").forEach(function (el) {
          el.disabled = !offered;
          if (!offered) { el.checked = false; }
        });
      });
    }

    function update(announce) {
      var answers = Object.assign({}, earlier);
      var appeared = [];
      var offeredNow = [];
      questions.forEach(function (question) {
        var qid = question.getAttribute("data-qid");
        var treeText = question.getAttribute("data-show-if");
        var shown = true;
        if (treeText) {
          try { shown = evaluate(JSON.parse(treeText), answers); } catch (e) { shown = true; }
        }
        var wasHidden = question.hidden;
        question.hidden = !shown;
        question.querySelectorAll("input, textarea, select").forEach(function (el) { el.disabled = !shown; });
        if (shown) { showOptions(question, answers, wasHidden ? [] : offeredNow); }
        if (shown) {
          answers[qid] = readAnswer(question);
          if (treeText) { markSeen(qid); }
          if (wasHidden) { appeared.push(question); }
        }
      });
      /* A new question is announced; so is a new answer in a question already shown. */
      var said = appeared.length ? form.getAttribute("data-appeared-text")
        : offeredNow.length ? form.getAttribute("data-option-appeared-text") : "";
      if (announce && said && live) {
        live.textContent = "";
        window.setTimeout(function () { live.textContent = said; }, 50);
      }
    }

    update(false);
    form.addEventListener("change", function () { update(true); });
    form.addEventListener("input", function () { update(true); });
  }

  function focusTarget() {
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); return; }
    var form = document.getElementById("survey-form");
    var target = form && form.getAttribute("data-focus");
    var el = target && document.getElementById(target);
    if (el) {
      var first = el.querySelector("input, textarea");
      el.scrollIntoView({ block: "center" });
      if (first) { first.focus({ preventScroll: true }); }
    }
  }

  /* The countdown of one "next pupil" box; the tablet document starts its own later. */
  function startCountdown(box) {
    var url = box.getAttribute("data-return-url");
    var left = parseInt(box.getAttribute("data-seconds"), 10) || 15;
    var line = box.querySelector(".countdown");
    var number = box.querySelector(".seconds");
    var pause = box.querySelector(".pause");
    var timer = null;
    if (line) { line.hidden = false; }
    function tick() {
      left -= 1;
      if (number) { number.textContent = String(Math.max(left, 0)); }
      if (left <= 0) { window.clearInterval(timer); window.location.replace(url); }
    }
    timer = window.setInterval(tick, 1000);
    if (pause) {
      pause.addEventListener("click", function () {
        window.clearInterval(timer);
        if (line) { line.hidden = true; }
      });
    }
  }

  /* An answer such as "None of these" (data-exclusive) clears the others, and choosing
     another clears it, so a child never sends a contradiction. The server checks too. */
  function setupExclusive(form) {
    form.addEventListener("change", function (event) {
      var box = event.target;
      if (box.type !== "checkbox" || !box.checked) { return; }
      var set = box.closest("fieldset");
      var alone = box.closest("[data-exclusive]") !== null;
      if (!set || !set.querySelector("[data-exclusive]")) { return; }
      set.querySelectorAll("input[type=checkbox]").forEach(function (other) {
        if (other === box || !other.checked) { return; }
        var otherAlone = other.closest("[data-exclusive]") !== null;
        if (alone || otherAlone) { other.checked = false; }
      });
    });
  }

  /* Rankings without dragging: the buttons move an option up or down and every option
     takes the place it now shows (up to data-most); choosing a place moves the option
     there, and one already in that place takes the old place. Each move is announced. */
  function setupRanking(list) {
    var live = document.getElementById("live-region");
    var most = Number(list.getAttribute("data-most")) || 0;
    function items() { return Array.prototype.slice.call(list.querySelectorAll(".rank-item")); }
    function select(item) { return item.querySelector("select.rank-place"); }
    function word(item) { return item.querySelector(".option-word").textContent.trim(); }
    function announce(item) {
      if (!live) { return; }
      var place = select(item).value;
      live.textContent = "";
      window.setTimeout(function () {
        live.textContent = place ? list.getAttribute("data-moved-words")
          .replace("{answer}", word(item)).replace("{place}", place) : "";
      }, 50);
    }
    function changed(item) {
      // "input", not "change": conditions follow it, and the place handler below does not
      select(item).dispatchEvent(new Event("input", { bubbles: true }));
      announce(item);
    }
    function sortByPlace() {
      var all = items();
      all.map(function (item, index) {
        var place = Number(select(item).value) || all.length + 1 + index;
        return [place, index, item];
      }).sort(function (a, b) { return a[0] - b[0] || a[1] - b[1]; })
        .forEach(function (entry) { list.appendChild(entry[2]); });
    }
    list.querySelectorAll(".rank-move").forEach(function (m) { m.hidden = false; });
    list.addEventListener("click", function (event) {
      var button = event.target.closest("button");
      if (!button || !list.contains(button)) { return; }
      var item = button.closest(".rank-item");
      var all = items(), i = all.indexOf(item);
      var j = button.classList.contains("rank-up") ? i - 1 : i + 1;
      if (j < 0 || j >= all.length) { return; }
      if (j < i) { list.insertBefore(item, all[j]); } else { list.insertBefore(all[j], item); }
      items().forEach(function (each, k) {
        select(each).value = k < most ? String(k + 1) : "";
        select(each).setAttribute("data-place", select(each).value);
      });
      button.focus();
      changed(item);
    });
    list.addEventListener("change", function (event) {
      var box = event.target;
      if (!box.classList || !box.classList.contains("rank-place")) { return; }
      var item = box.closest(".rank-item");
      var old = box.getAttribute("data-place") || "";
      items().forEach(function (other) {
        if (other !== item && box.value !== "" && select(other).value === box.value) {
          select(other).value = old;
          select(other).setAttribute("data-place", old);
        }
      });
      box.setAttribute("data-place", box.value);
      sortByPlace();
      box.focus();
      announce(item);
    });
    items().forEach(function (item) { select(item).setAttribute("data-place", select(item).value); });
  }

  function setupIdle(dialog) {
    var seconds = Number(dialog.getAttribute("data-seconds"));
    var warning = Number(dialog.getAttribute("data-warning"));
    var inDocument = document.getElementById("tablet");
    var timer = null, ticker = null, left = 0;
    function holdsAnswers() {
      // the tablet document holds answers only on its pages, stop and help screens
      return !inDocument || Boolean(document.querySelector(
        ".t-page:not([hidden]), #t-stop:not([hidden]), #t-help:not([hidden])"));
    }
    function arm() {
      window.clearTimeout(timer);
      timer = window.setTimeout(ask, seconds * 1000);
    }
    function clearTablet() {
      if (inDocument) {
        document.getElementById("survey-form").reset();
        window.location.replace(dialog.getAttribute("data-return-url"));
      } else {
        document.getElementById("idle-form").submit();
      }
    }
    function ask() {
      if (!holdsAnswers()) { arm(); return; }
      left = warning;
      dialog.querySelector(".idle-left").textContent = String(left);
      dialog.showModal();
      ticker = window.setInterval(function () {
        left -= 1;
        dialog.querySelector(".idle-left").textContent = String(Math.max(left, 0));
        if (left <= 0) { window.clearInterval(ticker); clearTablet(); }
      }, 1000);
    }
    function stay() {
      window.clearInterval(ticker);
      if (dialog.open) { dialog.close(); }
      arm();
    }
    dialog.querySelector("[data-idle='stay']").addEventListener("click", stay);
    dialog.addEventListener("cancel", function (event) { event.preventDefault(); stay(); });
    ["pointerdown", "keydown", "input", "scroll"].forEach(function (name) {
      document.addEventListener(name, function () { if (!dialog.open) { arm(); } },
                                { capture: true, passive: true });
    });
    arm();
  }

  function closeMenusOnEscape() {
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") { return; }
      var open = document.querySelectorAll("details.menu[open]");
      Array.prototype.forEach.call(open, function (menu) {
        var focusInside = menu.contains(document.activeElement);
        menu.open = false;
        if (focusInside) { menu.querySelector("summary").focus(); }
      });
    });
  }

  var NEAR_LIMIT = 20;  // characters left from which the count is announced

  function setupCounter(field) {
    var max = parseInt(field.getAttribute("maxlength"), 10);
    if (!(max > 0)) { return; }
    var counter = document.createElement("p");
    counter.className = "char-count";
    counter.id = field.id + "-count";
    field.insertAdjacentElement("afterend", counter);
    function update() {
      var left = Math.max(0, max - field.value.length);
      var words = left === 1 ? field.getAttribute("data-count-one")
                             : field.getAttribute("data-count-many");
      counter.textContent = words.replace("{count}", String(left));
      var near = left <= NEAR_LIMIT;
      counter.classList.toggle("near-limit", near);
      if (near) { counter.setAttribute("aria-live", "polite"); }
      else { counter.removeAttribute("aria-live"); }
    }
    field.addEventListener("input", update);
    update();
  }

  function setupCopy(button) {
    var receipt = button.closest(".receipt");
    var status = receipt.querySelector(".copy-status");
    var code = receipt.querySelector(".receipt-code");
    if (!navigator.clipboard || !window.isSecureContext) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      status.textContent = "";
      navigator.clipboard.writeText(code.textContent.trim()).then(function () {
        status.textContent = status.getAttribute("data-copied");
      }, function () {
        status.textContent = status.getAttribute("data-not-copied");
      });
    });
  }

  window.addEventListener("pageshow", function (event) {
    if (event.persisted) { window.location.reload(); }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("survey-form");
    if (form) {
      setupConditions(form);
      setupExclusive(form);
      form.querySelectorAll(".rank-list").forEach(setupRanking);
    }
    focusTarget();
    closeMenusOnEscape();
    Array.prototype.forEach.call(
      document.querySelectorAll("textarea[maxlength][data-count-many], input[maxlength][data-count-many]"),
      setupCounter);
    Array.prototype.forEach.call(document.querySelectorAll(".copy-code"), setupCopy);
    var box = document.querySelector(".next-pupil[data-return-url]:not([data-later])");
    if (box) { startCountdown(box); }
    var idle = document.getElementById("idle-check");
    if (idle && idle.showModal) { setupIdle(idle); }
  });

  window.westccSurvey = { evaluate: evaluate, readAnswer: readAnswer, startCountdown: startCountdown };
})();
