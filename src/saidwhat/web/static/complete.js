// saidwhat: completion of speaker fields. A field with data-complete="LIST" asks /api/complete for the
// speakers whose names begin with what was typed and fills its <datalist>. The page works without it
// (the datalist already holds the most quoted speakers). Text goes in through DOM properties only.
"use strict";
(function () {
  function attach(input) {
    var list = document.getElementById(input.getAttribute("data-complete"));
    var timer = null, asked = "";
    if (!list) { return; }
    input.addEventListener("input", function () {
      var prefix = input.value.trim();
      if (prefix.length < 2 || prefix === asked) { return; }
      clearTimeout(timer);
      timer = setTimeout(function () {
        asked = prefix;
        fetch("/api/complete?prefix=" + encodeURIComponent(prefix.slice(0, 100)), {credentials: "same-origin"})
          .then(function (r) { return r.ok ? r.json() : {speakers: []}; })
          .then(function (data) {
            while (list.firstChild) { list.removeChild(list.firstChild); }
            data.speakers.forEach(function (s) {
              var option = document.createElement("option");
              option.value = s.name;
              option.textContent = s.key;
              list.appendChild(option);
            });
          })
          .catch(function () { /* completion is a convenience: the field still works */ });
      }, 150);
    });
  }
  document.querySelectorAll("input[data-complete]").forEach(attach);
})();
