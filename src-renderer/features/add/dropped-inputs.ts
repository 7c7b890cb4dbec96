import { splitInputs } from './split-inputs'

/** What a drop carried, reduced to inputs the scanner understands: local paths and URLs. */
export function droppedInputs(
  data: Pick<DataTransfer, 'files' | 'getData'>,
  pathForFile: (file: File) => string | null,
): { inputs: string[]; filesWithoutPath: number } {
  const inputs: string[] = []
  let filesWithoutPath = 0
  for (const file of Array.from(data.files)) {
    const path = pathForFile(file)
    if (path) inputs.push(path)
    else filesWithoutPath += 1
  }
  if (inputs.length === 0 && filesWithoutPath === 0) {
    // Links or text dragged from a browser: text/uri-list is one URL per line, # for comments.
    inputs.push(...splitInputs(data.getData('text/uri-list') || data.getData('text/plain')))
  }
  return { inputs, filesWithoutPath }
}
