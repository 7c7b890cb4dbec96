import { useCallback } from 'react'
import type { ExportScope } from '../../../src-shared/ipc'
import { useBridge } from '../../bridge/bridge-context'
import { useT } from '../../i18n/use-t'
import { useItemsStore } from '../../stores/items-store'
import { useUiStore } from '../../stores/ui-store'
import { useExportStore, type ExportChoices } from './export-store'
import { Modal } from '../../components/modal'

/**
 * Asks what to export: which images (all, the queue's current filter, the selection), CSV or
 * JSON, the CSV layout, and whether to include history. Where to is asked by main's own Save
 * dialog once the user confirms: this page never names a path.
 */
export function ExportDialog() {
  const t = useT()
  const { bridge } = useBridge()
  const choices = useExportStore((s) => s.choices)
  const filter = useItemsStore((s) => s.filter)
  const listed = useItemsStore((s) => s.total)
  const selectedId = useUiStore((s) => s.selectedId)
  const close = useCallback(() => {
    useExportStore.getState().dialogClosed()
  }, [])

  const change = (patch: Partial<ExportChoices>) => {
    useExportStore.getState().choicesChanged(patch)
  }
  const scopeKind = choices.scope === 'selection' && selectedId === null ? 'all' : choices.scope

  async function submit() {
    const scope: ExportScope =
      scopeKind === 'selection' && selectedId !== null
        ? { kind: 'selection', itemIds: [selectedId] }
        : scopeKind === 'filter'
          ? { kind: 'filter', filter }
          : { kind: 'all' }
    const store = useExportStore.getState()
    store.exportStarted()
    const result = await bridge.invoke('export:run', {
      format: choices.format,
      layout: choices.layout,
      scope,
      history: choices.history,
    })
    useExportStore.getState().exportFinished(result)
  }

  return (
    <Modal
      label={t('export.title')}
      onClose={close}
      testId="export-dialog"
      initialFocus="input:checked"
    >
      <h2>{t('export.title')}</h2>
      <form
        onSubmit={(event) => {
          event.preventDefault()
          void submit()
        }}
      >
        <RadioGroup
          legend={t('export.scope')}
          name="scope"
          value={scopeKind}
          onChange={(scope) => {
            change({ scope })
          }}
          options={[
            { value: 'all', label: t('export.scope.all') },
            { value: 'filter', label: t('export.scope.filter', { count: listed }) },
            {
              value: 'selection',
              label: t(
                selectedId === null ? 'export.scope.selectionNone' : 'export.scope.selection',
              ),
              disabled: selectedId === null,
            },
          ]}
        />
        <RadioGroup
          legend={t('export.format')}
          name="format"
          value={choices.format}
          onChange={(format) => {
            change({ format })
          }}
          options={[
            { value: 'csv', label: t('export.format.csv') },
            { value: 'json', label: t('export.format.json') },
          ]}
        />
        <RadioGroup
          legend={t('export.layout')}
          name="layout"
          value={choices.layout}
          onChange={(layout) => {
            change({ layout })
          }}
          options={[
            { value: 'wide', label: t('export.layout.wide'), disabled: choices.format !== 'csv' },
            { value: 'long', label: t('export.layout.long'), disabled: choices.format !== 'csv' },
          ]}
        />
        <label className="inline">
          <input
            type="checkbox"
            checked={choices.history}
            onChange={(event) => {
              change({ history: event.target.checked })
            }}
            data-testid="export-history"
          />
          {t('export.history')}
        </label>
        <p className="muted">{t('export.latestNote')}</p>
        <div className="modal-actions">
          <button type="button" onClick={close}>
            {t('export.cancel')}
          </button>
          <button type="submit" className="primary" data-testid="export-submit">
            {t('export.submit')}
          </button>
        </div>
      </form>
    </Modal>
  )
}

/** A labelled group of radios; each radio's test id is `export-<name>-<value>`. */
function RadioGroup<T extends string>(props: {
  legend: string
  name: string
  value: T
  onChange: (value: T) => void
  options: readonly { value: T; label: string; disabled?: boolean }[]
}) {
  return (
    <fieldset>
      <legend>{props.legend}</legend>
      {props.options.map((option) => (
        <label key={option.value} className="inline">
          <input
            type="radio"
            name={props.name}
            checked={props.value === option.value}
            disabled={option.disabled}
            onChange={() => {
              props.onChange(option.value)
            }}
            data-testid={`export-${props.name}-${option.value}`}
          />
          {option.label}
        </label>
      ))}
    </fieldset>
  )
}
