/**
 * The demo store page (`/sample-shop`): an ordinary product page of "Acme Outdoor" with the embed code
 * pasted in, as a store would. Served from the other loopback name than the one it embeds the widget from
 * (localhost <-> 127.0.0.1), so the widget runs cross-origin there exactly as on a real store's site.
 */
export function widgetOriginFor(host: string, protocol: string): string {
  const [name, port] = host.split(':')
  const other = name === 'localhost' ? '127.0.0.1' : name === '127.0.0.1' ? 'localhost' : name
  return `${protocol}//${other}${port ? `:${port}` : ''}`
}

const escapeAttr = (value: string) => value.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`)

export function sampleShopHtml(widgetOrigin: string, chatbot: string): string {
  const src = escapeAttr(`${widgetOrigin}/widget.js`)
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ridgeline 45 L trekking backpack · Acme Outdoor</title>
<style>
  :root { --green: #2f6f4e; font-family: system-ui, -apple-system, 'Segoe UI', sans-serif; color: #1c2420; }
  body { margin: 0; background: #f7f5f0; }
  header { display: flex; justify-content: space-between; align-items: center; padding: 14px 24px; background: #fff; border-bottom: 1px solid #e4e0d6; }
  header a { color: inherit; text-decoration: none; }
  .logo { font-weight: 800; font-size: 20px; color: var(--green); }
  nav a { margin-left: 18px; }
  main { max-width: 1040px; margin: 0 auto; padding: 28px 24px 80px; display: grid; grid-template-columns: 1fr 1fr; gap: 36px; }
  @media (max-width: 760px) { main { grid-template-columns: 1fr; } nav { display: none; } }
  .photo { aspect-ratio: 1; border-radius: 16px; background: linear-gradient(160deg, #7fa88e, #2f6f4e 60%, #1e4633); display: flex; align-items: center; justify-content: center; color: #fff; font-size: 96px; }
  h1 { margin: 4px 0 8px; font-size: 30px; }
  .price { font-size: 24px; font-weight: 700; margin: 8px 0 4px; }
  .muted { color: #5c6660; font-size: 14px; }
  fieldset { border: 0; padding: 0; margin: 18px 0; }
  legend { font-weight: 600; margin-bottom: 8px; }
  label.opt { display: inline-block; margin-right: 8px; }
  label.opt input { margin-right: 4px; }
  .buy { display: flex; gap: 10px; margin: 20px 0; }
  .buy button { font: inherit; font-weight: 600; padding: 12px 20px; border-radius: 10px; cursor: pointer; }
  .primary { background: var(--green); color: #fff; border: 0; }
  .secondary { background: #fff; border: 1px solid var(--green); color: var(--green); }
  ul.specs { padding-left: 18px; line-height: 1.7; }
</style>
</head>
<body>
<header>
  <a class="logo" href="#">Acme Outdoor</a>
  <nav aria-label="Shop"><a href="#">Backpacks</a><a href="#">Tents</a><a href="#">Climbing</a><a href="#">Cart (<span id="cart">0</span>)</a></nav>
</header>
<main>
  <div class="photo" role="img" aria-label="Ridgeline 45 L backpack in forest green">
    <svg width="45%" viewBox="0 0 64 64" fill="none" stroke="#fff" stroke-width="3" stroke-linejoin="round" aria-hidden="true"><path d="M4 54 24 18l10 18 6-10 20 28z"/><path d="m19 27 5 5 5-5"/></svg>
  </div>
  <section aria-labelledby="product">
    <p class="muted">Backpacks · Trekking</p>
    <h1 id="product">Ridgeline 45 L trekking backpack</h1>
    <p class="price">EUR 149.00</p>
    <p class="muted">Free shipping over EUR 60 · 30-day returns</p>
    <p>A light, adjustable pack for multi-day hikes: ventilated back panel, hip-belt pockets, integrated rain cover and a separate sleeping-bag compartment.</p>
    <fieldset>
      <legend>Colour</legend>
      <label class="opt"><input type="radio" name="colour" checked>Forest green</label>
      <label class="opt"><input type="radio" name="colour">Slate grey</label>
    </fieldset>
    <fieldset>
      <legend>Back length</legend>
      <label class="opt"><input type="radio" name="size">S/M</label>
      <label class="opt"><input type="radio" name="size" checked>M/L</label>
    </fieldset>
    <div class="buy">
      <button type="button" class="primary" id="add">Add to cart</button>
      <button type="button" class="secondary" id="ask">Questions? Ask Scout</button>
    </div>
    <h2>Details</h2>
    <ul class="specs">
      <li>Weight 1.6 kg, volume 45 + 10 L</li>
      <li>Recycled 210D ripstop nylon, PFC-free coating</li>
      <li>Fits torso lengths 42-52 cm</li>
    </ul>
  </section>
</main>
<script>
  document.getElementById('add').addEventListener('click', function () {
    var cart = document.getElementById('cart'); cart.textContent = String(Number(cart.textContent) + 1)
  })
  // The widget's JS API: calls made before /widget.js has loaded are queued in this array.
  window.$parley = window.$parley || []
  document.getElementById('ask').addEventListener('click', function () {
    if (window.$parley.open) window.$parley.open(); else window.$parley.push(['open'])
  })
</script>
<!-- Parley chat widget: the embed code from the dashboard -->
<script src="${src}" data-chatbot="${escapeAttr(chatbot)}" async></script>
</body>
</html>
`
}
