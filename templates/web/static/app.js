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
  // The payment form's running remainder; the server checks it again.
  const allocation = document.querySelector('[data-allocation]');
  if (allocation) {
    const ore = function (text) {
      const t = text.replace(/[\s\u00a0]|kr/g, '').replace(',', '.');
      if (!/^-?\d+(\.\d{1,2})?$/.test(t)) return null;
      const [whole, frac] = t.replace('-', '').split('.');
      const abs = Number(whole) * 100 + Number((frac || '').padEnd(2, '0'));
      return t.startsWith('-') ? -abs : abs;
    };
    const kronor = function (o) {
      const abs = Math.abs(o);
      const whole = String(Math.floor(abs / 100)).replace(/\B(?=(\d{3})+(?!\d))/g, ' ');
      return (o < 0 ? '-' : '') + whole + ',' + String(abs % 100).padStart(2, '0') + ' kr';
    };
    const out = allocation.querySelector('[data-remainder]');
    const update = function () {
      const total = ore(allocation.querySelector('[data-total]').value);
      let sum = 0;
      allocation.querySelectorAll('[data-allocate]').forEach(function (i) {
        const v = i.value.trim() === '' ? 0 : ore(i.value);
        sum += v === null ? NaN : v;
      });
      out.textContent = total === null || Number.isNaN(sum) ? '–' : kronor(total - sum);
    };
    allocation.addEventListener('input', update);
    update();
  }
  // A table box that scrolls gets a tab stop and a name, so the keyboard can scroll it too.
  const markScrollable = function () {
    document.querySelectorAll('.table-scroll').forEach(function (box) {
      if (box.scrollWidth > box.clientWidth && !box.hasAttribute('tabindex')) {
        const caption = box.querySelector('caption');
        box.setAttribute('tabindex', '0');
        box.setAttribute('role', 'region');
        box.setAttribute('aria-label', caption ? caption.textContent.trim() : 'Tabell');
      }
    });
  };
  markScrollable();
  window.addEventListener('resize', markScrollable);
  const summary = document.querySelector('.error-summary[tabindex]');
  if (summary) summary.focus();
})();
