import { PDFDocument, type PDFFont, type PDFPage, rgb, StandardFonts } from 'pdf-lib'
import { change, formatChange, formatDuration, kpiDefinitions, type Report } from './report.ts'

export type ReportPdfInput = { storeName: string; timeZone: string; report: Report }

// The standard fonts encode WinAnsi only: anything else (a store named in Greek, an emoji in a question)
// prints as '?' instead of failing the whole report.
const printable = (text: string) =>
  text.replace(/[^\x20-\x7E\u00A0-\u00FF\u2013\u2014\u2018\u2019\u201C\u201D\u2022\u2026]/g, '?')

const ink = rgb(0.1, 0.1, 0.12)
const grey = rgb(0.45, 0.45, 0.5)
const accent = rgb(0.2, 0.4, 0.85)

/**
 * The analytics report as a PDF (A4): the KPIs beside the previous period, conversations per day as bars,
 * bot versus people, top intents and the unanswered questions. Used by the dashboard's export and the
 * scheduled email alike.
 */
export async function renderReportPdf({ storeName, timeZone, report }: ReportPdfInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.create()
  pdf.setTitle(printable(`${storeName} analytics ${report.from} to ${report.to}`))
  pdf.setProducer('Parley')
  const font = await pdf.embedFont(StandardFonts.Helvetica)
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold)
  const page = pdf.addPage([595.28, 841.89])
  const left = 48
  let y = 790
  const text = (value: string, x: number, size = 10, f: PDFFont = font, color = ink) =>
    page.drawText(printable(value), { x, y, size, font: f, color })

  text(`${storeName}: analytics`, left, 20, bold)
  y -= 20
  text(
    `${report.from} to ${report.to} (days in ${timeZone}), against the ${days(report)} days before`,
    left,
    10,
    font,
    grey,
  )
  y -= 30

  text('Key figures', left, 13, bold)
  y -= 18
  text('this period', 300, 9, font, grey)
  text('before', 390, 9, font, grey)
  text('change', 470, 9, font, grey)
  y -= 14
  for (const kpi of kpiDefinitions) {
    const now = kpi.value(report.kpis)
    const before = kpi.value(report.previous)
    text(kpi.label, left, 10)
    text(kpi.format(now), 300, 10, bold)
    text(kpi.format(before), 390, 10, font, grey)
    text(formatChange(change(now, before, kpi.kind), kpi.kind) ?? '–', 470, 10)
    y -= 15
  }

  y -= 15
  text('Conversations per day', left, 13, bold)
  y -= 10
  y = drawBars(page, font, report, left, y, 500, 120)

  y -= 25
  text('Bot versus people', left, 13, bold)
  y -= 16
  const k = report.kpis
  for (const [label, n, time] of [
    ['Resolved by the bot', k.resolved_by_bot, k.median_resolution_bot_s],
    ['Resolved by people', k.resolved_by_agent, k.median_resolution_agent_s],
    ['Not resolved (abandoned or open)', k.abandoned, null],
  ] as const) {
    text(label, left, 10)
    text(String(n), 300, 10, bold)
    text(time === null ? '' : `median ${formatDuration(time)}`, 390, 10, font, grey)
    y -= 15
  }

  y -= 15
  text('Top intents', left, 13, bold)
  y -= 16
  if (report.intents.length === 0) {
    text('No intent recognised in this period.', left, 10, font, grey)
    y -= 15
  }
  for (const intent of report.intents.slice(0, 5)) {
    text(intent.intent, left, 10)
    text(String(intent.events), 300, 10, bold)
    y -= 15
  }

  y -= 15
  text('Unanswered questions', left, 13, bold)
  y -= 16
  if (report.unanswered.length === 0) {
    text('The bot answered every question in this period.', left, 10, font, grey)
    y -= 15
  }
  for (const q of report.unanswered.slice(0, Math.max(0, Math.floor((y - 40) / 15)))) {
    text(truncate(q.question, font, 10, 420), left, 10)
    text(`x${q.count}`, 490, 10, bold)
    y -= 15
  }
  return await pdf.save()
}

function days(report: Report): number {
  return Math.round((Date.parse(report.to) - Date.parse(report.from)) / 86_400_000) + 1
}

function truncate(value: string, font: PDFFont, size: number, width: number): string {
  let s = printable(value)
  while (s.length > 1 && font.widthOfTextAtSize(s, size) > width) s = `${s.slice(0, -2)}…`
  return s
}

function drawBars(
  page: PDFPage,
  font: PDFFont,
  report: Report,
  x: number,
  top: number,
  width: number,
  height: number,
) {
  const bottom = top - height
  const max = Math.max(1, ...report.series.map((d) => d.conversations))
  const step = width / Math.max(1, report.series.length)
  page.drawLine({ start: { x, y: bottom }, end: { x: x + width, y: bottom }, thickness: 0.5, color: grey })
  report.series.forEach((d, i) => {
    const h = (d.conversations / max) * (height - 12)
    if (h > 0)
      page.drawRectangle({
        x: x + i * step + step * 0.15,
        y: bottom,
        width: step * 0.7,
        height: h,
        color: accent,
      })
  })
  page.drawText(String(max), { x: x + width + 4, y: top - 12, size: 8, font, color: grey })
  const first = report.series[0]?.day
  const last = report.series.at(-1)?.day
  if (first) page.drawText(first, { x, y: bottom - 11, size: 8, font, color: grey })
  if (last) page.drawText(last, { x: x + width - 40, y: bottom - 11, size: 8, font, color: grey })
  return bottom - 11
}
