import type { Command } from 'commander'
import { REGIONS, type Region } from '../../../src-shared/domain'
import type { CredentialsStatus } from '../../../src-shared/ipc'
import type { AppError } from '../../../src-shared/result'
import type { AppCore } from '../../core/app-core'
import { testConnection } from '../../core/credentials/connection-test'
import { parseCustomEndpoint } from '../../core/engines/green/green-endpoint'
import type { CliContext } from '../cli-context'
import { EXIT_ITEMS_FAILED } from '../exit-codes'
import { prompt, readLines } from '../read-secrets'
import { UsageError } from '../usage-error'
import { writeLine } from '../terminal-text'
import { cliErrorText } from '../error-advice'

interface ProfileOption {
  profile?: string
}

function parseRegion(value: string | undefined): Region | undefined {
  if (value === undefined) return undefined
  if (!(REGIONS as readonly string[]).includes(value)) {
    throw new UsageError(`Unknown region "${value}". Use one of ${REGIONS.join(', ')}.`)
  }
  return value as Region
}

async function withCore<T>(ctx: CliContext, work: (core: AppCore) => Promise<T>): Promise<T> {
  const core = await ctx.openCore()
  try {
    return await work(core)
  } finally {
    await core.close()
  }
}

function fail(ctx: CliContext, error: AppError): void {
  writeLine(ctx.stderr, `greenlight: ${cliErrorText(error)}`)
  ctx.setExitCode(EXIT_ITEMS_FAILED)
}

function describe(status: CredentialsStatus): string {
  if (!status.configured) {
    return 'No AccessKey configured. Scans use the local engine.\nAdd one with `greenlight credentials set`, or set ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET.\n'
  }
  const source =
    status.source === 'env'
      ? 'environment variables'
      : `OS keychain, profile "${String(status.profile)}"`
  return [
    `AccessKey ID: ${String(status.accessKeyIdMasked)}`,
    `Region:       ${String(status.region)}`,
    `Endpoint:     ${status.endpoint ?? `https://green.${String(status.region)}.aliyuncs.com (default)`}`,
    `Source:       ${source}`,
    '',
  ].join('\n')
}

/** `--endpoint` of `credentials test`, checked before anything is opened: a typo is a usage error. */
function parseEndpointOption(text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  const parsed = parseCustomEndpoint(text, '--endpoint')
  if (!parsed.ok) throw new UsageError(`greenlight credentials test: ${parsed.error.message}`)
  return parsed.value.origin
}

/** Secrets come from stdin lines, or from no-echo prompts on a terminal; never from argv. */
async function readKey(ctx: CliContext): Promise<{ id: string; secret: string; token?: string }> {
  const stdin = ctx.stdin
  if ('isTTY' in stdin && stdin.isTTY) {
    const io = { stdin, stderr: ctx.stderr }
    const id = await prompt('AccessKey ID: ', io, false)
    const secret = await prompt('AccessKey secret (hidden): ', io, true)
    const token = await prompt('STS token (hidden, Enter to skip): ', io, true)
    return token ? { id, secret, token } : { id, secret }
  }
  const [id = '', secret = '', token = ''] = (await readLines(stdin)).filter((l) => l !== '')
  return token ? { id, secret, token } : { id, secret }
}

export function registerCredentialsCommand(program: Command, ctx: CliContext): void {
  const credentials = program
    .command('credentials')
    .description('Manage the Alibaba Cloud AccessKey kept in the OS keychain')

  credentials
    .command('set')
    .description(
      'store an AccessKey ID and secret (stdin lines: ID, secret, optional STS token; prompts without echo on a terminal)',
    )
    .option('--profile <name>', 'profile name', 'default')
    .option('--region <region>', `one of ${REGIONS.join(', ')}`)
    .option('--endpoint <url>', 'custom Green endpoint (https, or http on loopback)')
    .action(async (options: ProfileOption & { region?: string; endpoint?: string }) => {
      const region = parseRegion(options.region)
      const key = await readKey(ctx)
      if (key.id === '' || key.secret === '') {
        throw new UsageError('Give the AccessKey ID and the secret on separate lines of stdin.')
      }
      await withCore(ctx, async (core) => {
        const saved = await core.credentials.set({
          accessKeyId: key.id,
          accessKeySecret: key.secret,
          ...(key.token ? { securityToken: key.token } : {}),
          ...(options.profile ? { profile: options.profile } : {}),
          ...(region ? { region } : {}),
          ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
        })
        if (!saved.ok) {
          fail(ctx, saved.error)
          return
        }
        ctx.stdout.write(`Saved to the OS keychain.\n${describe(saved.value)}`)
        if (saved.value.source === 'env') {
          ctx.stdout.write(
            'Note: ALIBABA_CLOUD_ACCESS_KEY_ID is set, so this shell keeps using the environment.\n',
          )
        }
      })
    })

  credentials
    .command('show')
    .description('show the masked AccessKey ID, region, endpoint and source (never the secret)')
    .action(() =>
      withCore(ctx, async (core) => {
        ctx.stdout.write(describe(await core.credentials.status()))
      }),
    )

  credentials
    .command('list')
    .description('list profiles')
    .action(() =>
      withCore(ctx, async (core) => {
        const listed = await core.credentials.list()
        if (!listed.ok) {
          fail(ctx, listed.error)
          return
        }
        if (listed.value.length === 0) ctx.stdout.write('No profiles.\n')
        for (const p of listed.value) {
          const missing = p.inKeychain === false ? '  (secret missing from the keychain)' : ''
          writeLine(
            ctx.stdout,
            `${p.active ? '*' : ' '} ${p.name}  ${p.accessKeyIdMasked}  ${p.region}${p.endpoint ? `  ${p.endpoint}` : ''}${missing}`,
          )
        }
      }),
    )

  credentials
    .command('use')
    .description('make a profile the active one')
    .argument('<profile>', 'profile name')
    .action((name: string) =>
      withCore(ctx, async (core) => {
        const used = await core.credentials.activate(name)
        if (used.ok) ctx.stdout.write(describe(used.value))
        else fail(ctx, used.error)
      }),
    )

  credentials
    .command('test')
    .description('check a key against Green with a free UploadCredentials call')
    .option('--profile <name>', 'test this stored profile (default: the key a scan would use)')
    .option(
      '--endpoint <url>',
      "test against this endpoint instead of the profile's (https, or http on loopback)",
    )
    .action((options: ProfileOption & { endpoint?: string }) => {
      const endpoint = parseEndpointOption(options.endpoint)
      return withCore(ctx, async (core) => {
        const resolved =
          options.profile !== undefined
            ? await core.credentials.resolveProfile(options.profile)
            : await core.credentials.resolve()
        if (!resolved.ok) {
          fail(ctx, resolved.error)
          return
        }
        if (resolved.value === null) {
          ctx.stdout.write(describe(await core.credentials.status()))
          ctx.setExitCode(EXIT_ITEMS_FAILED)
          return
        }
        const result = await testConnection(
          endpoint === undefined ? resolved.value : { ...resolved.value, endpoint },
        )
        writeLine(ctx.stdout, `${result.outcome}: ${result.message}`)
        if (result.outcome !== 'ok') ctx.setExitCode(EXIT_ITEMS_FAILED)
      })
    })

  credentials
    .command('delete')
    .description('remove a profile and its keychain entry')
    .option('--profile <name>', 'profile name (default: the active one)')
    .action((options: ProfileOption) =>
      withCore(ctx, async (core) => {
        const deleted = await core.credentials.delete(options.profile)
        if (deleted.ok) ctx.stdout.write(`Deleted.\n${describe(deleted.value)}`)
        else fail(ctx, deleted.error)
      }),
    )
}
