/* global document, window, location, URLSearchParams */
// The lab page's script: theme, market picker and the reader's own file. It uses only the lab's
// public API (window.ExitPlanLab.mountLab); file names and data never become HTML.
(function () {
  const WORKER = '/widget/exitplan-lab-worker.js';
  // Daily bars suit a 20-day breakout; the intraday sets get more trades from the same rule.
  // The demo data's SPY (demo/data), so the page runs from a clone of the repository alone.
  const DEFAULT_URL = window.DEMO_DATA + 'spy_daily_2005-2020.csv';
  const params = new URLSearchParams(location.search);
  const themeSelect = document.getElementById('theme');
  const datasetSelect = document.getElementById('dataset');
  const fileInput = document.getElementById('file');
  const host = document.getElementById('lab');
  let lab = null;
  let source = { src: DEFAULT_URL };

  function mountLab() {
    if (lab) lab.destroy();
    lab = window.ExitPlanLab.mountLab(host, {
      ...source,
      workerUrl: WORKER,
      theme: themeSelect.value,
      request: { entries: 'donchian:20', costs: 'bps1,slipbps1', sizing: 'risk1%' },
      autoRun: true,
    });
    window.lab = lab; // for the end-to-end test and the curious reader's console
  }

  function applyTheme(theme) {
    if (theme === 'auto') document.documentElement.removeAttribute('data-theme');
    else document.documentElement.setAttribute('data-theme', theme);
  }
  themeSelect.addEventListener('change', () => {
    applyTheme(themeSelect.value);
    mountLab();
  });
  if (params.get('theme')) {
    themeSelect.value = params.get('theme');
    applyTheme(themeSelect.value);
  }

  datasetSelect.addEventListener('change', () => {
    fileInput.value = '';
    source = { src: datasetSelect.value };
    mountLab();
  });
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files[0];
    if (!file) return;
    source = { text: await file.text() };
    mountLab();
  });

  // ?data=NAME picks a served data set by its file name (the demo data's or a full series').
  const wanted = params.get('data');
  if (!wanted) {
    void window.fillDatasetPicker(datasetSelect, DEFAULT_URL);
    mountLab();
    return;
  }
  void window.fillDatasetPicker(datasetSelect).then((datasets) => {
    const found = datasets.find((d) => d.name === wanted);
    // A name that is not served still goes to the lab, which then says the file was not found.
    source = { src: found ? found.url : '/data/' + encodeURIComponent(wanted) };
    datasetSelect.value = source.src;
    mountLab();
  });
})();
