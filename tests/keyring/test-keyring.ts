import { spawn, spawnSync, type ChildProcess } from 'node:child_process'
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'

/**
 * A private, unlocked Secret Service for tests: its own D-Bus session bus and gnome-keyring with
 * HOME in a temp dir. Tests talk to a real keychain through keytar and secret-tool, and never
 * touch the keychain of the person running them.
 */
export interface TestKeyring {
  /** Env vars that point keytar, secret-tool and child processes at this keyring. */
  readonly env: { DBUS_SESSION_BUS_ADDRESS: string; HOME: string; XDG_RUNTIME_DIR: string }
  stop(): void
}

const PASSWORD = 'greenlight-test-keyring'

function has(command: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${command}`]).status === 0
}

/** Why a keyring cannot be started here, or null when it can. */
/** keyringUnavailableReason, except that in CI a missing keyring fails the run instead of skipping. */
export function keyringSkipReason(): string | null {
  const reason = keyringUnavailableReason()
  if (reason && process.env.CI) throw new Error(`CI must test the real keychain: ${reason}`)
  return reason
}

export function keyringUnavailableReason(): string | null {
  if (process.platform !== 'linux') return 'the test keyring is built on gnome-keyring (Linux only)'
  for (const command of ['dbus-daemon', 'gnome-keyring-daemon', 'secret-tool']) {
    if (!has(command)) return `${command} is not installed (see README: apt packages)`
  }
  return null
}

function readLine(child: ChildProcess): Promise<string> {
  return new Promise((resolve, reject) => {
    let buffered = ''
    const onData = (chunk: Buffer) => {
      buffered += chunk.toString('utf8')
      const newline = buffered.indexOf('\n')
      if (newline >= 0) {
        child.stdout?.off('data', onData)
        resolve(buffered.slice(0, newline).trim())
      }
    }
    child.stdout?.on('data', onData)
    child.once('exit', (code) => {
      reject(new Error(`dbus-daemon exited early (${String(code)})`))
    })
  })
}

export async function startTestKeyring(): Promise<TestKeyring> {
  const reason = keyringUnavailableReason()
  if (reason) throw new Error(`Cannot start a test keyring: ${reason}`)
  const home = mkdtempSync(join(tmpdir(), 'greenlight-keyring-'))
  const runtime = join(home, 'run')
  mkdirSync(join(home, '.local', 'share', 'keyrings'), { recursive: true })
  mkdirSync(runtime, { mode: 0o700 })

  const bus = spawn('dbus-daemon', ['--session', '--nofork', '--print-address=1'], {
    stdio: ['ignore', 'pipe', 'ignore'],
    env: { ...process.env, HOME: home, XDG_RUNTIME_DIR: runtime },
  })
  const address = await readLine(bus)
  const env = { DBUS_SESSION_BUS_ADDRESS: address, HOME: home, XDG_RUNTIME_DIR: runtime }

  // --unlock reads the password on stdin, creates the login keyring with it if needed, and
  // daemonizes; --components=secrets is all keytar and secret-tool need.
  const unlocked = spawnSync('gnome-keyring-daemon', ['--unlock', '--components=secrets'], {
    input: PASSWORD,
    env: { ...process.env, ...env },
    encoding: 'utf8',
  })
  if (unlocked.status !== 0) {
    bus.kill()
    throw new Error(`gnome-keyring-daemon --unlock failed: ${unlocked.stderr}`)
  }
  const control = /GNOME_KEYRING_PID=(\d+)/.exec(unlocked.stdout)?.[1]

  return {
    env,
    stop() {
      if (control) {
        try {
          process.kill(Number(control))
        } catch {
          // already gone
        }
      }
      bus.kill()
      rmSync(home, { recursive: true, force: true })
    },
  }
}
