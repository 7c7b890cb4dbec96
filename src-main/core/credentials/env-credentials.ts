import type { AccessKey } from './credential-store'

export const ENV_ACCESS_KEY_ID = 'ALIBABA_CLOUD_ACCESS_KEY_ID'
export const ENV_ACCESS_KEY_SECRET = 'ALIBABA_CLOUD_ACCESS_KEY_SECRET'
export const ENV_SECURITY_TOKEN = 'ALIBABA_CLOUD_SECURITY_TOKEN'

/** The Alibaba Cloud standard env vars; both ID and secret must be set to count. */
export function readEnvAccessKey(env: NodeJS.ProcessEnv = process.env): AccessKey | null {
  const accessKeyId = env[ENV_ACCESS_KEY_ID]?.trim()
  const accessKeySecret = env[ENV_ACCESS_KEY_SECRET]?.trim()
  if (!accessKeyId || !accessKeySecret) return null
  const securityToken = env[ENV_SECURITY_TOKEN]?.trim()
  return securityToken
    ? { accessKeyId, accessKeySecret, securityToken }
    : { accessKeyId, accessKeySecret }
}
