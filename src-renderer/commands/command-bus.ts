import { useEffect, useRef } from 'react'
import type { CommandId } from '../../src-shared/commands'

type Handler = () => void

const handlers = new Map<CommandId, Set<Handler>>()

/**
 * The one way a command runs in the renderer, whoever asked for it: a toolbar button, a key, or
 * the application menu and tray (the `command:run-requested` event, wired in bridge/sync.ts). Features
 * register what a command does with `useCommand`; nothing else needs to know who triggered it.
 * Returns false when no mounted feature handles the command.
 */
export function runCommand(id: CommandId): boolean {
  const registered = handlers.get(id)
  if (!registered || registered.size === 0) return false
  for (const handler of registered) handler()
  return true
}

/** Registers what `id` does while the calling component is mounted. */
export function useCommand(id: CommandId, handler: Handler): void {
  const latest = useRef(handler)
  useEffect(() => {
    latest.current = handler
  })
  useEffect(() => {
    const call = () => {
      latest.current()
    }
    let set = handlers.get(id)
    if (!set) {
      set = new Set()
      handlers.set(id, set)
    }
    set.add(call)
    return () => {
      set.delete(call)
    }
  }, [id])
}
