/* Progressive enhancement: offer only the year groups the chosen questionnaire is written
   for. Without JavaScript every year group is listed and the server checks the choice. */
(function () {
  var survey = document.getElementById("survey_id");
  var year = document.getElementById("year_group");
  if (!survey || !year) { return; }
  function narrow() {
    var chosen = survey.options[survey.selectedIndex];
    var allowed = chosen ? (chosen.getAttribute("data-year-groups") || "").split(" ") : [];
    var firstAllowed = null;
    for (var i = 0; i < year.options.length; i++) {
      var option = year.options[i];
      var ok = allowed.indexOf(option.value) !== -1;
      option.hidden = !ok;
      option.disabled = !ok;
      if (ok && firstAllowed === null) { firstAllowed = option; }
    }
    if (year.selectedOptions.length && year.selectedOptions[0].disabled && firstAllowed) {
      firstAllowed.selected = true;
    }
  }
  survey.addEventListener("change", narrow);
  narrow();
})();
