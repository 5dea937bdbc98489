// The five-powers statement page: a live character counter per answer, and htmx showing refusals.
(function () {
  function length(text) {
    // Characters as the server counts them: code points, line breaks as one, outer whitespace trimmed.
    return Array.from(text.replace(/\r\n?/g, "\n").trim()).length;
  }

  function update(textarea) {
    var counter = document.getElementById(textarea.getAttribute("data-counter"));
    if (!counter) return;
    var max = parseInt(textarea.getAttribute("data-max-length"), 10);
    var n = length(textarea.value);
    counter.textContent = "已输入 " + n + " / " + max + " 字" + (n > max ? "（超出 " + (n - max) + " 字）" : "");
    counter.classList.toggle("text-danger", n > max);
    counter.classList.toggle("text-secondary", n <= max);
  }

  document.addEventListener("input", function (event) {
    if (event.target.matches && event.target.matches("textarea[data-max-length]")) update(event.target);
  });
  document.querySelectorAll("textarea[data-max-length]").forEach(update);

  // A refused save (stale edit 409, too long 400) answers with its message: show it where "已保存" would go.
  document.body.addEventListener("htmx:beforeSwap", function (event) {
    var status = event.detail.xhr.status;
    if (status === 400 || status === 409) {
      event.detail.shouldSwap = true;
      event.detail.isError = false;
    }
  });
})();
