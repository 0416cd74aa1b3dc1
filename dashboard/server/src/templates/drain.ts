/**
 * Drain log-template mining (He et al., "Drain: An Online Log Parsing Approach with Fixed Depth
 * Tree", ICWS 2017), over already-masked messages with counts. Messages are grouped by token
 * count, then by their first tokens, and joined to the most similar cluster of that leaf when at
 * least `similarity` of their tokens agree; positions that differ become the wildcard `<*>`.
 * Drain is order dependent, so the input is sorted first: the same messages in any order give
 * the same templates.
 */

export const WILDCARD = '<*>'

export interface DrainOptions {
  /** Prefix tokens used to route a message in the tree (Drain's depth − 2). Default 2. */
  prefixDepth?: number
  /** Share of equal tokens for a message to join a cluster, 0–1. Default 0.5. */
  similarity?: number
  /** Children per tree node before further tokens route through `<*>`. Default 64. */
  maxChildren?: number
}

export interface MinedMessage {
  text: string
  count: number
}

export interface MinedTemplate {
  /** Tokens, `<*>` where members differ. */
  tokens: string[]
  /** Sum of the members' counts. */
  count: number
  /** Indexes into the input of the messages that joined this template. */
  members: number[]
}

interface Cluster {
  tokens: string[]
  count: number
  members: number[]
}

interface TreeNode {
  children: Map<string, TreeNode>
  clusters: Cluster[]
}

const newNode = (): TreeNode => ({ children: new Map(), clusters: [] })

export function tokenize(text: string): string[] {
  const trimmed = text.trim()
  return trimmed === '' ? [] : trimmed.split(/\s+/)
}

// A token with a digit or a placeholder is likely a parameter: routing on it would split one template.
const isVariable = (token: string) => token === WILDCARD || /\d/.test(token) || /^["']?<[A-Z]+>["']?[,;.]?$/.test(token)

function similarity(template: string[], tokens: string[]): { score: number; wildcards: number } {
  let equal = 0
  let wildcards = 0
  for (let i = 0; i < template.length; i++) {
    if (template[i] === WILDCARD) wildcards++
    else if (template[i] === tokens[i]) equal++
  }
  return { score: template.length === 0 ? 1 : equal / template.length, wildcards }
}

function leafFor(root: TreeNode, tokens: string[], depth: number, maxChildren: number): TreeNode {
  let node = root.children.get(String(tokens.length))
  if (!node) {
    node = newNode()
    root.children.set(String(tokens.length), node)
  }
  for (let level = 0; level < Math.min(depth, tokens.length); level++) {
    const token = tokens[level]!
    let key = isVariable(token) ? WILDCARD : token
    if (!node.children.has(key) && key !== WILDCARD && node.children.size >= maxChildren) key = WILDCARD
    let child = node.children.get(key)
    if (!child) {
      child = newNode()
      node.children.set(key, child)
    }
    node = child
  }
  return node
}

/** Mines templates from masked messages; templates come out by count, most frequent first. */
export function mineTemplates(messages: readonly MinedMessage[], options: DrainOptions = {}): MinedTemplate[] {
  const depth = options.prefixDepth ?? 2
  const threshold = options.similarity ?? 0.5
  const maxChildren = options.maxChildren ?? 64
  const order = messages
    .map((message, index) => ({ ...message, index }))
    .filter((message) => Number.isFinite(message.count) && message.count > 0 && typeof message.text === 'string')
    .sort((a, b) => b.count - a.count || (a.text < b.text ? -1 : a.text > b.text ? 1 : a.index - b.index))
  const root = newNode()
  const clusters: Cluster[] = []
  for (const message of order) {
    const tokens = tokenize(message.text)
    const leaf = leafFor(root, tokens, depth, maxChildren)
    let best: Cluster | undefined
    let bestScore = -1
    let bestWildcards = -1
    for (const cluster of leaf.clusters) {
      const { score, wildcards } = similarity(cluster.tokens, tokens)
      if (score > bestScore || (score === bestScore && wildcards > bestWildcards)) {
        best = cluster
        bestScore = score
        bestWildcards = wildcards
      }
    }
    if (best && bestScore >= threshold) {
      best.tokens = best.tokens.map((token, i) => (token === tokens[i] ? token : WILDCARD))
      best.count += message.count
      best.members.push(message.index)
    } else {
      const cluster: Cluster = { tokens, count: message.count, members: [message.index] }
      leaf.clusters.push(cluster)
      clusters.push(cluster)
    }
  }
  return clusters
    .map((c) => ({ tokens: c.tokens, count: c.count, members: c.members }))
    .sort((a, b) => b.count - a.count || compareText(a.tokens.join(' '), b.tokens.join(' ')))
}

const compareText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0)
