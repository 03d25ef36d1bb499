import type { ComponentChildren } from 'preact';
import { useLayoutEffect, useId, useRef, useState } from 'preact/hooks';
import { newIdempotencyKey, type ApiFailure, type ApiResult } from '../api.js';
import { fieldProblems } from '../messages.js';
import { SubmitStep, type Stage } from './submit-step.js';

/** One input of an action's form besides its reason. */
export interface ExtraField {
  name: string;
  label: string;
  type?: 'text' | 'number';
  hint?: string;
}

interface ActionFormProps {
  /** What the button says, e.g. "Deactivate code". */
  action: string;
  /** A heading over the form, where it stands among others (e.g. "Referral code"). */
  title?: string;
  /** The sentence of the confirmation step. */
  confirm: string;
  /** A reason is asked unless false (activating again needs none). */
  reason?: boolean;
  fields?: ExtraField[];
  /** The agent must type this exactly to confirm (erasure: the customer id). */
  typeToConfirm?: string;
  danger?: boolean;
  children?: ComponentChildren;
  send: (values: Record<string, string>, idempotencyKey: string) => Promise<ApiResult<unknown>>;
  /** Told after a success, to read the page again. */
  onDone?: (data: unknown) => void;
  /** What to say after a success. */
  done?: string;
}

/**
 * An admin action as a real form: a reason, a confirmation step, one idempotency key for the
 * form's life (a double click or a retry is one action), and the API's answer shown in place.
 * What was typed stays through a refusal or a fault; a fault offers a retry with the same key.
 */
export function ActionForm(props: ActionFormProps) {
  const id = useId();
  const [values, setValues] = useState<Record<string, string>>({});
  const [stage, setStage] = useState<Stage>('edit');
  const [failure, setFailure] = useState<ApiFailure | null>(null);
  const [success, setSuccess] = useState<string | null>(null);
  const key = useRef(newIdempotencyKey());
  const confirmButton = useRef<HTMLButtonElement>(null);
  const form = useRef<HTMLFormElement>(null);
  // The confirmation takes the focus (the type-to-confirm box where there is one), so Enter twice confirms from the keyboard.
  useLayoutEffect(() => {
    if (stage !== 'confirm') return;
    const typeBox = form.current?.querySelector<HTMLInputElement>('input[name="__confirm"]');
    (typeBox ?? confirmButton.current)?.focus();
  }, [stage]);
  const askReason = props.reason !== false;
  const problems = fieldProblems(failure);
  const typed = props.typeToConfirm === undefined || values.__confirm === props.typeToConfirm;

  async function send(): Promise<void> {
    if (stage === 'sending') return;
    setStage('sending');
    const { __confirm: _ignored, ...body } = values;
    const r = await props.send(body, key.current);
    if (r.ok) {
      key.current = newIdempotencyKey();
      setValues({});
      setFailure(null);
      setSuccess(props.done ?? 'Done.');
      setStage('edit');
      props.onDone?.(r.data);
    } else {
      setFailure(r);
      setSuccess(null);
      setStage(r.kind === 'fault' ? 'confirm' : 'edit');
    }
  }

  const set = (name: string) => (e: Event) => setValues({ ...values, [name]: (e.currentTarget as HTMLInputElement).value });
  const field = (name: string, label: string, type: string, hint?: string) => {
    const problem = problems[name];
    const fieldId = `${id}-${name}`;
    return (
      <div class={`field${problem ? ' invalid' : ''}`} key={name}>
        <label for={fieldId}>{label}</label>
        <input
          id={fieldId}
          name={name}
          type={type}
          value={values[name] ?? ''}
          required
          aria-invalid={problem ? 'true' : undefined}
          aria-describedby={problem ? `${fieldId}-problem` : hint ? `${fieldId}-hint` : undefined}
          onInput={set(name)}
          disabled={stage === 'sending' || (stage === 'confirm' && name !== '__confirm')}
        />
        {hint ? (
          <small id={`${fieldId}-hint`} class="hint">
            {hint}
          </small>
        ) : null}
        {problem ? (
          <small id={`${fieldId}-problem`} class="field-problem">
            {problem}
          </small>
        ) : null}
      </div>
    );
  };

  return (
    <form
      ref={form}
      class={`action${props.danger ? ' danger' : ''}`}
      aria-label={props.action}
      onSubmit={(e) => {
        e.preventDefault();
        if (stage === 'edit') {
          setSuccess(null);
          setStage('confirm');
        } else if (stage === 'confirm' && typed) void send();
      }}
    >
      {props.title ? <h3>{props.title}</h3> : null}
      {props.children}
      {(props.fields ?? []).map((f) => field(f.name, f.label, f.type ?? 'text', f.hint))}
      {askReason ? field('reason', 'Reason (kept in the audit trail)', 'text') : null}
      <SubmitStep
        stage={stage}
        action={props.action}
        confirm={props.confirm}
        danger={props.danger}
        ready={typed}
        failure={failure}
        success={success}
        confirmButton={confirmButton}
        onCancel={() => setStage('edit')}
      >
        {props.typeToConfirm !== undefined ? field('__confirm', `Type ${props.typeToConfirm} to confirm`, 'text') : null}
      </SubmitStep>
    </form>
  );
}
