import type { Language } from '../../src-shared/commands'
import type { ComponentVersion } from '../core/about/component-versions'
import { isAllowedExternal } from './security'
import { shellText } from './shell-strings'

export interface AboutFacts {
  version: string
  dataDir: string
  components: readonly ComponentVersion[]
  /** process.versions: electron, chrome, node. */
  runtime: Readonly<Record<string, string | undefined>>
}

/** The About box's text: version, data folder, and what judges the images and keeps the data. */
export function aboutDetail(language: Language, facts: AboutFacts): string {
  const RUNTIME_NAMES = { electron: 'Electron', chrome: 'Chromium', node: 'Node.js' } as const
  const runtime = Object.entries(RUNTIME_NAMES).flatMap(([key, name]) => {
    const version = facts.runtime[key]
    return version ? [{ name, version }] : []
  })
  return [
    shellText(language, 'aboutVersion', { version: facts.version }),
    shellText(language, 'aboutDataFolder', { path: facts.dataDir }),
    '',
    shellText(language, 'aboutComponents'),
    ...[...facts.components, ...runtime].map((c) => `  ${c.name} ${c.version}`),
  ].join('\n')
}

/**
 * The documentation Help opens, in the user's language. The project publishes no site of its
 * own yet, so it is Alibaba Cloud's Content Moderation guide, which the external-link allowlist
 * (security.ts) already permits.
 */
export function documentationUrl(language: Language): string {
  const url =
    language === 'zh-CN'
      ? 'https://help.aliyun.com/document_detail/70292.html'
      : 'https://www.alibabacloud.com/help/en/content-moderation/latest/image-moderation-synchronous-moderation'
  if (!isAllowedExternal(url)) throw new Error(`documentation URL not allowlisted: ${url}`)
  return url
}
