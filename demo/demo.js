/* global document, window, location, URLSearchParams */
// The demo's own page script: theme switch and "your own data". It uses only the widget's
// public API (window.ExitPlan.mount and <exit-plan> attributes); data never becomes HTML.
(function () {
  const themeSelect = document.getElementById('theme');
  const params = new URLSearchParams(location.search);
  // Declared before the first applyTheme (?theme=dark), which reads them.
  let ownHandle = null;
  let ownSource = null;
  function applyTheme(theme) {
    if (theme === 'auto') document.documentElement.removeAttribute('data-theme');
    else document.documentElement.setAttribute('data-theme', theme);
    for (const el of document.querySelectorAll('exit-plan')) el.setAttribute('theme', theme);
    if (ownHandle) drawOwn();
  }
  themeSelect.addEventListener('change', () => applyTheme(themeSelect.value));
  if (params.get('theme')) {
    themeSelect.value = params.get('theme');
    applyTheme(themeSelect.value);
  }

  const datasetSelect = document.getElementById('own-dataset');
  window.fillDatasetPicker(datasetSelect);

  const value = (id) => document.getElementById(id).value;

  function drawOwn() {
    if (!ownSource) return;
    if (ownHandle) ownHandle.destroy();
    ownHandle = window.ExitPlan.mount(document.getElementById('own-widget'), {
      ...ownSource,
      title: ownSource.name,
      theme: themeSelect.value,
      plan: {
        side: value('own-side'),
        entry: value('own-entry'),
        stop: value('own-stop'),
        ladder: value('own-ladder'),
        trail: value('own-trail'),
      },
    });
  }

  document.getElementById('own').addEventListener('submit', async (e) => {
    e.preventDefault();
    const file = document.getElementById('own-file').files[0];
    if (file) ownSource = { text: await file.text(), name: file.name };
    else if (datasetSelect.value)
      ownSource = {
        src: datasetSelect.value,
        name: datasetSelect.selectedOptions[0]?.textContent ?? datasetSelect.value,
      };
    else ownSource = { text: '', name: 'no file chosen' };
    drawOwn();
  });
})();
