'use client'

import { Callout, Flex, Table, Text } from '@radix-ui/themes'
import { useActionState, useEffect, useId, useState } from 'react'
import { importFaqs } from '../../actions/faqs.ts'
import { idle } from '../../lib/action-state.ts'
import { type ParsedCsv, parseFaqCsv } from '../../lib/chatbot/faq-csv.ts'
import { FormMessage } from '../form-message.tsx'
import { SubmitButton } from '../submit-button.tsx'

/** Most bytes a CSV may have (the server action's body limit is 1 MB). */
const maxCsvBytes = 900 * 1024
const previewRows = 5

/**
 * Import FAQs from a CSV file: the browser parses it for a preview (good rows and rejected ones with the
 * reason); the server parses the same text again with the same rules and inserts the good rows at once.
 */
export function FaqImport({ storeId, chatbotId }: { storeId: string; chatbotId: string }) {
  const [state, action] = useActionState(importFaqs, idle)
  const [csv, setCsv] = useState('')
  const [fileName, setFileName] = useState('')
  const [parsed, setParsed] = useState<ParsedCsv | null>(null)
  const [fileError, setFileError] = useState('')
  const [inputKey, setInputKey] = useState(0)
  const inputId = useId()

  useEffect(() => {
    // After a successful import the preview has served its purpose; the outcome message stays.
    if (state.status === 'success') {
      setCsv('')
      setParsed(null)
      setInputKey((k) => k + 1)
    }
  }, [state])

  async function choose(file: File | undefined) {
    setFileError('')
    setParsed(null)
    setCsv('')
    if (!file) return
    setFileName(file.name)
    if (file.size > maxCsvBytes) {
      setFileError(
        `${file.name} is larger than ${Math.round(maxCsvBytes / 1024)} KB. Split it into smaller files.`,
      )
      return
    }
    const text = await file.text()
    setCsv(text)
    setParsed(parseFaqCsv(text))
  }

  const importable = parsed && !parsed.error ? parsed.accepted.length : 0
  return (
    <form action={action} aria-label="Import FAQs from CSV">
      <input type="hidden" name="storeId" value={storeId} />
      <input type="hidden" name="chatbotId" value={chatbotId} />
      <input type="hidden" name="csv" value={csv} />
      <Flex direction="column" gap="3">
        <Flex direction="column" gap="1">
          <Text as="label" htmlFor={inputId} size="2" weight="medium">
            CSV file
          </Text>
          <input
            key={inputKey}
            id={inputId}
            type="file"
            accept=".csv,text/csv"
            aria-describedby={`${inputId}-hint`}
            onChange={(e) => void choose(e.currentTarget.files?.[0])}
          />
          <Text id={`${inputId}-hint`} size="1" color="gray">
            A header row with the columns question and answer; quote fields that contain commas or line
            breaks.
          </Text>
        </Flex>
        {fileError ? (
          <Callout.Root color="red" role="alert" size="1">
            <Callout.Text>{fileError}</Callout.Text>
          </Callout.Root>
        ) : null}
        {parsed ? <Preview parsed={parsed} fileName={fileName} /> : null}
        <FormMessage state={state} />
        <Flex>
          <SubmitButton disabled={!importable}>
            {importable ? `Import ${importable} ${importable === 1 ? 'FAQ' : 'FAQs'}` : 'Import'}
          </SubmitButton>
        </Flex>
      </Flex>
    </form>
  )
}

function Preview({ parsed, fileName }: { parsed: ParsedCsv; fileName: string }) {
  if (parsed.error) {
    return (
      <Callout.Root color="red" role="alert" size="1">
        <Callout.Text>{parsed.error}</Callout.Text>
      </Callout.Root>
    )
  }
  const { accepted, rejected } = parsed
  return (
    <Flex direction="column" gap="3" data-testid="csv-preview">
      <Text size="2" role="status">
        {fileName}: {accepted.length} {accepted.length === 1 ? 'row' : 'rows'} ready to import
        {rejected.length ? `, ${rejected.length} rejected` : ''}.
      </Text>
      {accepted.length ? (
        <Table.Root variant="surface" size="1">
          <Table.Header>
            <Table.Row>
              <Table.ColumnHeaderCell>Line</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Question</Table.ColumnHeaderCell>
              <Table.ColumnHeaderCell>Answer</Table.ColumnHeaderCell>
            </Table.Row>
          </Table.Header>
          <Table.Body>
            {accepted.slice(0, previewRows).map((row) => (
              <Table.Row key={row.line}>
                <Table.RowHeaderCell>{row.line}</Table.RowHeaderCell>
                <Table.Cell>{row.question}</Table.Cell>
                <Table.Cell>
                  <span className="truncate" style={{ display: 'block', maxWidth: '22rem' }}>
                    {row.answer}
                  </span>
                </Table.Cell>
              </Table.Row>
            ))}
          </Table.Body>
        </Table.Root>
      ) : null}
      {accepted.length > previewRows ? (
        <Text size="1" color="gray">
          and {accepted.length - previewRows} more.
        </Text>
      ) : null}
      {rejected.length ? (
        <Callout.Root color="amber" size="1">
          <Flex direction="column" gap="1" asChild>
            <div>
              <Text size="2" weight="medium">
                These rows will be skipped:
              </Text>
              <ul aria-label="Rejected rows" style={{ margin: 0, paddingLeft: '1.2em' }}>
                {rejected.map((r) => (
                  <li key={r.line} data-testid="rejected-row">
                    <Text size="2">
                      Line {r.line}: {r.reason}
                    </Text>
                  </li>
                ))}
              </ul>
            </div>
          </Flex>
        </Callout.Root>
      ) : null}
    </Flex>
  )
}
