import type { AppError } from '../../src-shared/result'

const ENV_KEYS = 'set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET'

/**
 * What a terminal user can do about an error, said in the CLI's own terms: core's message says
 * what happened, each host says how to fix it (the app offers "Open settings" instead; see
 * docs/architecture.md §3).
 */
function adviceFor(error: AppError): string | undefined {
  const params = error.params ?? {}
  if (error.code === 'CREDENTIALS_MISSING') {
    const profile = params.profile === undefined ? '' : ` --profile ${params.profile}`
    const offline = params.reason === 'no-account' ? ' To scan offline, use --engine local.' : ''
    return `Run \`greenlight credentials set${profile}\`, or ${ENV_KEYS}.${offline}`
  }
  if (error.code === 'NOT_FOUND' && params.reason === 'scanned-image' && params.name) {
    return `Scan it first: greenlight scan ${params.name}`
  }
  return undefined
}

/** An error as the CLI prints it: core's English message, then the CLI's advice if any. */
export function cliErrorText(error: AppError): string {
  const advice = adviceFor(error)
  return advice === undefined ? error.message : `${error.message} ${advice}`
}
