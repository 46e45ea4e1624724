// Progressive enhancement only: every page works without this script. It follows a running batch
// (polling its JSON status) and lets files be dropped on the upload field.
(function () {
  'use strict';
  const poll = document.querySelector('[data-batch-poll]');
  if (poll) {
    const url = poll.getAttribute('data-batch-poll');
    const bar = poll.querySelector('progress');
    const percent = poll.querySelector('[data-batch-percent]');
    const tick = function () {
      fetch(url, { credentials: 'same-origin', headers: { accept: 'application/json' } })
        .then(function (r) {
          return r.ok ? r.json() : null;
        })
        .then(function (b) {
          if (!b) return;
          const p = Math.round(b.progress * 100);
          bar.value = p;
          bar.textContent = p + ' %';
          percent.textContent = p + ' %';
          if (b.status === 'done' || b.status === 'failed') window.location.reload();
          else window.setTimeout(tick, 1000);
        })
        .catch(function () {
          window.setTimeout(tick, 3000);
        });
    };
    window.setTimeout(tick, 500);
  }
  const zone = document.querySelector('[data-drop-zone]');
  if (zone) {
    const input = zone.querySelector('input[type="file"]');
    zone.addEventListener('dragover', function (e) {
      e.preventDefault();
      zone.classList.add('dragging');
    });
    zone.addEventListener('dragleave', function () {
      zone.classList.remove('dragging');
    });
    zone.addEventListener('drop', function (e) {
      e.preventDefault();
      zone.classList.remove('dragging');
      if (e.dataTransfer && e.dataTransfer.files.length) input.files = e.dataTransfer.files;
    });
  }
  const summary = document.querySelector('.error-summary[tabindex]');
  if (summary) summary.focus();
})();
