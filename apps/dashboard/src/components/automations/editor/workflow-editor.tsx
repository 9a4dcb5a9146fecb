'use client'

import { type Issue, issuesByNode, nodeType, validateGraph } from '@parley/supabase/automations'
import { ResetIcon, RocketIcon } from '@radix-ui/react-icons'
import {
  Badge,
  Box,
  Button,
  Callout,
  Card,
  Flex,
  IconButton,
  Tabs,
  Text,
  TextField,
  Tooltip,
} from '@radix-ui/themes'
import {
  addEdge,
  applyEdgeChanges,
  applyNodeChanges,
  Background,
  type Connection,
  Controls,
  type EdgeChange,
  type IsValidConnection,
  MiniMap,
  type NodeChange,
  ReactFlow,
  ReactFlowProvider,
  useReactFlow,
} from '@xyflow/react'
import '@xyflow/react/dist/style.css'
import { useCallback, useEffect, useMemo, useRef, useState, useTransition } from 'react'
import { publishWorkflow, saveDraft } from '../../../actions/automations.ts'
import { connectionProblem } from '../../../lib/automations/connections.ts'
import {
  checkpoint,
  commit,
  type History,
  redo,
  replace,
  startHistory,
  undo,
} from '../../../lib/automations/history.ts'
import { defaultConfig, descriptions, newNodeId } from '../../../lib/automations/node-types.ts'
import type { WorkflowDraft } from '../../../lib/data/automations.ts'
import { CanvasContext } from './canvas-context.ts'
import { ConfigPanel } from './config-panel.tsx'
import { DryRunPanel } from './dry-run-panel.tsx'
import { type FlowGraph, type StepData, type StepNodeType, toFlow, toGraph } from './graph-state.ts'
import { DRAG_TYPE, Palette } from './palette.tsx'
import { RunLog } from './run-log.tsx'
import { SplitStats } from './split-stats.tsx'
import { StepNode } from './step-node.tsx'

type Props = { storeId: string; workflow: WorkflowDraft; readOnly: boolean }

// Every node type draws with the one StepNode component (React Flow's `type` is the node type id).
const nodeTypes = Object.fromEntries([...descriptions.keys()].map((id) => [id, StepNode]))
const SAVE_DELAY_MS = 800

type SaveState = { status: 'saved' | 'saving' | 'unsaved' | 'error'; message?: string }

// Room at the bottom for the minimap (150 px high in the corner), so the last step never opens under it.
const FIT_VIEW = {
  maxZoom: 1,
  padding: { top: '24px', right: '24px', bottom: '176px', left: '24px' },
} as const

export function WorkflowEditor(props: Props) {
  return (
    <ReactFlowProvider>
      <Editor {...props} />
    </ReactFlowProvider>
  )
}

function Editor({ storeId, workflow, readOnly }: Props) {
  const flow = useReactFlow()
  const [history, setHistory] = useState<History<FlowGraph>>(() => startHistory(toFlow(workflow.graph)))
  const [name, setName] = useState(workflow.name)
  const [selectedId, setSelectedId] = useState<string | null>(null)
  const [refusal, setRefusal] = useState<string | null>(null)
  const [path, setPath] = useState<ReadonlyMap<string, string>>(new Map())
  const [tab, setTab] = useState('step')
  const [published, setPublished] = useState(workflow.published_version)
  const [publishing, startPublish] = useTransition()
  const [notice, setNotice] = useState<{ color: 'green' | 'red'; text: string; issues?: Issue[] } | null>(
    null,
  )
  const canvasRef = useRef<HTMLDivElement>(null)
  // Fit an existing graph into view once; an empty canvas keeps its view (fitting would jump to the first
  // step dropped).
  const [fitOnOpen] = useState(() => workflow.graph.nodes.length > 0)
  const { nodes, edges } = history.present

  // What is stored: the graph without selection or sizes. Validation and autosave follow it.
  const graph = useMemo(() => toGraph(history.present), [history.present])
  const content = useMemo(() => JSON.stringify({ name, graph }), [name, graph])
  const validation = useMemo(() => validateGraph(graph), [graph])
  const issues = useMemo(() => issuesByNode(validation.issues), [validation])
  const errorCount = validation.issues.filter((i) => i.severity === 'error').length
  const graphIssues = validation.issues.filter((i) => !i.nodeId)

  // Autosave: a moment after the last change, the draft is written (owners and admins).
  const [save, setSave] = useState<SaveState>({ status: 'saved' })
  const savedContent = useRef(content)
  useEffect(() => {
    if (readOnly || content === savedContent.current) return
    setSave({ status: 'unsaved' })
    const timer = setTimeout(async () => {
      setSave({ status: 'saving' })
      const result = await saveDraft({ storeId, workflowId: workflow.id, name, graph })
      if (result.ok) {
        savedContent.current = content
        setSave({ status: 'saved' })
      } else setSave({ status: 'error', message: result.error })
    }, SAVE_DELAY_MS)
    return () => clearTimeout(timer)
  }, [content, readOnly, storeId, workflow.id, name, graph])

  // Leaving with unsaved changes asks first.
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (content !== savedContent.current && !readOnly) e.preventDefault()
    }
    window.addEventListener('beforeunload', warn)
    return () => window.removeEventListener('beforeunload', warn)
  }, [content, readOnly])

  const change = useCallback((update: (g: FlowGraph) => FlowGraph, record = true) => {
    setHistory((h) => (record ? commit(h, update(h.present)) : replace(h, update(h.present))))
  }, [])

  const onNodesChange = useCallback(
    (changes: NodeChange<StepNodeType>[]) => {
      const allowed = readOnly
        ? changes.filter((c) => c.type === 'select' || c.type === 'dimensions')
        : changes
      if (!allowed.length) return
      const structural = allowed.some((c) => c.type === 'remove' || c.type === 'add')
      change((g) => ({ ...g, nodes: applyNodeChanges(allowed, g.nodes) }), structural)
      for (const c of allowed) {
        if (c.type === 'select' && c.selected) setSelectedId(c.id)
        if (c.type === 'remove') setSelectedId((id) => (id === c.id ? null : id))
      }
    },
    [change, readOnly],
  )

  const onEdgesChange = useCallback(
    (changes: EdgeChange[]) => {
      const allowed = readOnly ? changes.filter((c) => c.type === 'select') : changes
      if (!allowed.length) return
      change(
        (g) => ({ ...g, edges: applyEdgeChanges(allowed, g.edges) }),
        allowed.some((c) => c.type === 'remove'),
      )
    },
    [change, readOnly],
  )

  const isValidConnection: IsValidConnection = useCallback(
    (c) => {
      const graphNow = { nodes: nodes.map((n) => ({ id: n.id, type: n.type ?? '' })), edges }
      return connectionProblem(graphNow, c) === null
    },
    [nodes, edges],
  )

  const onConnect = useCallback(
    (c: Connection) => {
      const problem = connectionProblem(
        { nodes: nodes.map((n) => ({ id: n.id, type: n.type ?? '' })), edges },
        c,
      )
      if (problem) {
        setRefusal(problem)
        return
      }
      setRefusal(null)
      const port = c.sourceHandle || 'out'
      change((g) => ({
        nodes: g.nodes.map((n) =>
          n.id === c.source && n.data.ended.includes(port)
            ? { ...n, data: { ...n.data, ended: n.data.ended.filter((p) => p !== port) } }
            : n,
        ),
        edges: addEdge({ ...c, sourceHandle: port, id: `${c.source}-${port}-${c.target}` }, g.edges),
      }))
    },
    [change, nodes, edges],
  )

  /** Adds a step of this type at a point on the screen (a drop), or in the middle of the canvas. */
  const addStep = useCallback(
    (typeId: string, at?: { x: number; y: number }) => {
      if (readOnly) return
      const box = canvasRef.current?.getBoundingClientRect()
      const screen = at ?? {
        x: (box?.left ?? 0) + (box?.width ?? 600) / 2,
        y: (box?.top ?? 0) + (box?.height ?? 400) / 3,
      }
      const position = flow.screenToFlowPosition(screen)
      setHistory((h) => {
        const id = newNodeId(h.present, typeId)
        const node: StepNodeType = {
          id,
          type: typeId,
          position: { x: position.x - 110, y: position.y - 30 },
          data: { config: defaultConfig(typeId), version: nodeType(typeId)?.version, ended: [] },
          selected: true,
        }
        setSelectedId(id)
        return commit(h, {
          ...h.present,
          nodes: [...h.present.nodes.map((n) => (n.selected ? { ...n, selected: false } : n)), node],
        })
      })
      setTab('step')
    },
    [flow, readOnly],
  )

  // Undo and redo from the keyboard, unless a field is being typed in (it has its own undo).
  useEffect(() => {
    if (readOnly) return
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null
      if (target?.closest('input, textarea, [contenteditable="true"], [role="combobox"]')) return
      if (!(e.ctrlKey || e.metaKey)) return
      const key = e.key.toLowerCase()
      if (key === 'z' && !e.shiftKey) {
        e.preventDefault()
        setHistory(undo)
      } else if ((key === 'z' && e.shiftKey) || key === 'y') {
        e.preventDefault()
        setHistory(redo)
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [readOnly])

  const selected = nodes.find((n) => n.id === selectedId)
  const wiredPorts = useMemo(
    () => new Set(edges.filter((e) => e.source === selectedId).map((e) => e.sourceHandle || 'out')),
    [edges, selectedId],
  )
  const hasSplit = nodes.some((n) => nodeType(n.type ?? '')?.kind === 'split')

  const publish = () =>
    startPublish(async () => {
      setNotice(null)
      const result = await publishWorkflow({ storeId, workflowId: workflow.id, name, graph })
      if (result.ok) {
        savedContent.current = content
        setSave({ status: 'saved' })
        setPublished(result.data.version)
        setNotice({
          color: 'green',
          text: `Published as version ${result.data.version}. New conversations use it now.`,
        })
      } else setNotice({ color: 'red', text: result.error, issues: result.issues })
    })

  const canvasState = useMemo(() => ({ issues, path, readOnly }), [issues, path, readOnly])

  return (
    <Flex direction="column" gap="3">
      <Flex gap="3" align="center" wrap="wrap" justify="between">
        <Flex gap="2" align="center" wrap="wrap" style={{ flex: 1, minWidth: 240 }}>
          <TextField.Root
            aria-label="Automation name"
            value={name}
            readOnly={readOnly}
            maxLength={120}
            onChange={(e) => setName(e.target.value)}
            style={{ minWidth: 220, flex: 1, maxWidth: 420 }}
            size="3"
          />
          <Badge color={published ? 'green' : 'gray'}>{published ? `Live: v${published}` : 'Draft'}</Badge>
          {readOnly ? (
            <Badge color="gray">Read only</Badge>
          ) : (
            <Text
              size="1"
              color={save.status === 'error' ? 'red' : 'gray'}
              role="status"
              data-testid="save-status"
            >
              {save.status === 'saved'
                ? 'Draft saved'
                : save.status === 'saving'
                  ? 'Saving…'
                  : save.status === 'unsaved'
                    ? 'Unsaved changes'
                    : `Not saved: ${save.message}`}
            </Text>
          )}
        </Flex>
        {!readOnly ? (
          <Flex gap="2" align="center">
            <Tooltip content="Undo (Ctrl+Z)">
              <IconButton
                variant="soft"
                color="gray"
                aria-label="Undo"
                disabled={!history.past.length}
                onClick={() => setHistory(undo)}
              >
                <ResetIcon />
              </IconButton>
            </Tooltip>
            <Tooltip content="Redo (Ctrl+Shift+Z)">
              <IconButton
                variant="soft"
                color="gray"
                aria-label="Redo"
                disabled={!history.future.length}
                onClick={() => setHistory(redo)}
              >
                <ResetIcon style={{ transform: 'scaleX(-1)' }} />
              </IconButton>
            </Tooltip>
            <Text size="1" color={errorCount ? 'red' : 'green'} data-testid="problem-count">
              {errorCount ? `${errorCount} to fix` : 'Ready to publish'}
            </Text>
            <Button onClick={publish} disabled={publishing || errorCount > 0}>
              <RocketIcon aria-hidden /> {publishing ? 'Publishing…' : 'Publish'}
            </Button>
          </Flex>
        ) : null}
      </Flex>
      {notice ? (
        <Callout.Root color={notice.color} role={notice.color === 'red' ? 'alert' : 'status'}>
          <Callout.Text>
            {notice.text}
            {notice.issues?.map((i) => (
              <span key={`${i.nodeId}:${i.message}`} style={{ display: 'block' }}>
                {i.nodeId ? `${i.nodeId}: ` : ''}
                {i.message}
              </span>
            ))}
          </Callout.Text>
        </Callout.Root>
      ) : null}
      {graphIssues.length && nodes.length ? (
        <Callout.Root color="amber" size="1">
          <Callout.Text>{graphIssues.map((i) => i.message).join(' ')}</Callout.Text>
        </Callout.Root>
      ) : null}
      {refusal ? (
        <Callout.Root color="amber" size="1" role="status">
          <Callout.Text>{refusal}</Callout.Text>
        </Callout.Root>
      ) : null}

      <Flex direction={{ initial: 'column', md: 'row' }} gap="3" align="stretch">
        {!readOnly ? (
          <Box
            width={{ initial: '100%', md: '180px' }}
            flexShrink="0"
            style={{ overflowY: 'auto' }}
            maxHeight={{ initial: '200px', md: '70vh' }}
          >
            <Palette onAdd={(id) => addStep(id)} />
          </Box>
        ) : null}
        <Card
          ref={canvasRef}
          style={{ flex: 1, minWidth: 0, height: '70vh', minHeight: 420, padding: 0, position: 'relative' }}
          onDragOver={(e) => {
            if (readOnly || !e.dataTransfer.types.includes(DRAG_TYPE)) return
            e.preventDefault()
            e.dataTransfer.dropEffect = 'move'
          }}
          onDrop={(e) => {
            const typeId = e.dataTransfer.getData(DRAG_TYPE)
            if (!typeId || readOnly) return
            e.preventDefault()
            addStep(typeId, { x: e.clientX, y: e.clientY })
          }}
          data-testid="canvas"
        >
          <CanvasContext.Provider value={canvasState}>
            {/* The canvas fills the card by position: in the phone's column layout the card's height comes
                from flexing, and React Flow's 100% height would resolve to nothing (a blank canvas). */}
            <div style={{ position: 'absolute', inset: 0 }}>
              <ReactFlow<StepNodeType>
                nodes={nodes}
                edges={edges}
                nodeTypes={nodeTypes}
                onNodesChange={onNodesChange}
                onEdgesChange={onEdgesChange}
                onConnect={onConnect}
                isValidConnection={isValidConnection}
                onNodeDragStart={() => setHistory(checkpoint)}
                onPaneClick={() => setSelectedId(null)}
                nodesDraggable={!readOnly}
                nodesConnectable={!readOnly}
                deleteKeyCode={readOnly ? null : ['Backspace', 'Delete']}
                fitView={fitOnOpen}
                fitViewOptions={FIT_VIEW}
                proOptions={{ hideAttribution: false }}
                aria-label="Workflow canvas"
              >
                <Background />
                <Controls showInteractive={false} />
                <MiniMap pannable zoomable />
              </ReactFlow>
            </div>
          </CanvasContext.Provider>
          {!nodes.length ? (
            <Flex
              position="absolute"
              inset="0"
              align="center"
              justify="center"
              style={{ pointerEvents: 'none' }}
            >
              <Text color="gray" size="2">
                {readOnly
                  ? 'This automation has no steps yet.'
                  : 'Start with a trigger: drag one here from the list.'}
              </Text>
            </Flex>
          ) : null}
        </Card>
        <Box width={{ initial: '100%', md: '320px' }} flexShrink="0">
          <Tabs.Root value={tab} onValueChange={setTab}>
            <Tabs.List size="1">
              <Tabs.Trigger value="step">Step</Tabs.Trigger>
              <Tabs.Trigger value="runs">Runs</Tabs.Trigger>
              {!readOnly ? <Tabs.Trigger value="try">Try it</Tabs.Trigger> : null}
              {hasSplit ? <Tabs.Trigger value="split">A/B</Tabs.Trigger> : null}
            </Tabs.List>
            <Box pt="3" style={{ maxHeight: '70vh', overflowY: 'auto' }}>
              <Tabs.Content value="step">
                {selected ? (
                  <ConfigPanel
                    key={selected.id}
                    node={selected}
                    issues={issues.get(selected.id) ?? []}
                    wiredPorts={wiredPorts}
                    readOnly={readOnly}
                    onChange={(data: StepData) =>
                      change((g) => ({
                        ...g,
                        nodes: g.nodes.map((n) => (n.id === selected.id ? { ...n, data } : n)),
                      }))
                    }
                    onDelete={() =>
                      change((g) => ({
                        nodes: g.nodes.filter((n) => n.id !== selected.id),
                        edges: g.edges.filter((e) => e.source !== selected.id && e.target !== selected.id),
                      }))
                    }
                  />
                ) : (
                  <Text size="2" color="gray">
                    Select a step to see its settings.
                  </Text>
                )}
              </Tabs.Content>
              {/* Mounted on every tab: the watched run keeps lighting up the canvas. */}
              <Tabs.Content value="runs" forceMount style={tab === 'runs' ? undefined : { display: 'none' }}>
                <RunLog storeId={storeId} workflowId={workflow.id} canAct={!readOnly} onWatch={setPath} />
              </Tabs.Content>
              {!readOnly ? (
                <Tabs.Content value="try">
                  <DryRunPanel
                    storeId={storeId}
                    workflowId={workflow.id}
                    graph={graph}
                    disabled={errorCount > 0}
                  />
                </Tabs.Content>
              ) : null}
              {hasSplit ? (
                <Tabs.Content value="split">
                  <SplitStats workflowId={workflow.id} />
                </Tabs.Content>
              ) : null}
            </Box>
          </Tabs.Root>
        </Box>
      </Flex>
    </Flex>
  )
}
