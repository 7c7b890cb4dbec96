/**
 * Errors, notes, actions and Green's labels in English. Every error code has an `error.<CODE>`
 * key and every reason an `error.<CODE>.<reason>` key (word-error.ts picks the most precise one
 * whose placeholders the error fills); `catalogue.test.ts` walks the closed unions.
 */
export const enErrors = {
  // transport and contract
  'error.VALIDATION': 'This was refused as not valid: {detail}',
  'error.VALIDATION.choose-scene': 'Nothing was flagged on this image: choose the scene to block.',
  'error.VALIDATION.already-passes': 'Nothing is flagged on this image: it already passes.',
  'error.VALIDATION.decision-sent':
    'This decision was already sent to Green and cannot be taken back there.',
  'error.VALIDATION.decision-sending':
    'This decision is being sent to Green right now and cannot be taken back.',
  'error.FORBIDDEN_SENDER':
    'A request came from a page Greenlight does not trust, and was refused.',
  'error.UNKNOWN_CHANNEL': 'Greenlight does not know this request. Update or restart Greenlight.',
  'error.NOT_FOUND': 'What this refers to is no longer there.',
  'error.NOT_FOUND.profile': 'There is no account profile named {profile}.',
  'error.NOT_FOUND.watch-folder': 'That folder is no longer on the watch list.',
  'error.NOT_FOUND.add-expired': 'Part of this add was lost or has expired: add the images again.',
  'error.NOT_FOUND.export': 'That export is no longer known: export again to see it.',
  'error.NOT_FOUND.file': '{path} is no longer there.',
  'error.NOT_FOUND.scanned-image':
    'No scanned image matches {name}: scan it first, then correct it.',
  'error.NOT_FOUND.decision': 'There is no decision to undo.',
  'error.INTERNAL': 'Something went wrong inside Greenlight: {detail}',
  'error.DB': 'Greenlight could not read its results: {detail}. Try again.',
  // inputs
  'error.FILE_NOT_FOUND': '{name} was not found. Check the path and add it again.',
  'error.FILE_NOT_FOUND.gone':
    '{name} does not exist any more (moved or deleted after it was added). Check the path and add it again.',
  'error.FILE_NOT_FOUND.missing': 'Nothing found at {path}. Check the path and try again.',
  'error.FILE_NOT_FOUND.link-loop':
    '{path} is a link that points back to itself. Fix or remove the link.',
  'error.FILE_NOT_FOUND.watch-folder':
    'The watched folder {folder} is not there (removed, renamed, or its drive is not mounted). Watching resumes by itself when it is back.',
  'error.FILE_UNREADABLE': '{name} cannot be read. Check the disk, then retry.',
  'error.FILE_UNREADABLE.permission':
    '{name} cannot be read (permission denied). Fix its permissions, then retry.',
  'error.FILE_UNREADABLE.io': '{name} cannot be read ({detail}). Check the disk, then retry.',
  'error.FILE_UNREADABLE.hung':
    '{name} did not answer within {seconds} s (a slow or hung disk or network share). It will be tried again.',
  'error.FILE_UNREADABLE.stdin': 'Could not read the image piped in.',
  'error.FILE_UNREADABLE.watch-limit':
    'This computer’s limit on watched folders is reached, so {folder} is checked by polling. Raise the inotify limit to watch it live.',
  'error.FILE_UNREADABLE.upload-digest':
    'The file changed while it was uploaded. It will be retried.',
  'error.FILE_EMPTY': '{name} is empty (0 bytes). Copy it again from its source.',
  'error.FILE_EMPTY.file': '{name} is empty (0 bytes). Copy it again from its source.',
  'error.FILE_EMPTY.stdin': 'Nothing arrived on stdin.',
  'error.NOT_AN_IMAGE': '{name} is not an image, whatever its name says. Remove it from the batch.',
  'error.NOT_AN_IMAGE.content':
    '{name} is not an image, whatever its name says (its content is not PNG, JPEG, BMP, GIF, WebP, TIFF or AVIF). Remove it from the batch.',
  'error.NOT_AN_IMAGE.green-format':
    'Green could not read this image format. Use PNG, JPG, BMP, GIF or WebP.',
  'error.IMAGE_CORRUPT': '{name} is damaged. Copy or export it again.',
  'error.IMAGE_CORRUPT.damaged':
    '{name} looks like an image but is damaged ({detail}). The file is probably cut short: copy or export it again.',
  'error.IMAGE_CORRUPT.green-frames':
    'Green could not extract frames from {name}. Check that the file is not damaged.',
  'error.IMAGE_TOO_LARGE': '{name} is too large to scan. Save a smaller copy, then add it again.',
  'error.IMAGE_TOO_LARGE.pixels':
    '{name} has more than {limit} megapixels, so it was not opened: a file that claims this many is usually damaged. Downscale it below {limit} megapixels if it is a real image, then add it again.',
  'error.IMAGE_TOO_LARGE.bytes':
    '{name} is over {limit} MB, too big to read. Save a smaller copy, then add it again.',
  'error.IMAGE_TOO_LARGE.green':
    '{name} is too large for Green (at most 20 MB and 30,000 pixels a side). Shrink it and scan again.',
  'error.UNSUPPORTED_INPUT': '{name} cannot be scanned.',
  'error.UNSUPPORTED_INPUT.folder': '{name} is a folder, not an image. Add the folder to scan it.',
  'error.UNSUPPORTED_INPUT.not-regular':
    '{name} is not a regular file. Only image files can be scanned.',
  'error.UNSUPPORTED_INPUT.encoding':
    '{name} uses an image encoding this computer cannot read. Export it as JPEG or PNG and add it again.',
  'error.UNSUPPORTED_INPUT.list-is-folder':
    '{path} is a folder, not a list file. Give the folder without @ to scan it.',
  'error.UNSUPPORTED_INPUT.stdin-terminal': 'stdin is a terminal, not image bytes.',
  'error.UNSUPPORTED_INPUT.stdin-here': '"-" (stdin) works only on the command line.',
  'error.UNSUPPORTED_INPUT.stdin-twice': 'stdin (-) can be given only once.',
  'error.UNSUPPORTED_INPUT.watch-file': '{path} is a file. Choose a folder to watch.',
  'error.UNSUPPORTED_INPUT.no-file-manager': 'This Greenlight cannot open a file manager.',
  'error.UNSUPPORTED_INPUT.input': '{path} cannot be scanned: {detail}',
  'error.UNSUPPORTED_INPUT.url-offline':
    'The local engine judges local files only and never downloads. Save the image to disk, or scan links with Alibaba Green.',
  'error.NOT_A_FILE':
    '{name} is not a regular file (a named pipe, socket, device or folder), so it was not opened. Only image files can be scanned.',
  'error.NOT_A_FILE.folder':
    '{name} is a folder, not an image. Add the folder itself to scan what is in it.',
  'error.NOT_A_FILE.pipe': '{name} is a named pipe (FIFO), not an image file: it was not opened.',
  'error.NOT_A_FILE.socket': '{name} is a socket, not an image file: it was not opened.',
  'error.NOT_A_FILE.device': '{name} is a device, not an image file: it was not opened.',
  'error.NOT_A_FILE.other': '{name} is not a regular file: it was not opened.',
  // network and service
  'error.NETWORK': 'The network failed. Check the connection; it will be retried.',
  'error.NETWORK.unreachable':
    'Green could not be reached ({detail}). Check the connection and the endpoint; it will be retried.',
  'error.NETWORK.failed': 'The connection to Green failed ({detail}). It will be retried.',
  'error.TIMEOUT':
    'Green did not answer in time. It will be retried; check the network if it persists.',
  'error.CANCELLED': 'Cancelled before it finished.',
  'error.THROTTLED':
    'Green is throttling this account (its images-per-second quota). It will be retried.',
  'error.SERVER_ERROR': 'Green had a server error. It will be retried.',
  'error.SERVER_ERROR.temporary': 'Green had a temporary server error. It will be retried.',
  'error.SERVER_ERROR.unavailable':
    'Green is unavailable right now. It will be retried; check the region if it persists.',
  'error.SERVER_ERROR.unexpected': 'Green returned an unexpected server error. It will be retried.',
  'error.BAD_REQUEST': 'Green rejected the request. Check the image URL and scenes.',
  'error.BAD_REQUEST.invalid':
    'Green rejected the request as invalid. Check the image URL and scenes.',
  'error.BAD_REQUEST.missing-parameter':
    'Green says a required parameter is missing. This is a Greenlight bug; please report it.',
  'error.BAD_REQUEST.unexpected': 'Green returned an unexpected error for this request.',
  'error.DOWNLOAD_FAILED': 'Green could not download the image.',
  'error.DOWNLOAD_FAILED.unsafe-url':
    'Green refused the URL as unsafe (it redirects, say). Use a direct image URL.',
  'error.DOWNLOAD_FAILED.not-downloadable':
    'Green could not download the image, or its size is not allowed. Check that the URL is public.',
  'error.DOWNLOAD_FAILED.slow':
    'Green took more than 3 s to download the image. It will be retried; a faster host helps.',
  'error.DOWNLOAD_FAILED.hotlink':
    'Green may not read this image (hotlink protection). Make the URL public.',
  'error.DOWNLOAD_FAILED.not-found':
    'Green could not find this image. Check that the URL still works.',
  'error.DOWNLOAD_FAILED.upload-lost':
    'Green no longer has the copy Greenlight uploaded. It is uploaded and scanned again.',
  'error.TASK_EXPIRED':
    'Green no longer has this result (it keeps them one hour). Scan the image again.',
  'error.NOT_GREEN_ENDPOINT':
    'The endpoint does not answer as Green. Check the region and endpoint in Settings.',
  'error.NOT_GREEN_ENDPOINT.api':
    'The endpoint does not serve Green’s API. Check the region and endpoint in Settings.',
  'error.NOT_GREEN_ENDPOINT.bucket':
    'The upload bucket Green named does not exist. Check the endpoint in Settings.',
  // account
  'error.AUTH_INVALID_KEY': 'Green refused the AccessKey. Check it in Settings.',
  'error.AUTH_INVALID_KEY.unknown-id':
    'Green does not know this AccessKey ID. Check it in Settings, or create a new AccessKey.',
  'error.AUTH_INVALID_KEY.disabled': 'This AccessKey is disabled. Enable it, or use another one.',
  'error.AUTH_INVALID_KEY.bad-token': 'The STS token is not valid. Enter a fresh one in Settings.',
  'error.AUTH_INVALID_KEY.token-mismatch':
    'The STS token belongs to another AccessKey. Enter the matching pair in Settings.',
  'error.AUTH_SIGNATURE':
    'Green rejected the request signature. Check the AccessKey secret in Settings.',
  'error.AUTH_SIGNATURE.signature':
    'Green rejected the request signature. Check the AccessKey secret in Settings.',
  'error.AUTH_SIGNATURE.no-header':
    'The request had no valid signature. Check the account in Settings.',
  'error.AUTH_SIGNATURE.nonce': 'Green saw a repeated request. It will be retried.',
  'error.AUTH_SIGNATURE.date': 'Green could not read the request date. Sync this computer’s clock.',
  'error.AUTH_EXPIRED': 'The credentials have expired. Enter fresh ones in Settings.',
  'error.AUTH_EXPIRED.token': 'The STS token has expired. Enter a fresh one in Settings.',
  'error.AUTH_EXPIRED.clock':
    'This computer’s clock is off by more than 15 minutes. Sync the clock, then resume.',
  'error.AUTH_EXPIRED.upload-token': 'The upload credentials expired. New ones are fetched.',
  'error.PERMISSION_DENIED':
    'This AccessKey may not use Content Moderation. Grant it in the RAM console.',
  'error.PERMISSION_DENIED.ram':
    'This AccessKey lacks the RAM permission for Content Moderation. Grant it in the Alibaba Cloud console.',
  'error.PERMISSION_DENIED.oss':
    'The upload was refused. Check that Content Moderation is activated for this account.',
  'error.PERMISSION_DENIED.refused':
    'Green refused the request. Check the AccessKey and its permissions.',
  'error.SERVICE_NOT_ACTIVATED':
    'Content Moderation is not activated for this account. Activate it in the Alibaba Cloud console.',
  'error.CREDENTIALS_MISSING': 'No Alibaba Cloud AccessKey is available. Add one in Settings.',
  'error.CREDENTIALS_MISSING.no-account':
    'The Green engine needs an Alibaba Cloud AccessKey. Add one in Settings, or scan offline with the local engine.',
  'error.CREDENTIALS_MISSING.profile-secret':
    'The account {profile} has no secret in the keychain any more. Enter it again in Settings.',
  'error.CREDENTIALS_MISSING.feedback':
    'A correction of a Green verdict is sent to Green and needs the AccessKey it was scanned with. Add it in Settings.',
  'error.KEYCHAIN_UNAVAILABLE':
    'The system keychain cannot be used, so the secret cannot be kept. Unlock the keychain, or set the ALIBABA_CLOUD_ACCESS_KEY_* environment variables.',
  'error.KEYCHAIN_UNAVAILABLE.timeout':
    'The system keychain did not answer. It may be locked and waiting for a password: unlock it and try again. You can instead set the ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET environment variables.',
  'error.KEYCHAIN_UNAVAILABLE.locked':
    'The system keychain is locked or the request was cancelled. Unlock it and try again. You can instead set the ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET environment variables.',
  'error.KEYCHAIN_UNAVAILABLE.no-service':
    'No system keychain is available: Greenlight needs a Secret Service (GNOME Keyring or KWallet) running in your desktop session. You can instead set the ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET environment variables.',
  'error.KEYCHAIN_UNAVAILABLE.module':
    'The keychain module could not be loaded on this system. You can instead set the ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET environment variables.',
  'error.KEYCHAIN_UNAVAILABLE.refused':
    'The system keychain refused the request. You can instead set the ALIBABA_CLOUD_ACCESS_KEY_ID and ALIBABA_CLOUD_ACCESS_KEY_SECRET environment variables.',
  // engines
  'error.SCENE_UNSUPPORTED': 'This engine cannot judge one of the chosen scenes.',
  'error.ENGINE_FAILED': 'The engine could not judge this image. It will be tried again.',
  'error.ENGINE_FAILED.no-answer':
    'The engine returned no verdict for this image. It will be scanned again.',
  'error.ENGINE_FAILED.crashed':
    'The local engine stopped while judging this image. It will be tried again.',
  'error.ENGINE_FAILED.model': 'The local engine could not load its model: {detail}',
  // outputs
  'error.FILE_UNWRITABLE': 'The file could not be written. Check the folder and the disk.',
  'error.FILE_UNWRITABLE.temp-dir':
    'The temporary folder {folder} cannot be written, so an over-limit image could not be resized. Free some disk space, then retry.',
  'error.FILE_UNWRITABLE.export':
    'Could not write {file}. Check that the folder exists, you may write there, the file is not open elsewhere and the disk has room.',
  'error.EXPORT_TARGET_PROTECTED':
    'That file is one of Greenlight’s own (its database, logs or thumbnails). Choose a file outside Greenlight’s data folder.',
  // the data folder
  'error.STORAGE_FULL':
    'The disk holding the data folder {folder} is full. Nothing was lost: free some space there, then resume.',
  'error.STORAGE_READONLY':
    'Greenlight cannot write to its data folder {folder}: it is read-only or you lack permission. Make it writable, then resume.',
  'error.STORAGE_CORRUPT':
    'The database in {folder} is damaged. Restart Greenlight: the damaged file is kept aside and a new one is started.',
  'error.STORAGE_UNAVAILABLE':
    'Greenlight cannot reach its data folder {folder}. Check that its drive is attached, then resume.',
  'error.FILE_CHANGED':
    '{name} changed while it was being scanned: its new content is hashed and judged instead.',
  // Green's own code, after a Green error
  'error.greenCode': '(Green code {code})',
  // what the user can do about an error
  'action.retry': 'Retry',
  'action.openSettings': 'Open settings',
  'action.showInFolder': 'Show in folder',
  // notes
  'note.cache-reused':
    'Verdict reused from an earlier scan of the same image: no new call, no charge.',
  'note.same-as-item': 'Same image as item {item}: its verdict was reused (one call, one charge).',
  'note.same-as-submitted':
    'Same image as one already submitted: waits for that verdict (one charge).',
  'note.legacy': 'Earlier note: {text}',
  'note.preflight.firstFrame': 'kept only the first of its {frames} frames',
  'note.preflight.downscaled': 'downscaled from {width}×{height} to {sentWidth}×{sentHeight}',
  'note.preflight.framesKept':
    'downscaled from {width}×{height} to {sentWidth}×{sentHeight} (all {sentFrames} frames kept)',
  'note.preflight.reencoded': 're-encoded as {format} ({size} → {sentSize})',
  'note.preflight.join': ' and ',
  'note.preflight.fit': '{changes} to fit Green’s limits',
  'note.preflight.format': '{changes} because Green does not accept {format}',
  // Green's scenes and labels (docs/green-api.md §4.4); the API word stays in the chip's title.
  // Scenes keep their API names in English: they are what settings, the CLI and exports say.
  'scene.porn': 'porn',
  'scene.terrorism': 'terrorism',
  'scene.ad': 'ad',
  'scene.qrcode': 'qrcode',
  'scene.live': 'live',
  'scene.logo': 'logo',
  'label.normal': 'normal',
  'label.sexy': 'sexy',
  'label.porn': 'porn',
  'label.bloody': 'bloody',
  'label.explosion': 'explosion',
  'label.outfit': 'extremist outfit',
  'label.logo': 'logo',
  'label.weapon': 'weapon',
  'label.politics': 'politics',
  'label.violence': 'violence',
  'label.crowd': 'crowd',
  'label.parade': 'parade',
  'label.carcrash': 'car crash',
  'label.flag': 'flag',
  'label.location': 'landmark',
  'label.drug': 'drugs',
  'label.gamble': 'gambling',
  'label.others': 'other',
  'label.ad': 'advertising',
  'label.abuse': 'abuse',
  'label.terrorism': 'terrorism',
  'label.contraband': 'contraband',
  'label.spam': 'spam',
  'label.npx': 'contact details',
  'label.qrcode': 'QR code',
  'label.programCode': 'mini-program code',
  'label.meaningless': 'meaningless',
  'label.PIP': 'picture in picture',
  'label.smoking': 'smoking',
  'label.drivelive': 'filmed while driving',
  'label.TV': 'TV station logo',
  'label.trademark': 'trademark',
} as const
