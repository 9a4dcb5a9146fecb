// Parley's widget loader, served as-is at /widget.js (plain ES2020, no build step). It must stay under
// 3 KB gzipped (loader.test.ts checks), so it only draws the launcher: the chat UI is an iframe created
// the first time the visitor opens it. Nothing the host page passes is ever parsed as HTML.
;((w, d) => {
  const stub = w.$parley
  if (stub?.loaded) return
  const script = d.currentScript || d.querySelector('script[data-chatbot]')
  const id = script?.getAttribute('data-chatbot')
  if (!id || !/^[\w-]{1,64}$/.test(id)) return console.warn('Parley: data-chatbot is missing or invalid')
  const origin = new URL(script.src, location.href).origin
  const base = `${origin}/widget/${id}`
  const handlers = {}
  const state = { user: null, attrs: {} }
  let frame
  let ready = false
  let isOpen = false
  let mounted = false
  const hex = (c) => (/^#[0-9a-f]{3,8}$/i.test(c || '') ? c : '')
  const emit = (name, data) => {
    for (const cb of handlers[name] || []) {
      try {
        cb(data)
      } catch (e) {
        console.error(e)
      }
    }
  }
  // Only JSON-safe scalars cross to the iframe (postMessage would throw on functions, DOM nodes...).
  const scalars = (o) => {
    const out = {}
    for (const k of Object.keys(o || {}).slice(0, 50)) {
      const v = o[k]
      if (['string', 'number', 'boolean'].includes(typeof v)) out[String(k).slice(0, 100)] = v
    }
    return out
  }
  const post = (m) => {
    if (ready) frame.contentWindow.postMessage({ parley: 1, ...m }, origin)
  }

  const style = d.createElement('style')
  style.textContent =
    '.parley-l{position:fixed;bottom:20px;right:20px;z-index:2147483000;width:56px;height:56px;border:0;' +
    'border-radius:50%;background:var(--parley-color,#0f766e);color:#fff;box-shadow:0 4px 14px rgba(0,0,0,.25);' +
    'cursor:pointer;display:flex;align-items:center;justify-content:center;padding:0}' +
    '.parley-l:focus-visible{outline:3px solid #2563eb;outline-offset:3px}' +
    '.parley-f{position:fixed;bottom:88px;right:20px;z-index:2147483000;width:380px;height:min(640px,calc(100vh - 108px));' +
    'border:0;border-radius:12px;box-shadow:0 8px 32px rgba(0,0,0,.25);background:#fff;display:none}' +
    '.parley-left{left:20px;right:auto}.parley-on{display:block}' +
    '.parley-b{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 5px;box-sizing:border-box;' +
    'border-radius:10px;background:#b91c1c;color:#fff;font:600 12px/20px sans-serif}.parley-b:empty{display:none}' +
    '@media (max-width:480px){.parley-f{inset:0;width:100%;height:100%;border-radius:0}.parley-l.parley-x{display:none}}'
  d.head.appendChild(style)

  const icons = {
    chat: 'M4 4h16v12H8l-4 4z',
    close: 'M6 6l12 12M18 6L6 18',
  }
  const button = d.createElement('button')
  button.type = 'button'
  button.className = 'parley-l'
  const svg = (path) =>
    `<svg width="26" height="26" viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" aria-hidden="true"><path d="${path}"/></svg>`
  let botName = ''
  let unread = 0
  const badge = d.createElement('span')
  badge.className = 'parley-b'
  const paint = () => {
    button.innerHTML = svg(isOpen ? icons.close : icons.chat) // constant markup, no host text
    badge.textContent = unread ? String(unread) : ''
    button.appendChild(badge)
    const news = unread ? ` (${unread} new)` : ''
    button.setAttribute('aria-label', isOpen ? 'Close chat' : `Open chat${botName && `: ${botName}`}${news}`)
    button.setAttribute('aria-expanded', String(isOpen))
    button.classList.toggle('parley-x', isOpen)
  }
  const theme = (t) => {
    const c = hex(script.getAttribute('data-color')) || hex(t.color)
    if (c) button.style.setProperty('--parley-color', c)
    const left = (script.getAttribute('data-position') || t.position) === 'left'
    button.classList.toggle('parley-left', left)
    if (frame) frame.classList.toggle('parley-left', left)
    if (typeof t.title === 'string' && t.title) botName = t.title.slice(0, 80)
    if (frame) frame.title = `Chat${botName && `: ${botName}`}`
    paint()
  }

  const show = (open) => {
    if (open === isOpen) return
    isOpen = open
    if (open) unread = 0
    if (open && !frame) {
      frame = d.createElement('iframe')
      frame.className = `parley-f${button.classList.contains('parley-left') ? ' parley-left' : ''}`
      frame.title = `Chat${botName && `: ${botName}`}`
      frame.src = `${base}#host=${encodeURIComponent(location.origin)}`
      d.body.appendChild(frame)
    }
    frame.classList.toggle('parley-on', open)
    paint()
    post({ type: open ? 'open' : 'close' })
    if (open) {
      frame.focus()
      emit('open')
    } else if (d.activeElement === frame) button.focus()
  }

  w.addEventListener('message', (e) => {
    if (!frame || e.source !== frame.contentWindow || e.origin !== origin) return
    const m = e.data || {}
    if (m.parley !== 1) return
    if (m.type === 'ready') {
      ready = true
      post({ type: 'init', user: state.user, attrs: state.attrs, open: isOpen })
      if (isOpen) post({ type: 'open' })
    } else if (m.type === 'close') show(false)
    else if (m.type === 'message') {
      // Replies that arrive while the chat is closed show as a count on the launcher.
      if (!isOpen) unread++
      paint()
      emit('message', m.message)
    }
  })
  button.addEventListener('click', () => show(!isOpen))

  const api = {
    loaded: true,
    open: () => show(true),
    close: () => show(false),
    toggle: () => show(!isOpen),
    setUser(identifier, o) {
      state.user = { ...scalars(o), identifier: String(identifier) }
      post({ type: 'user', user: state.user })
    },
    setCustomAttributes(attrs) {
      state.attrs = { ...state.attrs, ...scalars(attrs) }
      post({ type: 'attributes', attrs: state.attrs })
    },
    on(name, cb) {
      if (typeof cb !== 'function') return
      if (name === 'ready' && mounted) setTimeout(cb)
      else {
        handlers[name] = handlers[name] || []
        handlers[name].push(cb)
      }
    },
  }
  w.$parley = api

  const mount = () => {
    theme({})
    d.body.appendChild(button)
    // Calls queued before the loader ran: window.$parley = [['setUser', id, {...}], ['open']]
    if (Array.isArray(stub))
      for (const [name, ...args] of stub) if (typeof api[name] === 'function') api[name](...args)
    mounted = true
    emit('ready')
    w.dispatchEvent(new Event('parley:ready'))
    fetch(`${base}/settings`)
      .then((r) => (r.ok ? r.json() : {}))
      .then(theme, () => {})
  }
  if (d.body) mount()
  else d.addEventListener('DOMContentLoaded', mount)
})(window, document)
