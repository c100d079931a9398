// demo/shop.js — the demo product page's own behaviour (colour name, add to bag). No widget code.
document.addEventListener('DOMContentLoaded', () => {
  const form = document.getElementById('buy');
  if (!form) return;
  const count = document.getElementById('bag-count');
  form.addEventListener('change', (ev) => {
    if (ev.target.name === 'color') document.getElementById('color-name').textContent = ev.target.value;
  });
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    const data = new FormData(form);
    count.textContent = String(Number(count.textContent) + 1);
    document.getElementById('bag-status').textContent =
      `Added: Cascade Rain Jacket, ${data.get('color')}, size ${data.get('size')}.`;
    if (window.Seam) window.Seam('track', 'add_to_bag', { sku: 'cascade-rain-jacket', size: data.get('size') });
  });
});
