/* Svar dashboard: follows the survey's live statistics (Server-Sent Events from
   /manage/surveys/{id}/stream, the same JSON as GET /api/v1/surveys/{id}/statistics) and
   writes them into the response table. The page is complete without this script; it only
   saves the manager the refresh. Numbers are printed as the server prints them: rates as
   percentages with one decimal, a decimal comma in Swedish, "–" plus a hidden "not defined"
   for an undefined rate. */
(function () {
  "use strict";
  var table = document.getElementById("figures");
  if (!table || !window.EventSource) {
    return;
  }
  var url = table.getAttribute("data-live-url");
  if (!url) {
    return;
  }
  var live = document.getElementById("live-status");
  var asOf = document.getElementById("as-of");
  var lang = document.documentElement.lang;
  var notDefined = table.getAttribute("data-not-defined");

  function say(text) {
    if (live) {
      live.textContent = text;
    }
  }

  function percent(share) {
    var text = (share * 100).toFixed(1);
    return lang === "sv" ? text.replace(".", ",") : text;
  }

  function setFigure(cell, text) {
    while (cell.firstChild) {
      cell.removeChild(cell.firstChild);
    }
    if (text === null) {
      var dash = document.createElement("span");
      dash.setAttribute("aria-hidden", "true");
      dash.textContent = "\u2013";
      var words = document.createElement("span");
      words.className = "visually-hidden";
      words.textContent = notDefined;
      cell.appendChild(dash);
      cell.appendChild(words);
    } else {
      cell.textContent = text;
    }
  }

  function update(row, group) {
    var values = {
      sample: String(group.sample),
      I: String(group.counts.I),
      P: String(group.counts.P),
      R: String(group.counts.R),
      NC: String(group.counts.NC),
      RR1: group.rates.RR1 === null ? null : percent(group.rates.RR1),
      RR2: group.rates.RR2 === null ? null : percent(group.rates.RR2),
      target: group.target === null ? null : percent(group.target),
      status: group.status === null ? null : table.getAttribute("data-status-" + group.status)
    };
    var cells = row.querySelectorAll("td[data-field]");
    for (var i = 0; i < cells.length; i += 1) {
      var cell = cells[i];
      var value = values[cell.getAttribute("data-field")];
      if (value === undefined) {
        continue;
      }
      var before = cell.textContent;
      setFigure(cell, value);
      cell.classList.toggle("dash-changed", cell.textContent !== before);
    }
  }

  function rowOf(key) {
    var rows = table.querySelectorAll("tr[data-key]");
    for (var i = 0; i < rows.length; i += 1) {
      if (rows[i].getAttribute("data-key") === key) {
        return rows[i];
      }
    }
    return null;
  }

  function show(statistics) {
    statistics.groups.forEach(function (group) {
      var row = rowOf(group.key);
      if (row) {
        update(row, group);
      }
    });
    var overall = rowOf("__overall");
    if (overall) {
      update(overall, statistics.overall);
    }
    if (asOf) {
      asOf.setAttribute("datetime", statistics.as_of);
      asOf.textContent = statistics.as_of;
    }
    say(table.getAttribute("data-live-updated") + " " + new Date().toLocaleTimeString(lang));
  }

  var source = new EventSource(url);
  source.addEventListener("open", function () {
    say(table.getAttribute("data-live-on"));
  });
  source.addEventListener("statistics", function (event) {
    try {
      show(JSON.parse(event.data));
    } catch (e) {
      // A malformed event is skipped; the next one carries all figures again.
    }
  });
  source.addEventListener("error", function () {
    if (source.readyState === EventSource.CLOSED) {
      say(table.getAttribute("data-live-off"));
    }
  });
})();
