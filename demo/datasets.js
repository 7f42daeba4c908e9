/* global document, window, fetch */
// Both demo pages offer the served data sets in a <select>: the demo data in the repository
// (demo/data) and, when ../shared/data is beside the checkout, its full series. The list comes
// from the server (scripts/serve.mjs, /data/index.json); names go in as text, never as HTML.
// Each option's value is the data set's URL.
window.DEMO_DATA = '/demo/data/';

/** The served data sets, `{ name, url, group }` each; only the demo data if the list cannot be read. */
window.loadDatasets = function () {
  return fetch('/data/index.json')
    .then((r) => (r.ok ? r.json() : Promise.reject(new Error(`HTTP ${r.status}`))))
    .then((index) => index.datasets)
    .catch(() => []);
};

const GROUPS = {
  demo: 'Demo data (in the repository)',
  shared: 'Full series (../shared/data)',
};

/** Fills `select` with the data sets in groups, selects `selectedUrl`, and resolves to the list. */
window.fillDatasetPicker = function (select, selectedUrl) {
  return window.loadDatasets().then((datasets) => {
    for (const group of Object.keys(GROUPS)) {
      const members = datasets.filter((d) => d.group === group);
      if (members.length === 0) continue;
      const optgroup = document.createElement('optgroup');
      optgroup.label = GROUPS[group];
      for (const d of members) {
        const option = document.createElement('option');
        option.value = d.url;
        option.textContent = d.name;
        optgroup.append(option);
      }
      select.append(optgroup);
    }
    if (selectedUrl) select.value = selectedUrl;
    return datasets;
  });
};
