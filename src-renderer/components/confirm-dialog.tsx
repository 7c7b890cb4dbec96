import type { ReactNode } from 'react'
import { Modal } from './modal'

/**
 * A yes-or-no question before something that costs (money, or a reviewer's many decisions): the
 * confirm button has the focus, so Enter says yes and Esc says no.
 */
export function ConfirmDialog(props: {
  title: string
  children: ReactNode
  cancelLabel: string
  confirmLabel: string
  onCancel: () => void
  onConfirm: () => void
  testId: string
}) {
  return (
    <Modal
      label={props.title}
      onClose={props.onCancel}
      testId={props.testId}
      initialFocus=".primary"
    >
      <h2>{props.title}</h2>
      {props.children}
      <div className="modal-actions">
        <button type="button" onClick={props.onCancel} data-testid={`${props.testId}-cancel`}>
          {props.cancelLabel}
        </button>
        <button
          type="button"
          className="primary"
          onClick={props.onConfirm}
          data-testid={`${props.testId}-ok`}
        >
          {props.confirmLabel}
        </button>
      </div>
    </Modal>
  )
}
