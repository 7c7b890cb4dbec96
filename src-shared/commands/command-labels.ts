import type { CommandId } from './commands'

export type Language = 'en' | 'zh-CN'

/**
 * Command names in both languages, shared by main (the application menu, the tray) and the
 * renderer (toolbar buttons, the shortcut sheet), so the same command reads the same everywhere.
 * A trailing ellipsis means the command asks for more before it acts (a dialog), as platform
 * guidelines ask.
 */
export const COMMAND_LABELS: Readonly<Record<Language, Readonly<Record<CommandId, string>>>> = {
  en: {
    'add-files': 'Add Files…',
    'add-folder': 'Add Folder…',
    'watch-folder': 'Watch Folder…',
    export: 'Export…',
    settings: 'Settings',
    undo: 'Undo Decision',
    'select-all': 'Select All',
    find: 'Find',
    'toggle-view': 'List / Grid',
    'toggle-preview': 'Preview',
    'toggle-blur': 'Blur Risky Images',
    remove: 'Remove from Queue',
    'remove-shown': 'Remove Shown Items…',
    'clear-finished': 'Clear Finished…',
    'pause-resume': 'Pause / Resume Scanning',
    shortcuts: 'Keyboard Shortcuts',
    documentation: 'Documentation',
    about: 'About Greenlight',
  },
  'zh-CN': {
    'add-files': '添加文件…',
    'add-folder': '添加文件夹…',
    'watch-folder': '监视文件夹…',
    export: '导出…',
    settings: '设置',
    undo: '撤销决定',
    'select-all': '全选',
    find: '查找',
    'toggle-view': '列表 / 网格',
    'toggle-preview': '预览',
    'toggle-blur': '模糊高风险图片',
    remove: '从队列中移除',
    'remove-shown': '移除所有显示项…',
    'clear-finished': '清除已完成项…',
    'pause-resume': '暂停 / 继续扫描',
    shortcuts: '键盘快捷键',
    documentation: '文档',
    about: '关于 Greenlight',
  },
}

export function commandLabel(id: CommandId, language: Language): string {
  return COMMAND_LABELS[language][id]
}
