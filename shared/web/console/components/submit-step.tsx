import type { ComponentChildren, Ref } from 'preact';
import type { ApiFailure } from '../api.js';
import { Problem } from './problem.js';

/** Where a form stands: being filled in, waiting for its confirmation, or sent and not yet answered. */
export type Stage = 'edit' | 'confirm' | 'sending';

interface SubmitStepProps {
  stage: Stage;
  /** The action's name: the button says it, then "Confirm: …" or, after a fault, "Retry: …". */
  action: string;
  confirm: string;
  danger?: boolean | undefined;
  /** False keeps the confirmation disabled (the type-to-confirm box does not match yet). */
  ready?: boolean;
  failure: ApiFailure | null;
  success: string | null;
  confirmButton: Ref<HTMLButtonElement>;
  onCancel: () => void;
  /** Shown in the confirmation, above its buttons (the type-to-confirm box). */
  children?: ComponentChildren;
}

/** A form's submit button, then its confirmation step, then the API's answer in place: the same in every form of the console. */
export function SubmitStep(p: SubmitStepProps) {
  const kind = p.danger ? 'danger' : 'primary';
  return (
    <>
      {p.stage === 'edit' ? (
        <button type="submit" class={kind}>
          {p.action}
        </button>
      ) : (
        <div class="confirm" role="group" aria-label="Confirm">
          <p>{p.confirm}</p>
          {p.children}
          <button type="submit" class={kind} disabled={p.stage === 'sending' || p.ready === false} ref={p.confirmButton}>
            {p.stage === 'sending' ? 'Sending…' : p.failure?.kind === 'fault' ? `Retry: ${p.action}` : `Confirm: ${p.action}`}
          </button>
          <button type="button" class="secondary" disabled={p.stage === 'sending'} onClick={p.onCancel}>
            Cancel
          </button>
        </div>
      )}
      <Problem failure={p.failure} />
      {p.success ? (
        <p class="success" role="status">
          {p.success}
        </p>
      ) : null}
    </>
  );
}
