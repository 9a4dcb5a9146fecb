/** A small inline SVG line of sentiment (-1..1) over the conversation's messages. */
export function SentimentLine({ points }: { points: { at: string; value: number }[] }) {
  if (points.length === 0) return null
  const width = 240
  const height = 60
  const x = (i: number) => (points.length === 1 ? width / 2 : (i / (points.length - 1)) * width)
  const y = (v: number) => ((1 - Math.max(-1, Math.min(1, v))) / 2) * height
  const path = points
    .map((p, i) => `${i === 0 ? 'M' : 'L'}${x(i).toFixed(1)},${y(p.value).toFixed(1)}`)
    .join(' ')
  const last = points[points.length - 1]?.value ?? 0
  return (
    <svg
      viewBox={`-4 -4 ${width + 8} ${height + 8}`}
      width="100%"
      height={height + 8}
      role="img"
      aria-label={`Sentiment over ${points.length} messages, latest ${last.toFixed(2)}`}
      data-testid="sentiment-line"
    >
      <line x1={0} x2={width} y1={height / 2} y2={height / 2} stroke="var(--gray-6)" strokeDasharray="4 4" />
      <path d={path} fill="none" stroke="var(--accent-9)" strokeWidth={2} />
      {points.map((p, i) => (
        <circle key={p.at} cx={x(i)} cy={y(p.value)} r={2.5} fill="var(--accent-9)" />
      ))}
    </svg>
  )
}
