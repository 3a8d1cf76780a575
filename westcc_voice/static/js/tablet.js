/* WEST voice tablet document: a class session's whole survey, paged in the browser.
 *
 * The server rendered every page with the same question templates as the ordinary
 * pages (templates/collect/tablet.html). survey.js shows and hides show_if questions
 * across the whole document with the evaluator the ordinary pages use, in question
 * order, so a hidden question is never answered, as intake requires. This file pages
 * through it: Next checks the page against the limits the server wrote on each question
 * (data-check: numbers, lengths, number of choices, required), Back and Skip work like
 * the ordinary pages, and "Send my answers" puts the answers in the queue (offline.js)
 * under a fresh submission UUID and tries to send them at once.
 *
 * Each pupil gets a freshly loaded document ("Next pupil" and the countdown load the
 * start again), and the form is cleared as soon as the answers are queued, so the next
 * pupil never sees them. No answer is kept anywhere but the queue.
 */
(function () {
  "use strict";

  var PREFER_NOT_TO_SAY = "prefer_not_to_say";
  var SEND_WAIT_MS = 4000;
  var root, form, survey, queue, code, submissionId = null, current = null, done = false;
  var titleEnd = "";

  function uuid() {
    var b = new Uint8Array(16);
    window.crypto.getRandomValues(b);
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  function empty(value) {
    return value === undefined || value === null || value === "" ||
      (Array.isArray(value) && value.length === 0) ||
      (typeof value === "object" && !Array.isArray(value) && Object.keys(value).length === 0);
  }

  /* --- screens ----------------------------------------------------------------------- */

  function screens() { return root.querySelectorAll(".t-screen"); }
  function pages() { return Array.prototype.slice.call(root.querySelectorAll(".t-page")); }
  function questionsIn(node) { return Array.prototype.slice.call(node.querySelectorAll(".question[data-qid]")); }
  function shownPages() {
    return pages().filter(function (page) {
      return questionsIn(page).some(function (q) { return !q.hidden; });
    });
  }

  function show(screen, remember) {
    screens().forEach(function (s) { s.hidden = s !== screen; });
    form.hidden = !screen.classList.contains("t-page");
    current = screen;
    if (screen.classList.contains("t-page")) { updateNav(); }
    var heading = Array.prototype.filter.call(screen.querySelectorAll("h1"), function (h) {
      return !h.closest("[hidden]");
    })[0];
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
      document.title = heading.textContent.trim() + titleEnd;
    }
    window.scrollTo(0, 0);
    if (remember) { window.history.pushState({ screen: screen.id }, ""); }
  }

  function updateNav() {
    if (!current || !current.classList.contains("t-page")) { return; }
    var visible = shownPages();
    var index = visible.indexOf(current);
    var isLast = index === visible.length - 1;
    current.querySelector("[data-go='send']").hidden = !isLast;
    current.querySelector("[data-go='next']").hidden = isLast;
    current.querySelector("[data-go='back']").hidden = index <= 0;
    current.querySelectorAll("[data-go='skip']").forEach(function (button) {
      button.hidden = button.hasAttribute("data-last") !== isLast;
    });
    var words = root.getAttribute("data-progress").replace("{n}", String(index + 1))
      .replace("{total}", String(visible.length));
    current.querySelector(".progress-text").textContent = words;
    var bar = current.querySelector("progress");
    bar.max = visible.length;
    bar.value = index + 1;
    bar.textContent = (index + 1) + " / " + visible.length;
  }

  function neighbour(step) {
    var visible = shownPages();
    var all = pages();
    var here = all.indexOf(current);
    var candidates = visible.filter(function (p) {
      return step > 0 ? all.indexOf(p) > here : all.indexOf(p) < here;
    });
    if (!candidates.length) { return null; }
    return step > 0 ? candidates[0] : candidates[candidates.length - 1];
  }

  /* --- answers and their limits ------------------------------------------------------ */

  function answerOf(question) {
    if (question.hidden || question.getAttribute("data-type") === "statement") { return undefined; }
    var value = survey.readAnswer(question);
    return empty(value) ? undefined : value;
  }

  function problem(question) {
    var value = answerOf(question);
    var check = {};
    try { check = JSON.parse(question.getAttribute("data-check") || "{}"); } catch (e) { check = {}; }
    if (value === undefined) {
      return check.required && !question.hidden ? root.getAttribute("data-required-words") : null;
    }
    if (value === PREFER_NOT_TO_SAY) { return null; }
    var bad = false;
    if (check.number) {
      bad = typeof value !== "number" || !isFinite(value) || (check.integer && !Number.isInteger(value)) ||
        (check.min !== undefined && value < check.min) || (check.max !== undefined && value > check.max);
    }
    if (check.max_length !== undefined) {
      bad = bad || typeof value !== "string" || Array.from(value).length > check.max_length;
    }
    if (check.pattern !== undefined && typeof value === "string") {
      try { bad = bad || !new RegExp("^(?:" + check.pattern + ")$", "u").test(value); } catch (e) { bad = true; }
    }
    if (check.date_min !== undefined) {
      bad = bad || typeof value !== "string" || !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(value) ||
        value < check.date_min || value > check.date_max;
    }
    if (check.max_choices !== undefined) {
      bad = bad || (Array.isArray(value) && value.length > check.max_choices);
    }
    if (check.min_choices !== undefined) {
      bad = bad || (Array.isArray(value) && value.length < check.min_choices);
    }
    if (check.exclusive !== undefined && Array.isArray(value) && value.length > 1) {
      bad = bad || value.some(function (v) { return check.exclusive.indexOf(v) !== -1; });
    }
    return bad ? question.getAttribute("data-error-words") : null;
  }

  /* Every shown, valid answer, in question order: what intake will be given. */
  function answers() {
    var out = {};
    questionsIn(form).forEach(function (question) {
      var value = answerOf(question);
      var check = question.getAttribute("data-check");
      if (value !== undefined && !(check && problem(question))) {
        out[question.getAttribute("data-qid")] = value;
      }
    });
    return out;
  }

  function clearErrors(page) {
    var summary = page.querySelector(".error-summary");
    summary.hidden = true;
    summary.textContent = "";
    page.querySelectorAll(".t-error").forEach(function (p) { p.remove(); });
    questionsIn(page).forEach(function (q) {
      q.classList.remove("has-error");
      q.querySelectorAll("[aria-invalid]").forEach(function (el) { el.removeAttribute("aria-invalid"); });
    });
  }

  function showErrors(page, found) {
    var summary = page.querySelector(".error-summary");
    var title = document.createElement("h2");
    title.textContent = root.getAttribute("data-check-title");
    var list = document.createElement("ul");
    found.forEach(function (f) {
      var qid = f.question.getAttribute("data-qid");
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = "#q-" + qid;
      link.textContent = f.words;
      item.appendChild(link);
      list.appendChild(item);
      var note = document.createElement("p");
      note.className = "error t-error";
      note.id = "q-" + qid + "-error";
      var prefix = document.createElement("span");
      prefix.className = "visually-hidden";
      prefix.textContent = root.getAttribute("data-error-prefix") + ": ";
      note.appendChild(prefix);
      note.appendChild(document.createTextNode(f.words));
      var anchor = f.question.querySelector(".q-help") || f.question.querySelector(".q-text");
      anchor.parentNode.insertBefore(note, anchor.nextSibling);
      f.question.classList.add("has-error");
      f.question.querySelectorAll("input, textarea").forEach(function (el) {
        el.setAttribute("aria-invalid", "true");
      });
    });
    summary.appendChild(title);
    summary.appendChild(list);
    summary.hidden = false;
    summary.focus();
  }

  function pageIsFine(page) {
    clearErrors(page);
    var found = questionsIn(page).map(function (q) { return { question: q, words: problem(q) }; })
      .filter(function (f) { return f.words; });
    if (found.length) { showErrors(page, found); }
    return !found.length;
  }

  /* --- the end: queue, try to send, thanks ------------------------------------------- */

  /* The questionnaire's help_if and low_if rules, evaluated as the server does
   * (collect/wellbeing.py, needs_extra_help). */
  function isLow(given) {
    var rules = JSON.parse(root.getAttribute("data-help-rules"));
    if (rules.help.some(function (tree) { return survey.evaluate(tree, given); })) { return true; }
    var answered = rules.low.filter(function (pair) { return survey.evaluate(["answered", pair[0]], given); });
    var lowCount = answered.filter(function (pair) { return survey.evaluate(pair[1], given); }).length;
    return lowCount >= rules.min_low || (lowCount >= 1 && lowCount === answered.length);
  }

  function trySending(body) {
    var timeout = new Promise(function (resolve) { window.setTimeout(function () { resolve({}); }, SEND_WAIT_MS); });
    var attempt = queue.sendOne({ submission_id: body.submission_id, body: body })
      .catch(function () { return {}; });
    return Promise.race([attempt, timeout]);
  }

  function thank(low, outcome) {
    var thanks = document.getElementById("t-thanks");
    thanks.querySelector(".t-low").hidden = !low;
    thanks.querySelectorAll(".t-not-low").forEach(function (el) { el.hidden = low; });
    thanks.querySelector(".t-sent").hidden = !outcome.receipt;
    thanks.querySelector(".t-kept").hidden = Boolean(outcome.receipt || outcome.refused);
    var receipt = thanks.querySelector(".t-receipt");
    receipt.hidden = !outcome.receipt;
    if (outcome.receipt) { receipt.querySelector(".receipt-code").textContent = outcome.receipt; }
    var box = thanks.querySelector(".next-pupil");
    box.setAttribute("data-seconds", root.getAttribute(low ? "data-help-seconds" : "data-seconds"));
    show(thanks, true);
    survey.startCountdown(box);
    queue.showStatus();
  }

  function finish(finished) {
    done = true;
    var given = answers();
    // answered_at lets the service take answers finished before the class session closed,
    // however long the tablet waits for a network; it is never stored.
    var body = { submission_id: submissionId, session: code,
                 language: root.getAttribute("data-language"), answers: given, finished: finished,
                 answered_at: new Date().toISOString() };
    var low = isLow(given);
    form.reset();
    root.querySelectorAll(".t-error").forEach(function (p) { p.remove(); });
    queue.add(body).then(function () { return trySending(body); }, function () { return {}; })
      .then(function (outcome) { thank(low, outcome); });
  }

  function leave(screenId) {
    done = true;
    form.reset();
    var screen = document.getElementById(screenId);
    show(screen, true);
    survey.startCountdown(screen.querySelector(".next-pupil"));
    queue.showStatus();
  }

  /* --- buttons ----------------------------------------------------------------------- */

  function go(action) {
    var helpScreen = document.getElementById("t-help");
    if (action === "help") {
      document.querySelectorAll("details.menu[open]").forEach(function (d) { d.open = false; });
      if (current !== helpScreen) { helpScreen.setAttribute("data-from", current.id); }
      show(helpScreen, true);
      return;
    }
    if (action === "help-back") {
      show(document.getElementById(helpScreen.getAttribute("data-from")), true);
      return;
    }
    if (done) { return; }
    var target;
    if (action === "start") {
      submissionId = submissionId || uuid();
      show(shownPages()[0], true);
    } else if (action === "decline") {
      leave("t-declined");
    } else if (action === "next" || action === "send") {
      if (!pageIsFine(current)) { return; }
      target = neighbour(1);
      if (target) { show(target, true); } else { finish(true); }
    } else if (action === "back") {
      target = neighbour(-1);
      if (target) { show(target, true); }
    } else if (action === "skip") {
      clearErrors(current);
      current.querySelectorAll("input, textarea").forEach(function (el) {
        if (el.type === "radio" || el.type === "checkbox") { el.checked = false; } else if (el.type !== "hidden") { el.value = ""; }
      });
      form.dispatchEvent(new Event("change"));
      target = neighbour(1);
      if (target) { show(target, true); } else { finish(true); }
    } else if (action === "stop") {
      var has = Object.keys(answers()).length > 0;
      var stop = document.getElementById("t-stop");
      stop.querySelectorAll(".stop-has-answers").forEach(function (el) { el.hidden = !has; });
      stop.querySelectorAll(".stop-no-answers").forEach(function (el) { el.hidden = has; });
      stop.setAttribute("data-from", current.id);
      show(stop, true);
    } else if (action === "resume") {
      show(document.getElementById(document.getElementById("t-stop").getAttribute("data-from")), true);
    } else if (action === "send-some") {
      finish(false);
    } else if (action === "discard") {
      leave("t-stopped");
    }
  }

  /* --- arriving from an ordinary page that could not be sent ------------------------- */

  function fill(fields) {
    Object.keys(fields).forEach(function (name) {
      var values = fields[name].map(String);
      form.querySelectorAll("[name='" + name.replace(/'/g, "") + "']").forEach(function (el) {
        if (el.type === "radio" || el.type === "checkbox") { el.checked = values.indexOf(el.value) >= 0; } else { el.value = values[0]; }
      });
    });
    form.dispatchEvent(new Event("change"));
  }

  function arrive() {
    var raw = window.sessionStorage.getItem(queue.carryKey);
    window.sessionStorage.removeItem(queue.carryKey);
    var carried = null;
    try { carried = raw ? JSON.parse(raw) : null; } catch (e) { carried = null; }
    if (!carried || carried.code !== code || (carried.page === null && !carried.stop)) {
      show(document.getElementById("t-start"), false);
      return;
    }
    submissionId = carried.submission_id || uuid();
    fill(carried.fields || {});
    var notice = document.getElementById("t-offline-notice");
    notice.textContent = root.getAttribute("data-offline-words");
    notice.hidden = false;
    var visible = shownPages();
    var target = visible.filter(function (p) {
      return Number(p.getAttribute("data-page")) >= (carried.page || 0);
    })[0] || visible[visible.length - 1];
    show(target, false);
    if (carried.stop) { go("stop"); }
    window.history.replaceState({ screen: current.id }, "");
  }

  document.addEventListener("DOMContentLoaded", function () {
    root = document.getElementById("tablet");
    form = document.getElementById("survey-form");
    survey = window.westccSurvey;
    queue = window.westccQueue;
    if (!root || !survey || !queue) { return; }
    code = root.getAttribute("data-code");
    titleEnd = document.title.slice(document.title.indexOf(" · "));
    root.hidden = false;
    // the header's "More help" is outside the document's root
    document.addEventListener("click", function (event) {
      var button = event.target.closest("[data-go]");
      if (button) { go(button.getAttribute("data-go")); }
    });
    form.addEventListener("change", updateNav);
    form.addEventListener("input", updateNav);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    window.addEventListener("popstate", function (event) {
      var id = event.state && event.state.screen;
      var screen = id && document.getElementById(id);
      if (!done && screen && !["t-thanks", "t-stopped", "t-declined"].includes(id)) { show(screen, false); }
    });
    window.history.replaceState({ screen: "t-start" }, "");
    arrive();
  });
})();
