import { UsageError } from '../usage-error'

/**
 * For commands declared ahead of the capability that implements them: says so plainly instead of
 * pretending to work. Each use names the issue that will deliver it.
 */
export function notYetAvailable(command: string, capability: string): never {
  throw new UsageError(`greenlight ${command}: ${capability} is not available in this build yet.`)
}
