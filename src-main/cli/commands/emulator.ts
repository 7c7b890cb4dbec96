import type { Command } from 'commander'
import {
  startEmulator,
  type EmulatorOptions,
  type RunningEmulator,
} from '../../core/engines/green/emulator/emulator'
import type { CliContext } from '../cli-context'
import { UsageError } from '../usage-error'
import { terminalSafeLines } from '../terminal-text'

interface EmulatorFlags {
  port: string
  qps: string
  latencyMs: string
  faultRate: string
  asyncDelayMs: string
  ak?: string
  secret?: string
}

function number(name: string, text: string, min: number, max: number, integer: boolean): number {
  const value = Number(text)
  if (
    !Number.isFinite(value) ||
    value < min ||
    value > max ||
    (integer && !Number.isInteger(value))
  ) {
    throw new UsageError(
      `--${name} must be ${integer ? 'an integer' : 'a number'} from ${min} to ${max}; got "${text}".`,
    )
  }
  return value
}

/** Flags → emulator options; bad values are usage errors (exit 2). */
export function emulatorOptionsFrom(flags: EmulatorFlags): EmulatorOptions {
  if ((flags.ak === undefined) !== (flags.secret === undefined)) {
    throw new UsageError('Give --ak and --secret together, or neither (a random secret is made).')
  }
  return {
    port: number('port', flags.port, 0, 65535, true),
    qps: number('qps', flags.qps, 0, 1_000_000, true),
    latencyMs: number('latency-ms', flags.latencyMs, 0, 600_000, true),
    faultRate: number('fault-rate', flags.faultRate, 0, 1, false),
    asyncDelayMs: number('async-delay-ms', flags.asyncDelayMs, 0, 3_600_000, true),
    ...(flags.ak !== undefined && flags.secret !== undefined
      ? { accessKeyId: flags.ak, accessKeySecret: flags.secret }
      : {}),
  }
}

/** What the user needs to point Greenlight (or any Alibaba SDK) at the emulator. */
export function emulatorBanner(emu: RunningEmulator, options: EmulatorOptions): string {
  return [
    `Green emulator (API 2018-05-09) listening on ${emu.endpoint}`,
    `  AccessKey ID:     ${emu.accessKeyId}`,
    `  AccessKey secret: ${emu.accessKeySecret}`,
    `  QPS ${options.qps ?? 50} images/s per key, latency ${options.latencyMs ?? 0} ms, fault rate ${options.faultRate ?? 0}, async results after ${options.asyncDelayMs ?? 2000} ms`,
    '',
    'Point Greenlight at it:',
    `  export ALIBABA_CLOUD_ACCESS_KEY_ID=${emu.accessKeyId}`,
    `  export ALIBABA_CLOUD_ACCESS_KEY_SECRET=${emu.accessKeySecret}`,
    `  greenlight scan --engine green --endpoint ${emu.endpoint} <photos...>`,
    'or keep it as a credentials profile:',
    `  printf '%s\\n%s\\n' '${emu.accessKeyId}' '${emu.accessKeySecret}' | greenlight credentials set --profile emulator --endpoint ${emu.endpoint}`,
    'Uploads go to its built-in OSS; verdicts are made up, deterministic per image.',
    'Press Ctrl+C to stop.',
    '',
  ].join('\n')
}

/** Runs until `stop` fires, then closes the server and its connections. */
export async function runEmulatorUntil(
  options: EmulatorOptions,
  ctx: Pick<CliContext, 'stdout' | 'stderr'>,
  stop: AbortSignal,
): Promise<void> {
  let emu: RunningEmulator
  try {
    emu = await startEmulator(options)
  } catch (error) {
    const code = (error as { code?: unknown }).code
    throw new UsageError(
      code === 'EADDRINUSE'
        ? `Port ${options.port ?? 0} is in use. Pick another with --port, or --port 0 for any free port.`
        : `The emulator could not start: ${error instanceof Error ? error.message : String(error)}`,
    )
  }
  ctx.stdout.write(terminalSafeLines(emulatorBanner(emu, options)))
  if (!stop.aborted) {
    await new Promise<void>((resolve) => {
      stop.addEventListener(
        'abort',
        () => {
          resolve()
        },
        { once: true },
      )
    })
  }
  await emu.close()
  ctx.stderr.write('Green emulator stopped.\n')
}

export function registerEmulatorCommand(program: Command, ctx: CliContext): void {
  program
    .command('emulator')
    .description(
      'Run a local Green emulator (signatures, limits, faults) to try Greenlight without an account',
    )
    .option('--port <port>', 'port on 127.0.0.1 (0 picks a free one)', '0')
    .option('--qps <n>', 'images per second per AccessKey before 588 (0: no limit)', '50')
    .option(
      '--latency-ms <ms>',
      'network round trip added to every answer, uploads (OSS PUT) included',
      '0',
    )
    .option(
      '--fault-rate <p>',
      'probability (0–1) of a 500, a dropped connection or a per-task 592',
      '0',
    )
    .option('--async-delay-ms <ms>', 'how long async tasks answer 280', '2000')
    .option('--ak <id>', 'AccessKey ID to accept (with --secret)')
    .option('--secret <secret>', 'AccessKey secret to accept (with --ak)')
    .action(async (flags: EmulatorFlags) => {
      const options = emulatorOptionsFrom(flags)
      const stop = new AbortController()
      const onSignal = (): void => {
        stop.abort()
      }
      process.once('SIGINT', onSignal)
      process.once('SIGTERM', onSignal)
      try {
        await runEmulatorUntil(options, ctx, stop.signal)
      } finally {
        process.off('SIGINT', onSignal)
        process.off('SIGTERM', onSignal)
      }
    })
}
