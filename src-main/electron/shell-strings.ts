import type { Language } from '../../src-shared/commands'

/**
 * What main itself words, in both languages: menu headings and standard roles, the tray, the quit
 * question, notices and the About box. Command names come from src-shared/commands instead, so a
 * command reads the same in the menu, the tray and the page.
 */
const en = {
  file: '&File',
  edit: '&Edit',
  view: '&View',
  window: '&Window',
  help: '&Help',
  cut: 'Cu&t',
  copy: '&Copy',
  paste: '&Paste',
  resetZoom: 'Actual Size',
  zoomIn: 'Zoom In',
  zoomOut: 'Zoom Out',
  fullScreen: 'Toggle Full Screen',
  minimize: 'Minimize',
  zoom: 'Zoom',
  front: 'Bring All to Front',
  closeWindow: 'Close Window',
  services: 'Services',
  hide: 'Hide Greenlight',
  hideOthers: 'Hide Others',
  showAll: 'Show All',
  quit: 'Quit Greenlight',
  pauseScanning: 'Pause Scanning',
  resumeScanning: 'Resume Scanning',
  showWindow: 'Show Greenlight',
  waitingForReview: '{count} waiting for review',
  trayIdle: 'Greenlight: watching {folders} folder(s)',
  trayScanning: 'Greenlight: scanning, {left} left',
  trayReview: '{count} waiting for review',
  backgroundTitle: 'Greenlight is still watching',
  backgroundBody:
    'Closing the window keeps your watched folders watched. Greenlight stays in the tray; quit it from there.',
  backgroundBodyMac:
    'Closing the window keeps your watched folders watched. Greenlight stays in the menu bar; quit it from there.',
  quitTitle: 'A scan is still running',
  quitMessage: '{left} image(s) are still being scanned.',
  quitDetail:
    'Finish in the background keeps Greenlight running (in the tray) until they are done. Stop quits now: the unfinished images wait in the queue and resume at the next start.',
  quitFinish: 'Finish in the Background',
  quitStop: 'Stop and Quit',
  cancel: 'Cancel',
  aboutTitle: 'About Greenlight',
  aboutVersion: 'Version {version}',
  aboutDataFolder: 'Data folder: {path}',
  aboutComponents: 'Engines and libraries:',
  ok: 'OK',
  blockedTitle: 'Greenlight: image blocked',
  blockedMoreTitle: 'Greenlight: more images blocked',
  blockedMoreOne: '1 more watched image was blocked. Open Greenlight to review it.',
  blockedMoreMany: '{count} more watched images were blocked. Open Greenlight to review them.',
} as const

export type ShellStringKey = keyof typeof en

const zhCN: Readonly<Record<ShellStringKey, string>> = {
  file: '文件(&F)',
  edit: '编辑(&E)',
  view: '视图(&V)',
  window: '窗口(&W)',
  help: '帮助(&H)',
  cut: '剪切(&T)',
  copy: '复制(&C)',
  paste: '粘贴(&P)',
  resetZoom: '实际大小',
  zoomIn: '放大',
  zoomOut: '缩小',
  fullScreen: '切换全屏',
  minimize: '最小化',
  zoom: '缩放',
  front: '前置全部窗口',
  closeWindow: '关闭窗口',
  services: '服务',
  hide: '隐藏 Greenlight',
  hideOthers: '隐藏其他',
  showAll: '全部显示',
  quit: '退出 Greenlight',
  pauseScanning: '暂停扫描',
  resumeScanning: '继续扫描',
  showWindow: '显示 Greenlight',
  waitingForReview: '{count} 张待复核',
  trayIdle: 'Greenlight：正在监视 {folders} 个文件夹',
  trayScanning: 'Greenlight：正在扫描，剩余 {left} 张',
  trayReview: '{count} 张待复核',
  backgroundTitle: 'Greenlight 仍在监视',
  backgroundBody: '关闭窗口后，监视的文件夹仍会继续监视。Greenlight 留在系统托盘中，可从托盘退出。',
  backgroundBodyMac:
    '关闭窗口后，监视的文件夹仍会继续监视。Greenlight 留在菜单栏中，可从菜单栏退出。',
  quitTitle: '扫描仍在进行',
  quitMessage: '还有 {left} 张图片正在扫描。',
  quitDetail:
    '“在后台完成”会让 Greenlight 在托盘中继续运行，直到扫描完成。“停止”会立即退出：未完成的图片留在队列中，下次启动时继续。',
  quitFinish: '在后台完成',
  quitStop: '停止并退出',
  cancel: '取消',
  aboutTitle: '关于 Greenlight',
  aboutVersion: '版本 {version}',
  aboutDataFolder: '数据文件夹：{path}',
  aboutComponents: '引擎与库：',
  ok: '确定',
  blockedTitle: 'Greenlight：图片已拦截',
  blockedMoreTitle: 'Greenlight：更多图片已拦截',
  blockedMoreOne: '又有 1 张监视的图片被拦截。打开 Greenlight 复核。',
  blockedMoreMany: '又有 {count} 张监视的图片被拦截。打开 Greenlight 复核。',
}

const STRINGS: Readonly<Record<Language, Readonly<Record<ShellStringKey, string>>>> = {
  en,
  'zh-CN': zhCN,
}

/** A shell string in `language`, with `{name}` placeholders filled in. */
export function shellText(
  language: Language,
  key: ShellStringKey,
  params: Readonly<Record<string, string | number>> = {},
): string {
  return STRINGS[language][key].replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name]
    return value === undefined ? whole : String(value)
  })
}
