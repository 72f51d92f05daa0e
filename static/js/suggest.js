// Suggestions for a filter's text box (input[data-suggest="/…/suggest.json"]): names offered as one types.
// Without this script the box still works: the server matches the typed name or address.
(function () {
  "use strict";
  document.querySelectorAll("input[data-suggest]").forEach(function (input, index) {
    var list = document.createElement("datalist");
    list.id = "suggest-" + index;
    input.after(list);
    input.setAttribute("list", list.id);
    var timer = null;
    var asked = "";
    input.addEventListener("input", function () {
      clearTimeout(timer);
      var text = input.value.trim();
      if (text.length < 2 || text === asked) { return; }
      timer = setTimeout(function () {
        asked = text;
        fetch(input.dataset.suggest + "?q=" + encodeURIComponent(text), { headers: { Accept: "application/json" } })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) {
            list.replaceChildren.apply(list, data.results.map(function (item) {
              var option = document.createElement("option");
              option.value = item.name;
              if (item.year) { option.label = item.name + " (" + item.year + ")"; }
              return option;
            }));
          })
          .catch(function () { /* no suggestions: the box works as typed */ });
      }, 200);
    });
  });
})();
