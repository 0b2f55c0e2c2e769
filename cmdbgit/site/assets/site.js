// cmdbgit site: sortable tables and search. Everything else works without this file.
"use strict";
(function () {
  function sortTable(th) {
    var table = th.closest("table");
    var body = table.tBodies[0];
    var index = Array.prototype.indexOf.call(th.parentNode.children, th);
    var numeric = th.classList.contains("num");
    var ascending = th.getAttribute("aria-sort") !== "ascending";
    Array.prototype.forEach.call(th.parentNode.children, function (other) {
      other.removeAttribute("aria-sort");
    });
    th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    var rows = Array.prototype.slice.call(body.rows);
    rows.sort(function (a, b) {
      var x = a.cells[index] ? a.cells[index].textContent.trim() : "";
      var y = b.cells[index] ? b.cells[index].textContent.trim() : "";
      var order = numeric ? (parseFloat(x) || 0) - (parseFloat(y) || 0) : x.localeCompare(y);
      return ascending ? order : -order;
    });
    rows.forEach(function (row) { body.appendChild(row); });
  }

  var loaded = {};
  var waiting = {};
  window.cmdbgitSearch = {
    shard: function (name, data) {
      loaded[name] = data;
      (waiting[name] || []).forEach(function (done) { done(data); });
      delete waiting[name];
    }
  };

  function shardName(query) {
    var two = (query + "__").slice(0, 2);
    return two.replace(/[^a-z0-9]/g, "_");
  }

  function loadShard(root, name, done) {
    if (loaded[name]) { done(loaded[name]); return; }
    if (waiting[name]) { waiting[name].push(done); return; }
    waiting[name] = [done];
    var script = document.createElement("script");
    script.src = root + "/search/" + name + ".js";
    script.onerror = function () { window.cmdbgitSearch.shard(name, { docs: [], tokens: {} }); };
    document.head.appendChild(script);
  }

  function search(form, input, list) {
    var root = form.getAttribute("data-root") || ".";
    var query = input.value.trim().toLowerCase();
    list.textContent = "";
    if (query.length < 2) { return; }
    loadShard(root, shardName(query), function (data) {
      if (input.value.trim().toLowerCase() !== query) { return; }
      var hits = {};
      var count = 0;
      Object.keys(data.tokens).forEach(function (token) {
        if (token.indexOf(query) !== 0) { return; }
        data.tokens[token].forEach(function (n) {
          if (!hits[n] && count < 20) { hits[n] = true; count += 1; }
        });
      });
      list.textContent = "";
      Object.keys(hits).forEach(function (n) {
        var doc = data.docs[n];
        var item = document.createElement("li");
        var a = document.createElement("a");
        a.href = root + "/" + doc[3];
        a.textContent = doc[0];
        var what = document.createElement("span");
        what.textContent = " " + doc[1] + " · " + doc[2];
        item.appendChild(a);
        item.appendChild(what);
        list.appendChild(item);
      });
      if (!count) {
        var none = document.createElement("li");
        none.textContent = "No document matches.";
        list.appendChild(none);
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("table.sortable th").forEach(function (th) {
      th.tabIndex = 0;
      th.addEventListener("click", function () { sortTable(th); });
      th.addEventListener("keydown", function (e) { if (e.key === "Enter") { sortTable(th); } });
    });
    var form = document.querySelector("form.search");
    if (!form) { return; }
    var input = form.querySelector("input");
    var list = form.querySelector(".results");
    input.disabled = false;
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    input.addEventListener("input", function () { search(form, input, list); });
  });
})();
