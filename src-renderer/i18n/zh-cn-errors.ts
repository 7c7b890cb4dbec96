import type { enErrors } from './en-errors'

/** Errors, notes, actions and Green's labels in Simplified Chinese (see en-errors.ts). */
export const zhCNErrors: Record<keyof typeof enErrors, string> = {
  'error.VALIDATION': '输入无效，已被拒绝：{detail}',
  'error.FORBIDDEN_SENDER': '请求来自 Greenlight 不信任的页面，已被拒绝。',
  'error.UNKNOWN_CHANNEL': 'Greenlight 不认识这个请求。请更新或重新启动 Greenlight。',
  'error.NOT_FOUND': '所指的内容已不存在。',
  'error.NOT_FOUND.profile': '没有名为 {profile} 的账号配置。',
  'error.NOT_FOUND.watch-folder': '该文件夹已不在监视列表中。',
  'error.NOT_FOUND.add-expired': '本次添加的部分内容已丢失或过期：请重新添加这些图片。',
  'error.NOT_FOUND.export': '找不到这次导出的记录：请重新导出。',
  'error.NOT_FOUND.file': '{path} 已不存在。',
  'error.NOT_FOUND.scanned-image': '没有与 {name} 对应的已检测图片：请先检测，再更正。',
  'error.INTERNAL': 'Greenlight 内部出错：{detail}',
  'error.DB': 'Greenlight 无法读取检测结果：{detail}。请重试。',
  'error.FILE_NOT_FOUND': '找不到 {name}。请检查路径后重新添加。',
  'error.FILE_NOT_FOUND.gone': '{name} 已不存在（添加后被移动或删除）。请检查路径后重新添加。',
  'error.FILE_NOT_FOUND.missing': '{path} 处没有任何内容。请检查路径后重试。',
  'error.FILE_NOT_FOUND.link-loop': '{path} 是指向自身的链接。请修复或删除该链接。',
  'error.FILE_NOT_FOUND.watch-folder':
    '监视的文件夹 {folder} 不存在（已删除、改名，或其磁盘未挂载）。它恢复后会自动继续监视。',
  'error.FILE_UNREADABLE': '无法读取 {name}。请检查磁盘后重试。',
  'error.FILE_UNREADABLE.permission': '无法读取 {name}（权限不足）。请修改其权限后重试。',
  'error.FILE_UNREADABLE.io': '无法读取 {name}（{detail}）。请检查磁盘后重试。',
  'error.FILE_UNREADABLE.hung':
    '{name} 在 {seconds} 秒内没有响应（磁盘或网络共享过慢或无响应）。稍后会再次尝试。',
  'error.FILE_UNREADABLE.stdin': '无法读取通过管道传入的图片。',
  'error.FILE_UNREADABLE.watch-limit':
    '本机可监视的文件夹数已达上限，因此改为定期检查 {folder}。提高 inotify 上限即可实时监视。',
  'error.FILE_UNREADABLE.upload-digest': '文件在上传过程中被修改。稍后会重试。',
  'error.FILE_EMPTY': '{name} 是空文件（0 字节）。请从来源重新复制。',
  'error.FILE_EMPTY.file': '{name} 是空文件（0 字节）。请从来源重新复制。',
  'error.FILE_EMPTY.stdin': '标准输入没有收到任何内容。',
  'error.NOT_AN_IMAGE': '{name} 不是图片，无论其文件名如何。请将其移出本批次。',
  'error.NOT_AN_IMAGE.content':
    '{name} 不是图片，无论其文件名如何（内容不是 PNG、JPEG、BMP、GIF、WebP、TIFF 或 AVIF）。请将其移出本批次。',
  'error.NOT_AN_IMAGE.green-format':
    '内容安全服务无法读取这种图片格式。请使用 PNG、JPG、BMP、GIF 或 WebP。',
  'error.IMAGE_CORRUPT': '{name} 已损坏。请重新复制或导出。',
  'error.IMAGE_CORRUPT.damaged':
    '{name} 看起来是图片，但已损坏（{detail}）。文件可能不完整：请重新复制或导出。',
  'error.IMAGE_CORRUPT.green-frames': '内容安全服务无法从 {name} 中提取帧。请确认文件没有损坏。',
  'error.IMAGE_TOO_LARGE': '{name} 太大，无法检测。请另存一个较小的副本后重新添加。',
  'error.IMAGE_TOO_LARGE.pixels':
    '{name} 超过 {limit} 百万像素，因此没有打开：声称有这么多像素的文件通常已损坏。如果确实是图片，请缩小到 {limit} 百万像素以下后重新添加。',
  'error.IMAGE_TOO_LARGE.bytes':
    '{name} 超过 {limit} MB，太大无法读取。请另存一个较小的副本后重新添加。',
  'error.IMAGE_TOO_LARGE.green':
    '{name} 超出内容安全服务的限制（最大 20 MB，每边最多 30,000 像素）。请缩小后重新检测。',
  'error.UNSUPPORTED_INPUT': '无法检测 {name}。',
  'error.UNSUPPORTED_INPUT.folder': '{name} 是文件夹，不是图片。请添加该文件夹以检测其中内容。',
  'error.UNSUPPORTED_INPUT.not-regular': '{name} 不是普通文件。只能检测图片文件。',
  'error.UNSUPPORTED_INPUT.encoding':
    '{name} 使用了本机无法读取的图片编码。请导出为 JPEG 或 PNG 后重新添加。',
  'error.UNSUPPORTED_INPUT.list-is-folder':
    '{path} 是文件夹，不是列表文件。去掉 @ 即可检测该文件夹。',
  'error.UNSUPPORTED_INPUT.stdin-terminal': '标准输入是终端，不是图片数据。',
  'error.UNSUPPORTED_INPUT.stdin-here': '“-”（标准输入）只能在命令行中使用。',
  'error.UNSUPPORTED_INPUT.stdin-twice': '标准输入（-）只能指定一次。',
  'error.UNSUPPORTED_INPUT.watch-file': '{path} 是文件。请选择要监视的文件夹。',
  'error.UNSUPPORTED_INPUT.no-file-manager': '此 Greenlight 无法打开文件管理器。',
  'error.UNSUPPORTED_INPUT.input': '无法检测 {path}：{detail}',
  'error.UNSUPPORTED_INPUT.url-offline':
    '本地引擎只检测本机文件，从不下载。请将图片保存到磁盘，或用阿里云内容安全检测链接。',
  'error.NOT_A_FILE':
    '{name} 不是普通文件（命名管道、套接字、设备或文件夹），因此没有打开它。只能扫描图片文件。',
  'error.NOT_A_FILE.folder': '{name} 是文件夹，不是图片。请添加该文件夹本身以检测其中内容。',
  'error.NOT_A_FILE.pipe': '{name} 是命名管道（FIFO），不是图片文件：没有打开它。',
  'error.NOT_A_FILE.socket': '{name} 是套接字，不是图片文件：没有打开它。',
  'error.NOT_A_FILE.device': '{name} 是设备，不是图片文件：没有打开它。',
  'error.NOT_A_FILE.other': '{name} 不是普通文件：没有打开它。',
  'error.NETWORK': '网络出错。请检查网络连接；稍后会重试。',
  'error.NETWORK.unreachable':
    '无法连接内容安全服务（{detail}）。请检查网络连接和服务地址；稍后会重试。',
  'error.NETWORK.failed': '与内容安全服务的连接失败（{detail}）。稍后会重试。',
  'error.TIMEOUT': '内容安全服务没有及时响应。稍后会重试；如果持续出现，请检查网络。',
  'error.CANCELLED': '在完成之前已取消。',
  'error.THROTTLED': '内容安全服务正在对此账号限流（每秒图片数配额）。稍后会重试。',
  'error.SERVER_ERROR': '内容安全服务出现服务器错误。稍后会重试。',
  'error.SERVER_ERROR.temporary': '内容安全服务出现临时服务器错误。稍后会重试。',
  'error.SERVER_ERROR.unavailable':
    '内容安全服务暂时不可用。稍后会重试；如果持续出现，请检查地域。',
  'error.SERVER_ERROR.unexpected': '内容安全服务返回了意外的服务器错误。稍后会重试。',
  'error.BAD_REQUEST': '内容安全服务拒绝了请求。请检查图片 URL 和检测场景。',
  'error.BAD_REQUEST.invalid': '内容安全服务认为请求无效。请检查图片 URL 和检测场景。',
  'error.BAD_REQUEST.missing-parameter':
    '内容安全服务称缺少必需参数。这是 Greenlight 的缺陷，请报告。',
  'error.BAD_REQUEST.unexpected': '内容安全服务对此请求返回了意外错误。',
  'error.DOWNLOAD_FAILED': '内容安全服务无法下载该图片。',
  'error.DOWNLOAD_FAILED.unsafe-url':
    '内容安全服务认为该 URL 不安全（例如发生了跳转）。请使用图片的直接地址。',
  'error.DOWNLOAD_FAILED.not-downloadable':
    '内容安全服务无法下载该图片，或其大小不被允许。请确认该 URL 可公开访问。',
  'error.DOWNLOAD_FAILED.slow': '内容安全服务下载该图片超过 3 秒。稍后会重试；更快的主机会有帮助。',
  'error.DOWNLOAD_FAILED.hotlink': '内容安全服务无权读取该图片（防盗链）。请将 URL 设为公开。',
  'error.DOWNLOAD_FAILED.not-found': '内容安全服务找不到该图片。请确认该 URL 仍然有效。',
  'error.DOWNLOAD_FAILED.upload-lost':
    '内容安全服务已不再保存 Greenlight 上传的副本。将重新上传并检测。',
  'error.TASK_EXPIRED': '内容安全服务已不再保存该结果（只保留一小时）。请重新检测该图片。',
  'error.NOT_GREEN_ENDPOINT': '该服务地址不是内容安全服务。请在设置中检查地域和服务地址。',
  'error.NOT_GREEN_ENDPOINT.api': '该服务地址不提供内容安全 API。请在设置中检查地域和服务地址。',
  'error.NOT_GREEN_ENDPOINT.bucket':
    '内容安全服务指定的上传存储空间不存在。请在设置中检查服务地址。',
  'error.AUTH_INVALID_KEY': '内容安全服务拒绝了该 AccessKey。请在设置中检查。',
  'error.AUTH_INVALID_KEY.unknown-id':
    '内容安全服务不认识该 AccessKey ID。请在设置中检查，或新建一个 AccessKey。',
  'error.AUTH_INVALID_KEY.disabled': '该 AccessKey 已被禁用。请启用它，或改用其他 AccessKey。',
  'error.AUTH_INVALID_KEY.bad-token': 'STS 令牌无效。请在设置中输入新的令牌。',
  'error.AUTH_INVALID_KEY.token-mismatch':
    'STS 令牌属于另一个 AccessKey。请在设置中输入配对的一组。',
  'error.AUTH_SIGNATURE': '内容安全服务拒绝了请求签名。请在设置中检查 AccessKey 密钥。',
  'error.AUTH_SIGNATURE.signature': '内容安全服务拒绝了请求签名。请在设置中检查 AccessKey 密钥。',
  'error.AUTH_SIGNATURE.no-header': '请求没有有效的签名。请在设置中检查账号。',
  'error.AUTH_SIGNATURE.nonce': '内容安全服务收到了重复的请求。稍后会重试。',
  'error.AUTH_SIGNATURE.date': '内容安全服务无法读取请求时间。请同步本机时钟。',
  'error.AUTH_EXPIRED': '凭据已过期。请在设置中输入新的凭据。',
  'error.AUTH_EXPIRED.token': 'STS 令牌已过期。请在设置中输入新的令牌。',
  'error.AUTH_EXPIRED.clock': '本机时钟偏差超过 15 分钟。请同步时钟，然后继续。',
  'error.AUTH_EXPIRED.upload-token': '上传凭据已过期。正在获取新的凭据。',
  'error.PERMISSION_DENIED': '该 AccessKey 无权使用内容安全。请在 RAM 控制台授权。',
  'error.PERMISSION_DENIED.ram': '该 AccessKey 缺少内容安全的 RAM 权限。请在阿里云控制台授权。',
  'error.PERMISSION_DENIED.oss': '上传被拒绝。请确认此账号已开通内容安全。',
  'error.PERMISSION_DENIED.refused': '内容安全服务拒绝了请求。请检查 AccessKey 及其权限。',
  'error.SERVICE_NOT_ACTIVATED': '此账号尚未开通内容安全。请在阿里云控制台开通。',
  'error.CREDENTIALS_MISSING': '没有可用的阿里云 AccessKey。请在设置中添加。',
  'error.CREDENTIALS_MISSING.no-account':
    '内容安全引擎需要阿里云 AccessKey。请在设置中添加，或使用本地引擎离线检测。',
  'error.CREDENTIALS_MISSING.profile-secret':
    '账号 {profile} 在钥匙串中已没有密钥。请在设置中重新输入。',
  'error.CREDENTIALS_MISSING.feedback':
    '对内容安全结果的更正会发送给内容安全服务，需要检测时使用的 AccessKey。请在设置中添加。',
  'error.KEYCHAIN_UNAVAILABLE':
    '无法使用系统钥匙串，因此无法保存密钥。请解锁钥匙串，或设置 ALIBABA_CLOUD_ACCESS_KEY_* 环境变量。',
  'error.KEYCHAIN_UNAVAILABLE.timeout':
    '系统钥匙串没有响应，可能已锁定并在等待输入密码：请解锁后重试。也可以改为设置 ALIBABA_CLOUD_ACCESS_KEY_ID 和 ALIBABA_CLOUD_ACCESS_KEY_SECRET 环境变量。',
  'error.KEYCHAIN_UNAVAILABLE.locked':
    '系统钥匙串已锁定，或请求被取消。请解锁后重试。也可以改为设置 ALIBABA_CLOUD_ACCESS_KEY_ID 和 ALIBABA_CLOUD_ACCESS_KEY_SECRET 环境变量。',
  'error.KEYCHAIN_UNAVAILABLE.no-service':
    '没有可用的系统钥匙串：Greenlight 需要桌面会话中运行的 Secret Service（GNOME Keyring 或 KWallet）。也可以改为设置 ALIBABA_CLOUD_ACCESS_KEY_ID 和 ALIBABA_CLOUD_ACCESS_KEY_SECRET 环境变量。',
  'error.KEYCHAIN_UNAVAILABLE.module':
    '无法在本系统上加载钥匙串模块。也可以改为设置 ALIBABA_CLOUD_ACCESS_KEY_ID 和 ALIBABA_CLOUD_ACCESS_KEY_SECRET 环境变量。',
  'error.KEYCHAIN_UNAVAILABLE.refused':
    '系统钥匙串拒绝了该请求。也可以改为设置 ALIBABA_CLOUD_ACCESS_KEY_ID 和 ALIBABA_CLOUD_ACCESS_KEY_SECRET 环境变量。',
  'error.SCENE_UNSUPPORTED': '此引擎无法检测所选的某个场景。',
  'error.ENGINE_FAILED': '引擎无法判定这张图片。稍后会再次尝试。',
  'error.ENGINE_FAILED.no-answer': '引擎没有返回这张图片的结果。将重新检测。',
  'error.ENGINE_FAILED.crashed': '本地引擎在判定这张图片时停止了。稍后会再次尝试。',
  'error.ENGINE_FAILED.model': '本地引擎无法加载模型：{detail}',
  'error.FILE_UNWRITABLE': '无法写入文件。请检查文件夹和磁盘。',
  'error.FILE_UNWRITABLE.temp-dir':
    '无法写入临时文件夹 {folder}，因此无法缩小超出限制的图片。请释放一些磁盘空间后重试。',
  'error.FILE_UNWRITABLE.export':
    '无法写入 {file}。请检查文件夹是否存在、是否有写入权限、文件是否被其他程序打开，以及磁盘是否有空间。',
  'error.EXPORT_TARGET_PROTECTED':
    '该文件是 Greenlight 自己的文件（数据库、日志或缩略图）。请选择 Greenlight 数据文件夹之外的文件。',
  'error.STORAGE_FULL':
    '数据文件夹 {folder} 所在的磁盘已满。数据没有丢失：请释放一些空间，然后继续。',
  'error.STORAGE_READONLY':
    'Greenlight 无法写入数据文件夹 {folder}：它是只读的，或您没有权限。请使其可写，然后继续。',
  'error.STORAGE_CORRUPT':
    '{folder} 中的数据库已损坏。请重新启动 Greenlight：损坏的文件会被另行保留，并新建一个数据库。',
  'error.STORAGE_UNAVAILABLE': '无法访问数据文件夹 {folder}。请确认它所在的磁盘已连接，然后继续。',
  'error.FILE_CHANGED': '{name} 在扫描过程中被修改：改为对其新内容重新计算哈希并审核。',
  'error.greenCode': '（内容安全错误码 {code}）',
  'action.retry': '重试',
  'action.openSettings': '打开设置',
  'action.showInFolder': '在文件夹中显示',
  'note.cache-reused': '沿用了同一图片先前的检测结果：没有新的调用，不产生费用。',
  'note.same-as-item': '与第 {item} 项是同一图片：沿用其结果（一次调用，一次计费）。',
  'note.same-as-submitted': '与已提交的某张图片相同：等待其结果（一次计费）。',
  'note.legacy': '早先的说明：{text}',
  'note.preflight.firstFrame': '只保留了其 {frames} 帧中的第一帧',
  'note.preflight.downscaled': '已从 {width}×{height} 缩小到 {sentWidth}×{sentHeight}',
  'note.preflight.framesKept':
    '已从 {width}×{height} 缩小到 {sentWidth}×{sentHeight}（保留全部 {sentFrames} 帧）',
  'note.preflight.reencoded': '已重新编码为 {format}（{size} → {sentSize}）',
  'note.preflight.join': '，并',
  'note.preflight.fit': '为符合内容安全服务的限制，{changes}',
  'note.preflight.format': '因内容安全服务不接受 {format}，{changes}',
  'scene.porn': '色情',
  'scene.terrorism': '暴恐',
  'scene.ad': '广告',
  'scene.qrcode': '二维码',
  'scene.live': '不良场景',
  'scene.logo': '标志',
  'label.normal': '正常',
  'label.sexy': '性感',
  'label.porn': '色情',
  'label.bloody': '血腥',
  'label.explosion': '爆炸烟光',
  'label.outfit': '特殊装束',
  'label.logo': '特殊标识',
  'label.weapon': '武器',
  'label.politics': '涉政',
  'label.violence': '打斗',
  'label.crowd': '聚众',
  'label.parade': '游行',
  'label.carcrash': '车祸现场',
  'label.flag': '旗帜',
  'label.location': '地标',
  'label.drug': '涉毒',
  'label.gamble': '赌博',
  'label.others': '其他',
  'label.ad': '广告',
  'label.abuse': '辱骂',
  'label.terrorism': '暴恐',
  'label.contraband': '违禁',
  'label.spam': '垃圾信息',
  'label.npx': '牛皮癣广告',
  'label.qrcode': '二维码',
  'label.programCode': '小程序码',
  'label.meaningless': '无意义画面',
  'label.PIP': '画中画',
  'label.smoking': '吸烟',
  'label.drivelive': '车内直播',
  'label.TV': '台标',
  'label.trademark': '商标',
}
