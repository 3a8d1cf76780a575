/* Progressive enhancement: offer only the year groups the chosen questionnaire is written
   for. Without JavaScript every year group is listed and the server checks the choice.
   A year group is never chosen for the teacher: when the chosen one stops fitting, the
   list goes back to "Choose the class's year group". */
(function () {
  var survey = document.getElementById("survey_id");
  var year = document.getElementById("year_group");
  if (!survey || !year) { return; }
  function narrow() {
    var chosen = survey.options[survey.selectedIndex];
    var allowed = chosen ? (chosen.getAttribute("data-year-groups") || "").split(" ") : [];
    var placeholder = null;
    for (var i = 0; i < year.options.length; i++) {
      var option = year.options[i];
      if (option.value === "") { placeholder = option; continue; }
      var ok = allowed.indexOf(option.value) !== -1;
      option.hidden = !ok;
      option.disabled = !ok;
    }
    if (year.selectedOptions.length && year.selectedOptions[0].disabled && placeholder) {
      placeholder.selected = true;
    }
  }
  survey.addEventListener("change", narrow);
  narrow();
})();
