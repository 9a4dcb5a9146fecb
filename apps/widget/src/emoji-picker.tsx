// The composer's emoji picker: its own chunk, fetched the first time the visitor opens it. A curated list of
// the emoji people use in a shop chat (faces, hands, hearts, objects of orders and deliveries) rather than
// the whole Unicode set and a library with its data, which would weigh more than the rest of the chat.
// The buttons hold the emoji themselves: screen readers announce each by its Unicode name.
import { useEffect, useRef } from 'preact/hooks'

const EMOJI = (
  '😀 😃 😄 😁 😆 😅 😂 🙂 😉 😊 😇 🥰 😍 😘 😋 😜 🤗 🤔 🤨 😐 😑 😶 🙄 😏 😬 😌 😴 😷 🤒 🥳 😎 🤓 😕 😟 🙁 😮 😯 😲 😳 🥺 😢 😭 😤 😠 😡 🤯 😱' +
  ' 👍 👎 👌 ✌️ 🤞 👋 👏 🙌 🙏 💪 👀 ❤️ 🧡 💛 💚 💙 💜 🖤 💔 ✨ 🔥 ⭐ 🎉 🎁 💯 ✅ ❌ ❓ ❗ ⚠️' +
  ' 📦 🚚 🛒 🛍️ 💳 💶 💵 🧾 📄 📷 📞 📧 ⏰ 📅 🏷️ 🔧 🥾 🧥 🎒 ⛺ 🧗 🌲 ⛰️ ☀️ 🌧️ ❄️ ☕'
).split(' ')

type Props = {
  label: string
  onPick: (emoji: string) => void
  onClose: () => void
}

export function EmojiPicker({ label, onPick, onClose }: Props) {
  const grid = useRef<HTMLDivElement>(null)
  useEffect(() => {
    grid.current?.querySelector('button')?.focus()
  }, [])
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.stopPropagation()
      onClose()
    }
  }
  return (
    <div class="emoji-picker" role="dialog" aria-label={label} ref={grid} onKeyDown={onKeyDown}>
      {EMOJI.map((emoji) => (
        <button type="button" key={emoji} class="emoji" onClick={() => onPick(emoji)} data-testid="emoji">
          {emoji}
        </button>
      ))}
    </div>
  )
}
