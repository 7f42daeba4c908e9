/* global document, window, location, URLSearchParams */
// The lab page's script: theme, market picker and the reader's own file. It uses only the lab's
// public API (window.ExitPlanLab.mountLab); file names and data never become HTML.
(function () {
  const WORKER = '/widget/exitplan-lab-worker.js';
  // Daily bars suit a 20-day breakout; the intraday sets get more trades from the same rule.
  const DEFAULT_DATASET = 'spy_daily_1999-2020.csv';
  const params = new URLSearchParams(location.search);
  const themeSelect = document.getElementById('theme');
  const datasetSelect = document.getElementById('dataset');
  const fileInput = document.getElementById('file');
  const host = document.getElementById('lab');
  let lab = null;
  let source = { src: '/data/' + DEFAULT_DATASET };

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
  if (params.get('data')) source = { src: '/data/' + encodeURIComponent(params.get('data')) };

  window.fillDatasetPicker(datasetSelect, params.get('data') || DEFAULT_DATASET);

  datasetSelect.addEventListener('change', () => {
    fileInput.value = '';
    source = { src: '/data/' + encodeURIComponent(datasetSelect.value) };
    mountLab();
  });
  fileInput.addEventListener('change', async () => {
    const file = fileInput.files[0];
    if (!file) return;
    source = { text: await file.text() };
    mountLab();
  });

  mountLab();
})();
