/* global document, window, fetch */
// Both demo pages offer the served data sets in a <select>: the names come from the server's
// listing of ../shared/data and go in as text, never as HTML.
window.fillDatasetPicker = function (select, selected) {
  return fetch('/data/index.json')
    .then((r) => r.json())
    .then(({ files }) => {
      for (const f of files) {
        const option = document.createElement('option');
        option.value = f;
        option.textContent = f;
        select.append(option);
      }
      if (selected) select.value = selected;
    })
    .catch(() => undefined);
};
